"""The crawler (issue 10): every portal page and download, for each member of the cast in each
state, in Dutch and in English. No page answers 500, and no link a page shows leads nowhere.

The cast is the demo's (``seed_demo``) plus residents in the states the demo lacks: no vault,
an erased vault, and consents running, expired and revoked with requests open, approved and
denied; and each representative acting for each person she may act for ("alice>sem"). The
crawler starts from every route without parameters and follows each link a page shows, so a
page added later is crawled without a change here. Then it sends each form it saw
once more without its fields: a form that is sent empty must say what is missing, not crash.
"""

import re
from collections import Counter
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.constants import Role
from accounts.services import user_create
from consent import seed_data
from consent.services import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    grant_create,
    grant_revoke,
)
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from representation.constants import ACTING_SESSION_KEY
from representation.selectors import represented_by
from tests.factories import pdf_upload, valid_bsn
from tests.routes import all_routes
from tests.vault.record_type_examples import full_example
from vault.constants import Category
from vault.record_types import record_types
from vault.services import record_create, resident_create, vault_erase

pytestmark = pytest.mark.django_db

# Not the resident portal: the admin, the API (its own tests), the language switch (a POST).
SKIPPED_PREFIXES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/")
# Sending these forms ends the crawl for that person (logging out) or is tested elsewhere.
SKIPPED_FORMS = ("uitloggen", "logout", "/i18n/")
# Pages that are there but not for everyone: refused or sent elsewhere, never broken.
SEED_STATUSES = {200, 302, 400, 403, 404}
LINK_STATUSES = {200, 302}
HREF = re.compile(r"""<a\b[^>]*\bhref="([^"#]*)""")
FORM = re.compile(r"""<form\b([^>]*)>""")
ATTR = re.compile(r"""(\w+)="([^"]*)\"""")
LANG = re.compile(r"""<html\b[^>]*\blang="([a-zA-Z-]+)\"""")


def _wmo_purposes() -> list[str]:
    return [p["code"] for p in seed_data.PURPOSES if p["department"][0] == "wmo"]


def _resident(username: str, n: int):
    return resident_create(
        username=username, password=None, bsn=valid_bsn(900 + n), email=f"{username}@example.nl"
    )


def _every_state() -> None:
    """Residents in the states the demo has not: no vault, erased, and a full history."""
    user_create(username="nina", password=None, role=Role.RESIDENT)  # a resident without vault
    erased = _resident("erik", 1)
    record_create(resident=erased, category=Category.IDENTITY, title="Adres", content={"a": 1})
    vault_erase(resident=erased)

    frank = _resident("frank", 2)
    bob = get_user_model().objects.get(username="bob")
    first, second = _wmo_purposes()[:2]
    for category in Category.values:  # records from before the register of types
        record_create(resident=frank, category=category, title=f"Over {category}", content={})
    for kind in record_types():  # and one of every type, every field filled
        record_create(
            resident=frank,
            record_type=kind.code,
            title=f"Een {kind.code}",
            content=full_example(kind),
            document=pdf_upload() if kind.code == "document" else None,
        )
    record_create(
        resident=frank,
        category=Category.INCOME,
        title="Beschikking",
        content={},
        document=pdf_upload(),
    )
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        grant_create(
            resident=frank,
            purpose_code=first,
            categories=[Category.IDENTITY],
            valid_until=timezone.now() + timedelta(days=30),
        )
    grant_create(resident=frank, purpose_code=first, categories=[Category.IDENTITY])
    gone = grant_create(resident=frank, purpose_code=second, categories=[Category.IDENTITY])
    grant_revoke(resident=frank, grant_id=gone.id)
    approved, denied, _open = (
        access_request_create(
            caseworker=bob,
            purpose_code=purpose,
            categories=[Category.IDENTITY],
            reason="Keukentafelgesprek",
            bsn=valid_bsn(902),
        )
        for purpose in (first, second, second)
    )
    access_request_approve(resident=frank, request_id=approved.id)
    access_request_deny(resident=frank, request_id=denied.id)
    # Someone tried to look at a represented child's data: an entry in the log her parent
    # may see.
    sem = get_user_model().objects.get(username="sem")
    access_log_append(
        resident=sem,
        caseworker=bob,
        department=None,
        purpose_code=first,
        purpose_version=1,
        purpose_name="",
        outcome=Outcome.REFUSED,
        reason=Reason.NO_GRANT,
        categories_requested=[Category.YOUTH],
    )


def _acting() -> list[str]:
    """Each representative acting for each person she may act for now."""
    now = timezone.now()
    return [
        f"{user.username}>{subject.username}"
        for user in get_user_model().objects.order_by("username")
        for subject in represented_by(representative=user, at=now).order_by("username")
    ]


def _acting_states() -> list[str]:
    """Each representative of the demo acting for each person they represent (issue 11):
    ``"alice>noor"`` is alice with "Ik regel dit voor" set to Noor."""
    now = timezone.now()
    return sorted(
        f"{person.username}>{subject.username}"
        for person in get_user_model().objects.filter(role=Role.RESIDENT)
        for subject in represented_by(representative=person, at=now)
    )


