"""The English catalogues are complete, each .mo is compiled from its .po, and the pages
that were added after the vault pages speak English once a user picks it.

There are four catalogues: the project's (locale/en) and the ones the municipal gateway,
notifications and identity keep in their own app directory. Django merges them; for a msgid
in more than one, the project's translation wins (LOCALE_PATHS comes first), so they must agree.

The .po is read with the small parser below (no polib): it knows the part of the format that
makemessages writes: comments, flags, msgctxt, msgid, msgid_plural, msgstr[N], continuation
lines. Obsolete entries (#~) are skipped; makemessages runs with --no-obsolete.
"""

import ast
import gettext
import html
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from tests import service_checks

BASE_DIR = Path(settings.BASE_DIR)


@dataclass(frozen=True)
class Catalogue:
    directory: Path  # the LC_MESSAGES directory
    first_line: str  # how the .po starts: the right file, not another one
    at_least: int  # entries the parser must find: it read the file, not a stub of it

    @property
    def po(self) -> Path:
        return self.directory / "django.po"

    @property
    def mo(self) -> Path:
        return self.directory / "django.mo"


CATALOGUES = {
    "project": Catalogue(
        BASE_DIR / "locale" / "en" / "LC_MESSAGES",
        "# English texts of the Datameent portal",
        300,
    ),
    "municipal_gateway": Catalogue(
        BASE_DIR / "municipal_gateway" / "locale" / "en" / "LC_MESSAGES",
        "# English texts of the municipal gateway",
        100,
    ),
    "notifications": Catalogue(
        BASE_DIR / "notifications" / "locale" / "en" / "LC_MESSAGES",
        "# English translation of the notifications app",
        50,
    ),
    "identity": Catalogue(
        BASE_DIR / "identity" / "locale" / "en" / "LC_MESSAGES",
        "# English texts of the identity app",
        20,
    ),
    "council": Catalogue(
        BASE_DIR / "council" / "locale" / "en" / "LC_MESSAGES",
        "# English texts of the client council's statistics",
        20,
    ),
}
each_catalogue = pytest.mark.parametrize(
    "catalogue", list(CATALOGUES.values()), ids=list(CATALOGUES)
)


# -- a small .po parser ---------------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid[:60]!r}"


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(quoted: str) -> str:
    # PO strings are C string literals; for the escapes makemessages writes (\" \\ \n \t)
    # a Python literal reads the same.
    return ast.literal_eval(quoted)


def parse_po(text: str) -> list[Entry]:
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is None:
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        match = _KEYWORD.match(line)
        if match:
            keyword, index, quoted = match.groups()
            target = (keyword.split("[")[0], int(index or 0))
            _append(entry, target, _unquote(quoted))
        elif line.startswith('"') and target is not None:
            _append(entry, target, _unquote(line))
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    return [entry for entry in entries if entry.msgid or entry.msgstr]


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    keyword, index = target
    if keyword == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif keyword == "msgid":
        entry.msgid += text
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + text)


# -- what a translation must keep -----------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %s, %d
    r"|\{[\w.]*\}"  # {} and {name} (str.format)
    r"|</?[a-zA-Z][^<>]*>"  # HTML tags
    r"|&[a-zA-Z]+;|&#\d+;"  # HTML entities
)


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


# Some msgids are English already (admin labels, API texts) or names ("Participatiewet"), and
# are translated to themselves. A Dutch sentence copied unchanged is not a translation.
_DUTCH_WORDS = {"de", "het", "een", "van", "uw", "u", "niet", "mijn", "voor", "naar", "wij"}
_DUTCH_WORDS |= {"met", "op", "zijn", "er", "kan", "geen", "en", "te", "dit", "deze", "wie"}


def _looks_dutch(text: str) -> bool:
    return bool(_DUTCH_WORDS & set(re.findall(r"\w+", text.lower())))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def problems(entries: list[Entry]) -> list[str]:
    """Everything that keeps the catalogue from being complete and safe to use."""
    found = []
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        if "fuzzy" in entry.flags:
            found.append(f"{entry}: fuzzy")
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        expected = range(1) if entry.msgid_plural is None else range(2)
        for index in expected:
            source = sources[min(index, len(sources) - 1)]
            text = entry.msgstr.get(index, "")
            if not text:
                found.append(f"{entry}: msgstr[{index}] is empty")
                continue
            if text == source and _looks_dutch(source):
                found.append(f"{entry}: msgstr[{index}] is the Dutch text")
            if placeholders(text) != placeholders(source):
                found.append(
                    f"{entry}: placeholders {sorted(placeholders(source).elements())} "
                    f"became {sorted(placeholders(text).elements())}"
                )
            if _edges(text) != _edges(source):
                found.append(f"{entry}: leading or trailing whitespace differs")
    return found


