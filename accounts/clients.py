"""What a login may keep of where it came from: a coarse network and the browser's family.

Never the full address or User-Agent. No User-Agent library is installed; this small
mapping names only the common families and says nothing rather than guess.
"""

import ipaddress

from django.utils.translation import gettext as _

# Coarse enough to name a provider or a town, not a household.
IPV4_PREFIX = 24
IPV6_PREFIX = 48

# (token in the User-Agent, family), first match wins: Edge and Opera also say "Chrome",
# Chrome also says "Safari", so the more specific tokens come first.
BROWSERS = [
    (("Edg/", "EdgA/", "EdgiOS/"), "Edge"),
    (("OPR/", "Opera"), "Opera"),
    (("SamsungBrowser/",), "Samsung Internet"),
    (("Firefox/", "FxiOS/"), "Firefox"),
    (("CriOS/", "Chrome/", "Chromium/"), "Chrome"),
    (("Version/",), "Safari"),  # with "Safari/": only Safari itself says "Version/"
]
# Android says "Linux", iOS says "like Mac OS X": they come before Linux and macOS.
SYSTEMS = [
    (("Windows",), "Windows"),
    (("iPhone", "iPad", "iPod"), "iOS"),
    (("Android",), "Android"),
    (("CrOS",), "ChromeOS"),
    (("Macintosh", "Mac OS X"), "macOS"),
    (("Linux",), "Linux"),
]


def coarse_network(address: str | None) -> str:
    """203.0.113.45 -> 203.0.113.0/24; 2001:db8:abcd:12::1 -> 2001:db8:abcd::/48."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _first(user_agent: str, table: list[tuple[tuple[str, ...], str]]) -> str:
    for tokens, name in table:
        if any(token in user_agent for token in tokens):
            return name
    return ""


def browser_family(user_agent: str | None) -> tuple[str, str]:
    """(browser, system), each "" when unknown."""
    user_agent = user_agent or ""
    browser = _first(user_agent, BROWSERS)
    if browser == "Safari" and "Safari/" not in user_agent:
        browser = ""
    return browser, _first(user_agent, SYSTEMS)


def browser_label(browser: str, system: str) -> str:
    """ "Firefox op Windows", in the active language; the names themselves are not translated."""
    if browser and system:
        return _("{browser} op {system}").format(browser=browser, system=system)
    return browser or system or _("een onbekende browser")