@pytest.fixture
def cast(db) -> list[str]:
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    purposes = _wmo_purposes()
    assert len(purposes) >= 2, "the crawl needs two Wmo purposes in the register"
    _every_state()
    acting = _acting()
    assert {"alice>noor", "alice>sem", "fenna>dave", "hanna>gerrit"} <= set(acting), acting
    # Acting first: a person's own crawl sends her forms empty, and an empty objection to
    # a representative is still an objection (it ends the acting).
    return [
        "anonymous",
        *acting,
        *get_user_model().objects.order_by("username").values_list("username", flat=True),
    ]


def _seeds() -> list[str]:
    routes = ("/" + route for route in all_routes())
    return [r for r in routes if "<" not in r and not r.startswith(SKIPPED_PREFIXES)]


def _client(person: str, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    username, _, subject = person.partition(">")
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    if subject:
        session = client.session
        session[ACTING_SESSION_KEY] = get_user_model().objects.get(username=subject).pk
        session.save()
    return client


def _internal(base: str, href: str) -> str | None:
    url = urljoin(base, unescape(href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if parts.path.startswith(SKIPPED_PREFIXES) else path


class Crawl:
    def __init__(self, client: Client, language: str) -> None:
        self.client, self.language = client, language
        self.statuses: dict[str, int] = {}
        self.linked_from: dict[str, str] = {}
        self.forms: dict[str, str] = {}
        self.problems: list[str] = []

    def run(self, seeds: list[str]) -> None:
        queue = list(seeds)
        while queue:
            url = queue.pop(0)
            if url in self.statuses:
                continue
            for link in self.visit(url):
                if link not in self.statuses:
                    self.linked_from.setdefault(link, url)
                    queue.append(link)

    def visit(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.statuses[url] = response.status_code
        if response.status_code >= 500:
            self.problems.append(f"{url}: {response.status_code}")
        if response.status_code in (301, 302) or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return []
        html = response.content.decode()
        self.check_language(url, html, response.status_code)
        for attrs in FORM.findall(html):
            form = dict(ATTR.findall(attrs))
            if form.get("method", "get").lower() == "post":
                self.forms.setdefault(urljoin(url, unescape(form.get("action", ""))), url)
        links = (_internal(url, href) for href in HREF.findall(html))
        return [link for link in links if link is not None]

    def check_language(self, url: str, html: str, status: int) -> None:
        lang = LANG.search(html)
        if lang is None or lang.group(1) != self.language:
            self.problems.append(f"{url} ({status}): html lang is not {self.language!r}")

    def dead_links(self) -> list[str]:
        return [
            f"{url}: {self.statuses[url]}, linked from {source}"
            for url, source in self.linked_from.items()
            if self.statuses[url] not in LINK_STATUSES
        ]

    def odd_seeds(self, seeds: list[str]) -> list[str]:
        return [
            f"{url}: {self.statuses[url]}"
            for url in seeds
            if self.statuses[url] not in SEED_STATUSES
        ]

    def send_forms_empty(self) -> None:
        for action, page in self.forms.items():
            if any(skip in action for skip in SKIPPED_FORMS):
                continue
            path = _internal(page, action)
            if path is None:
                continue
            status = self.client.post(path, {}).status_code
            if status >= 500:
                self.problems.append(f"POST {path} (form on {page}) with no fields: {status}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_and_download_for_everyone_in_every_state(cast, language):
    seeds = _seeds()
    assert len(seeds) >= 10, seeds
    seen: Counter = Counter()
    problems: list[str] = []
    for username in cast:
        crawl = Crawl(_client(username, language), language)
        crawl.run(seeds)
        crawl.send_forms_empty()
        problems += [f"[{username}] {p}" for p in crawl.problems]
        problems += [f"[{username}] dead link {p}" for p in crawl.dead_links()]
        problems += [f"[{username}] {p}" for p in crawl.odd_seeds(seeds)]
        seen.update(url for url, status in crawl.statuses.items() if status == 200)
    assert not problems, "\n".join(problems)
    # The crawl reached the pages it is for: a resident's records, downloads and history.
    reached = " ".join(seen)
    for page in ("/mijn-gegevens/", "/toestemmingen/", "/download", "/bewijs/", "/versies/"):
        assert page in reached, f"no one reached a page with {page!r}"
    # A page per log entry: the resident's own, and one seen acting for someone.
    for entry_page in (r"/wie-keek-er/[0-9a-f-]{36}/ ", r"/namens/logboek/[0-9a-f-]{36}/ "):
        assert re.search(entry_page, reached + " "), f"no one reached {entry_page!r}"
    # And, acting for someone, that person's pages (issue 11).
    for page in ("/namens/gegevens/", "/namens/berichten/", "/namens/downloaden/download/"):
        assert page in reached, f"no one acting for someone reached {page!r}"