def test_the_checks_find_what_they_look_for():
    broken = parse_po(
        '# header\nmsgid ""\nmsgstr "Language: en\\n"\n\n'
        '#, fuzzy\nmsgid "Welkom"\nmsgstr "Welcome"\n\n'
        'msgid "Nog leeg"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "Hallo %(name)s"\nmsgstr "Hello %(nam)s"\n\n'
        'msgid "<b>Let op</b>"\nmsgstr "Note"\n\n'
        'msgid "Eén\\n"\nmsgstr "One"\n\n'
        '#, python-format\nmsgid "%(n)s gegeven"\nmsgid_plural "%(n)s gegevens"\n'
        'msgstr[0] "%(n)s item"\nmsgstr[1] ""\n\n'
        'msgid "Mijn inwoners"\nmsgstr "Mijn inwoners"\n\n'
        '#~ msgid "Oud"\n#~ msgstr ""\n'
    )
    fine = parse_po(
        '#, python-format\nmsgid ""\n"Pagina %(n)s "\n"van %(total)s"\n'
        'msgstr "Page %(n)s of %(total)s"\n\n'
        'msgid "Participatiewet"\nmsgstr "Participatiewet"\n\nmsgid "Team"\nmsgstr "Team"\n'
    )

    assert [entry.msgid for entry in broken] == [
        "",
        "Welkom",
        "Nog leeg",
        "Hallo %(name)s",
        "<b>Let op</b>",
        "Eén\n",
        "%(n)s gegeven",
        "Mijn inwoners",
    ]
    assert len(problems(broken)) == 7
    assert fine[0].msgid == "Pagina %(n)s van %(total)s" and problems(fine) == []


@each_catalogue
def test_the_catalogue_is_complete_and_keeps_every_placeholder(catalogue):
    text = catalogue.po.read_text(encoding="utf-8")
    entries = parse_po(text)

    assert text.startswith(catalogue.first_line)
    assert len(entries) > catalogue.at_least
    assert problems(entries) == []


def test_the_catalogues_agree_on_the_msgids_they_share():
    # Django merges the three; the project's translation of a shared msgid is the one shown.
    seen: dict[tuple[str | None, str], dict[str, dict[int, str]]] = {}
    for name, catalogue in CATALOGUES.items():
        for entry in parse_po(catalogue.po.read_text(encoding="utf-8")):
            if entry.msgid:
                seen.setdefault((entry.msgctxt, entry.msgid), {})[name] = entry.msgstr

    disagree = {
        key: texts for key, texts in seen.items() if len({str(t) for t in texts.values()}) > 1
    }
    assert disagree == {}


# -- the compiled catalogue -----------------------------------------------------------------


