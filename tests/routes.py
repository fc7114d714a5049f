"""Every route of the site, from the URL resolver, for tests that try each one."""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def all_routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Each route as its pattern text, e.g. ``api/v1/gateway/residents/<str:reference>/``."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route
