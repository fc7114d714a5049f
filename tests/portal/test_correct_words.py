"""What the portal tells a resident is true, in one wording and without codes (issue 10,
"Correct words"): the history shows what she granted, the log what was shown, a refusal
reads the same in the log, the inbox and on the caseworker's page, a log entry is a short
card, and a second approval amends the grant instead of adding one."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone, translation

from consent.constants import REFUSAL_WORDS, EventKind
from consent.models import ConsentEvent, Grant
from consent.selectors import current_purposes, decide
from consent.services import (
    access_request_approve,
    access_request_create,
    grant_create,
    grant_revoke,
)
from municipal_gateway.models import AccessLogEntry
from notifications.messages import message_render
from notifications.models import OutboxMessage
from notifications.services import outbox_message_deliver
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, api_client_for, records_url
from vault.constants import Category
from vault.services import record_create

LOG = "/wie-keek-er/"
HISTORY = "/toestemmingen/geschiedenis/"


@pytest.fixture(autouse=True)
def _back_to_dutch():
    yield
    translation.deactivate()


def _client(user, language: str = "nl") -> Client:
    client = Client()
    client.force_login(user)
    if language != "nl":
        assert client.post("/i18n/setlang/", {"language": language, "next": LOG}).status_code
    return client


def _page(user, url: str, language: str = "nl") -> str:
    response = _client(user, language).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class _Text(HTMLParser):
    """The text a reader sees, and the <dl> cards with their (term, description) rows."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.cards: list[list[list[str]]] = []
        self._skip = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "dl":
            self.cards.append([])
        if tag in ("dt", "dd") and self.cards:
            self._in = tag
            if tag == "dt":
                self.cards[-1].append(["", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag in ("dt", "dd"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._in and self.cards and self.cards[-1]:
            row = self.cards[-1][-1]
            row[0 if self._in == "dt" else 1] += data.strip()


def _parsed(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def _text(html: str) -> str:
    return " ".join(" ".join(_parsed(html).text).split())


def _wmo_request(bob, categories: list[str]):
    return access_request_create(
        caseworker=bob, bsn=ALICE_BSN, purpose_code=WMO, categories=categories, reason="Gesprek"
    )


# -- the history lists what was granted --------------------------------------------------


def test_the_history_lists_what_she_granted_not_what_was_asked(alice, bob, purposes):
    item = _wmo_request(bob, ["household", "health"])
    access_request_approve(resident=alice, request_id=item.id, categories=["household"])

    rows = re.findall(r"<tr>(.*?)</tr>", _page(alice, HISTORY), flags=re.S)
    approved = [row for row in rows if "Verzoek goedgekeurd" in row]

    assert approved and all("Huishouden" in row for row in approved)
    assert not any("Gezondheid" in row for row in approved)
    event = ConsentEvent.objects.get(kind=EventKind.REQUEST_APPROVED)
    assert event.categories == ["household"]


# -- a second approval amends ------------------------------------------------------------


def test_a_second_approval_amends_the_grant_it_does_not_add_one(alice, bob, purposes):
    first = _wmo_request(bob, ["household"])
    before = access_request_approve(resident=alice, request_id=first.id).grant
    second = _wmo_request(bob, ["household", "health"])

    answered = access_request_approve(resident=alice, request_id=second.id)

    running = Grant.objects.filter(resident=alice, revoked_at__isnull=True)
    assert running.count() == 1
    grant = running.get()
    assert grant == answered.grant and grant.amended_from == before
    assert sorted(grant.categories) == ["health", "household"]
    kinds = list(ConsentEvent.objects.filter(grant=grant).values_list("kind", flat=True))
    assert EventKind.AMENDED in kinds and EventKind.GRANTED not in kinds


def test_a_second_approval_for_fewer_data_keeps_what_she_granted_before(alice, bob, purposes):
    first = _wmo_request(bob, ["household", "health"])
    access_request_approve(resident=alice, request_id=first.id)
    second = _wmo_request(bob, ["household"])

    access_request_approve(resident=alice, request_id=second.id)

    grant = Grant.objects.get(resident=alice, revoked_at__isnull=True)
    assert sorted(grant.categories) == ["health", "household"]


def test_the_consents_page_shows_one_card_after_a_second_approval(alice, bob, purposes):
    for categories in (["household"], ["health"]):
        item = _wmo_request(bob, categories)
        access_request_approve(resident=alice, request_id=item.id)

    page = _page(alice, "/toestemmingen/")

    name = next(version.name for version in current_purposes() if version.purpose.code == WMO)
    assert len(re.findall(rf"<h2[^>]*>\s*{re.escape(name)}", page)) == 1


# -- the log lists what was shown --------------------------------------------------------


@pytest.fixture
def alice_health_only(alice, purposes, bob_reference):
    """Alice has one record (health); she lets Team Wmo read health and household."""
    record_create(resident=alice, category=Category.HEALTH, title="Zorg", content={"uren": 2})
    grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    return bob_reference


def test_the_log_lists_only_data_she_has(alice, bob, alice_health_only):
    response = api_client_for(bob).get(
        records_url(alice_health_only), {"purpose": WMO}, **READ_HEADERS
    )
    assert response.status_code == 200

    text = _text(_page(alice, LOG))
    assert "Gezondheid en zorgbehoefte" in text
    assert "Huishouden" not in text
    entry = AccessLogEntry.objects.get(outcome="allowed")
    assert entry.categories_returned == ["health"]


def test_the_message_lists_only_data_she_has(alice, bob, alice_health_only):
    api_client_for(bob).get(records_url(alice_health_only), {"purpose": WMO}, **READ_HEADERS)

    entry = outbox_message_deliver(outbox_id=OutboxMessage.objects.get(kind="access").id)

    with translation.override("nl"):
        lines = dict(
            message_render(
                kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at
            ).lines
        )
    assert lines["Welke gegevens"] == "Gezondheid en zorgbehoefte"


# -- one wording per refusal reason ------------------------------------------------------


def _refused_by_revocation(alice, bob, charlie, reference) -> str:
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    grant_revoke(resident=alice, grant_id=grant.id)
    api_client_for(bob).get(records_url(reference), {"purpose": WMO}, **READ_HEADERS)
    return "revoked"


def _refused_as_another_team(alice, bob, charlie, reference) -> str:
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    api_client_for(charlie).get(records_url(reference), {"purpose": WMO}, **READ_HEADERS)
    return "not_a_member_of_department"


def _refused_without_consent(alice, bob, charlie, reference) -> str:
    api_client_for(bob).get(records_url(reference), {"purpose": WMO}, **READ_HEADERS)
    return "no_grant"


REFUSALS = [_refused_by_revocation, _refused_as_another_team, _refused_without_consent]


@pytest.mark.parametrize("refuse", REFUSALS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_refusal_reads_the_same_in_the_log_and_the_inbox(
    alice, bob, charlie, purposes, alice_records, bob_reference, refuse, language
):
    reason = refuse(alice, bob, charlie, bob_reference)
    entry = outbox_message_deliver(outbox_id=OutboxMessage.objects.get(kind="refused_access").id)

    log = _text(_page(alice, LOG, language))
    with translation.override(language):
        words = str(REFUSAL_WORDS[reason])
        message = message_render(
            kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at
        )
    shown = " ".join([message.title, message.advice, *(value for _k, value in message.lines)])
    assert words in log
    assert words in shown
    with translation.override(language):
        others = [str(text) for code, text in REFUSAL_WORDS.items() if code != reason]
    assert not any(other in log or other in shown for other in others)
    assert "geen toestemming voor" not in shown or reason == "no_grant"


def test_the_caseworker_page_says_a_refusal_in_the_same_words(alice, bob, bob_reference, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    grant_revoke(resident=alice, grant_id=grant.id)

    page = _client(bob).post(
        f"/medewerker/inwoner/{bob_reference}/",
        {"purpose": WMO, "category": "health", "reason": "Keukentafelgesprek"},
    )

    assert page.status_code == 403
    assert str(REFUSAL_WORDS["revoked"]) in _text(page.content.decode())
    assert str(REFUSAL_WORDS["revoked"]) in _text(_page(alice, LOG))


# -- a log entry is a card ---------------------------------------------------------------

CARD_TERMS = {
    "nl": ["Wie", "Team", "Wanneer", "Wat", "Waarom", "Uitkomst"],
    "en": ["Who", "Team", "When", "What", "Why", "Outcome"],
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_log_entry_is_a_card_with_labelled_rows(alice, append_entry, language):
    append_entry(alice, categories_requested=["income"], categories_returned=["income"])
    append_entry(
        alice,
        outcome="refused",
        reason="revoked",
        categories_returned=[],
        record_ids=[],
        stated_reason="Zaak 2026-0043",
    )

    cards = _parsed(_page(alice, LOG, language)).cards

    assert len(cards) == 2
    for card in cards:
        assert [term for term, _value in card] == CARD_TERMS[language]
        assert all(value for _term, value in card)
    values = {term: value for term, value in cards[0]}
    assert len(" ".join(values.values()).split()) < 40


# -- no internal codes for residents -----------------------------------------------------

RESIDENT_PAGES = [
    "/mijn-gegevens/",
    "/toestemmingen/",
    "/toestemmingen/doelen/",
    HISTORY,
    "/verzoeken/",
    LOG,
    "/wanneer-logde-u-in/",
    "/downloaden-of-wissen/",
]


def _codes(language: str) -> list[re.Pattern]:
    """What a resident must never read: purpose codes, versions, reason, outcome and category
    keys (outcome and category keys are English words: they count on Dutch pages only)."""
    purposes = [version.purpose.code for version in current_purposes()]
    words = [*purposes, *REFUSAL_WORDS.keys()]
    if language == "nl":
        words += [*Category.values, "allowed", "refused", "error"]
    patterns = [re.compile(rf"(?<![\w/-]){re.escape(word)}(?![\w-])") for word in words]
    # A purpose's version is the register's business; her own record's versions are not
    # on these pages.
    return [*patterns, re.compile(r"\b(versie|version) \d+", re.IGNORECASE)]


@pytest.fixture
def alice_everywhere(alice, bob, charlie, purposes, alice_records, bob_reference):
    """Alice with a grant, an answered and an open request, reads and refusals."""
    item = _wmo_request(bob, ["household"])
    access_request_approve(resident=alice, request_id=item.id)
    _wmo_request(bob, ["health"])
    bob_api = api_client_for(bob)
    bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    bob_api.get(records_url(bob_reference), {"purpose": "bijzondere-bijstand"}, **READ_HEADERS)
    api_client_for(charlie).get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    assert AccessLogEntry.objects.filter(outcome="refused").exists()
    return alice


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_resident_page_shows_an_internal_code(alice_everywhere, language):
    client = _client(alice_everywhere, language)
    patterns = _codes(language)

    for url in RESIDENT_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response.content.decode())
        found = [pattern.pattern for pattern in patterns if pattern.search(text)]
        assert not found, (url, found)


def test_an_approval_does_not_bring_a_future_consent_forward(alice, bob, purposes):
    """Found by the consent state machine: a yes to a request amended a consent that was
    to start tomorrow, so its other categories opened today."""
    tomorrow = timezone.now() + timedelta(days=1)
    future = grant_create(
        resident=alice, purpose_code=WMO, categories=["household"], valid_from=tomorrow
    )
    asked = _wmo_request(bob, ["health"])

    answered = access_request_approve(resident=alice, request_id=asked.id)

    assert answered.grant != future
    future.refresh_from_db()
    assert future.revoked_at is None and future.valid_from == tomorrow
    household = decide(caseworker=bob, resident=alice, purpose_code=WMO, category="household")
    assert not household.allowed