@each_catalogue
def test_the_compiled_catalogue_matches_the_po_file(tmp_path, catalogue):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        service_checks.missing("msgfmt (GNU gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(catalogue.po)], check=True)

    with catalogue.mo.open("rb") as committed_file, fresh.open("rb") as fresh_file:
        committed = gettext.GNUTranslations(committed_file)
        compiled = gettext.GNUTranslations(fresh_file)

    # The message tables, not the bytes: msgfmt versions may lay a file out differently.
    # An edit to the .po without `compilemessages` shows up here.
    assert committed._catalog == compiled._catalog  # type: ignore[attr-defined]


# -- pages in English -----------------------------------------------------------------------

WMO = "wmo-huishoudelijke-hulp"


@pytest.fixture(autouse=True)
def _back_to_dutch():
    # LocaleMiddleware activates the language on this thread; later tests expect Dutch.
    yield
    translation.deactivate()


@pytest.fixture
def purposes(wmo_department, income_department):
    from consent.services import purposes_seed

    purposes_seed()


@pytest.fixture
def wmo_grant(alice, purposes):
    from consent.services import grant_create

    return grant_create(resident=alice, purpose_code=WMO, categories=["household"])


def _english_client(user) -> Client:
    client = Client()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    return html


def _assert_english(html: str, english: list[str], dutch: list[str]) -> None:
    assert [text for text in english if text not in html] == []
    assert [text for text in dutch if text in html] == []


def test_the_consent_page_is_in_english(alice, wmo_grant):
    html = _page(_english_client(alice), "/toestemmingen/")

    _assert_english(
        html,
        ["My consents", "Give consent", "History", "Valid", "For: Team Wmo", "Data: Household"],
        ["Mijn toestemmingen", "Toestemming geven", "Geschiedenis", "Geldig", "Voor: "],
    )
    _assert_english(html, ["Withdraw", "Download proof"], ["Intrekken", "Bewijs downloaden"])


def test_the_access_log_is_in_english(alice, append_entry):
    append_entry(
        alice,
        purpose_code=WMO,
        purpose_name="Wmo maatwerkvoorziening",
        categories_requested=["household"],
        categories_returned=["household"],
        stated_reason="Herindicatie",
    )

    html = _page(_english_client(alice), "/wie-keek-er/")

    _assert_english(
        html,
        ["Who looked?", "Here you can see who at the municipality viewed", "Show", "Allowed"],
        ["Wie keek er?", "Hier ziet u", "Toon", "Toegestaan", "Niemand heeft"],
    )


def test_the_access_log_says_in_english_that_nobody_looked(alice):
    html = _page(_english_client(alice), "/wie-keek-er/")

    _assert_english(
        html, ["Nobody has viewed your data or tried to."], ["Niemand heeft uw gegevens"]
    )


def test_the_caseworker_home_is_in_english(bob, alice, wmo_department, wmo_grant):
    from municipal_gateway.services.references import reference_get_or_create

    reference_get_or_create(resident=alice, department=wmo_department)

    html = _page(_english_client(bob), "/medewerker/")

    _assert_english(
        html,
        ["My residents", "1 resident", "Reference", "View data", "Look up a resident"],
        ["Mijn inwoners", "1 inwoner", "Kenmerk", "Gegevens bekijken", "Inwoner opzoeken"],
    )
    _assert_english(
        html,
        ["Purposes of my team", "version 1", "Look up<"],
        ["Doelen van mijn team", "versie", "Opzoeken<"],
    )


def test_the_council_statistics_are_in_english(carol, django_capture_on_commit_callbacks):
    client = _english_client(carol)
    # The first visit counts the year in the background (here: at commit, in-process) and
    # says so; the second shows the tables.
    # Last year: closed, so every table and total is published (a running year shows its
    # closed months only).
    last_year = f"/raad/statistieken/?jaar={timezone.localtime().year - 1}"
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _page(client, last_year)
    html = _page(client, last_year)

    _assert_english(waiting, ["are being counted now"], ["worden nu geteld"])

    _assert_english(
        html,
        ["Statistics for the client council", "Choose a year", "Access per month", "Total"],
        ["Statistieken voor de cliëntenraad", "Kies een jaar", "Inzage per maand", "Totaal"],
    )
    _assert_english(
        html,
        ["Viewed: times", "Refused: residents", "Consents per purpose", "Counted on", "January"],
        [": keer", ": inwoners", "Toestemmingen per doel", "Geteld op", "januari"],
    )


# -- pages of the municipal gateway (its own catalogue) -------------------------------------


def test_the_access_log_filter_is_in_english(alice):
    html_page = _page(_english_client(alice), "/wie-keek-er/")

    _assert_english(
        html_page,
        ["From:</label>", "Up to and including:</label>", "What happened:</label>", ">All<"],
        ["Vanaf", "Tot en met", "Wat gebeurde er", ">Alles<"],
    )


def test_an_access_log_summary_is_in_english(alice, append_entry):
    import time_machine

    from municipal_gateway.constants import Outcome, Reason

    with time_machine.travel(datetime(2026, 3, 3, 13, 2, tzinfo=UTC), tick=False):
        append_entry(
            alice,
            purpose_code=WMO,
            purpose_name="Wmo maatwerkvoorziening",
            outcome=Outcome.REFUSED,
            reason=Reason.REVOKED,
            categories_requested=["household", "health", "income"],
            categories_returned=[],
            record_ids=[],
            stated_reason="Herindicatie.",
        )

    text = html.unescape(_page(_english_client(alice), "/wie-keek-er/"))

    rows = [
        "<dt>Who</dt><dd>bob</dd>",
        "<dt>Team</dt><dd>Team Wmo (Gemeente Meenthuizen)</dd>",
        "<dt>When</dt><dd>3 March 2026 at 14:02</dd>",
        "<dt>What</dt><dd>View your data about Health and care needs, Household and Income</dd>",
        "<dt>Why</dt><dd>Wmo maatwerkvoorziening. Reason: Herindicatie</dd>",
        "Refused: The consent had been withdrawn",
    ]
    assert all(row in text for row in rows), text
    assert "Geweigerd" not in text


def test_the_caseworker_read_page_is_in_english(bob, alice, wmo_department, wmo_grant):
    from municipal_gateway.services.references import reference_get_or_create

    reference = reference_get_or_create(resident=alice, department=wmo_department)

    html_page = _page(_english_client(bob), f"/medewerker/inwoner/{reference}/")

    _assert_english(
        html_page,
        ["Purpose:</label>", "Which data:</label>", "Why are you viewing this?</label>"],
        ["Doel:", "Welke gegevens", "Waarom bekijkt u dit?"],
    )
    _assert_english(
        html_page,
        ["All data that the resident gave consent for", "reads this in their log", "(optional)"],
        ["Alles waar de inwoner", "logboek", "Zaaknummer", "niet verplicht"],
    )
