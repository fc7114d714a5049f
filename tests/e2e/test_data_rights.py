"""The two GDPR rights in a real browser, at 1280 and 375 px, counted click by click:
alice downloads her export (saved, parsed back and compared with the API's document), and a
new resident erases her vault (a clear page, the vault gone, the log of it kept)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from consent.models import ConsentEvent
from consent.selectors import current_purposes
from consent.services import grant_create
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import AccessLogEntry, LogSubject
from municipal_gateway.services import access_log_append
from tests.e2e.journeys import Journey, outside_the_browser
from tests.factories import valid_bsn
from tests.portal.test_downloads import _without_moment
from vault.constants import Category
from vault.models import Record, Vault
from vault.services import record_create, resident_create

pytestmark = pytest.mark.integration
WIDTHS = [1280, 375]


def _wmo_grant(resident, categories):
    version = next(v for v in current_purposes() if v.department.code == "wmo")
    return grant_create(
        resident=resident,
        purpose_code=version.purpose.code,
        categories=categories,
        valid_until=timezone.now() + timezone.timedelta(days=90),
    )


def _api_document(user, path: str, language: str) -> dict:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def alice_consents(cast):
    """alice with a consent: the export and the receipt that used to crash (issue 10)."""
    grant = _wmo_grant(cast["alice"], [Category.HOUSEHOLD, Category.HEALTH])
    return cast["alice"], grant


# The words the journey clicks, in the portal's two languages.
WORDS = {
    "nl": {
        "menu": "Hoofdmenu",
        "data rights": "Downloaden of wissen",
        "heading": "Uw gegevens downloaden of wissen",
        "download": "Download mijn gegevens",
        "consents": "Toestemmingen",
        "receipt": "Bewijs downloaden",
    },
    "en": {
        "menu": "Main menu",
        "data rights": "Download or erase",
        "heading": "Download or erase your data",
        "download": "Download my data",
        "consents": "Consents",
        "receipt": "Download proof",
    },
}


def _saved(started, tmp_path, name: str) -> dict:
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == name
    saved = tmp_path / name
    download.save_as(saved)
    return json.loads(saved.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("width", "language"), [(1280, "nl"), (375, "nl"), (375, "en")])
def test_alice_downloads_her_export_and_a_receipt_as_the_api_gives_them(
    alice_consents, new_page, live_server, width, language, tmp_path
):
    alice, grant = alice_consents
    words = WORDS[language]
    page = new_page("alice")
    page.set_viewport_size({"width": width, "height": 800})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    journey = Journey(page, menu=words["menu"])
    menu = 2 if width < 768 else 1  # on a phone the menu is opened first

    with journey.clicks("login to overview", 1):
        journey.log_in("alice", "alice-demo-pass", language=language)
    expect(page).to_have_url(re.compile(r"/overzicht/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    journey.check("overzicht")

    # From the overview: the menu, then the download button.
    with journey.clicks("download the export", menu + 1):
        journey.go_to(words["data rights"])
        expect(page.get_by_role("heading", level=1)).to_have_text(words["heading"])
        journey.check("downloaden-of-wissen")
        with page.expect_download() as started:
            journey.click(page.get_by_role("link", name=words["download"]))
    document = _saved(started, tmp_path, "datameent-export.json")
    api = outside_the_browser(_api_document, alice, "/api/v1/me/export/", language)
    assert _without_moment(document) == _without_moment(api)
    # It is hers: her three records are in it.
    assert document["resident"]["username"] == "alice"
    titles = {record["versions"][0]["title"] for record in document["records"]}
    assert titles == {"Zorgbehoefte", "Samenstelling huishouden", "WW-uitkering"}
    journey.check("downloaden-of-wissen (after the download)")

    # The receipt of her consent: the menu, then the link on the consent's card.
    with journey.clicks("download a receipt", menu + 1):
        journey.go_to(words["consents"])
        journey.check("toestemmingen")
        with page.expect_download() as started:
            journey.click(page.get_by_role("link", name=words["receipt"]))
    receipt = _saved(started, tmp_path, f"toestemming-{grant.id}.json")
    api = outside_the_browser(
        _api_document, alice, f"/api/v1/me/consents/{grant.id}/receipt/", language
    )
    assert _without_moment(receipt) == _without_moment(api)
    journey.assert_clean()


@pytest.fixture
def erin(cast, wmo_department):
    """A new resident (the demo cast stays whole): a record, a consent, and one read of it by
    bob, so her erasure has a vault, a consent and a log to deal with."""
    resident = resident_create(
        username="erin",
        password="erin-demo-pass",
        bsn=valid_bsn(808),
        first_name="Erin",
    )
    record = record_create(
        resident=resident, category=Category.HOUSEHOLD, title="Huishouden", content={}
    )
    grant = _wmo_grant(resident, [Category.HOUSEHOLD])
    access_log_append(
        resident=resident,
        caseworker=cast["bob"],
        department=wmo_department,
        purpose_code=grant.purpose_version.purpose.code,
        purpose_version=grant.purpose_version.version,
        purpose_name=grant.purpose_version.name_nl,
        outcome=Outcome.ALLOWED,
        reason=Reason.ALLOWED,
        grant_id=grant.id,
        categories_requested=[Category.HOUSEHOLD],
        categories_returned=[Category.HOUSEHOLD],
        record_ids=[record.id],
        stated_reason="Keukentafelgesprek",
    )
    return resident, grant


@pytest.mark.parametrize("width", WIDTHS)
def test_a_resident_erases_her_vault_and_the_log_of_it_stays(erin, new_page, width):
    resident, grant = erin
    before = outside_the_browser(_kept, resident=resident, grant_id=grant.id)
    assert before["vault"] and before["account"] and before["entries"] == 1
    page = new_page("erin")
    page.set_viewport_size({"width": width, "height": 800})
    journey = Journey(page)

    with journey.clicks("login to overview", 1):
        journey.log_in("erin", "erin-demo-pass")
    expect(page).to_have_url(re.compile(r"/overzicht/$"))
    journey.check("overzicht")

    with journey.clicks("erase the vault", 3 if width < 768 else 2):
        journey.go_to("Downloaden of wissen")
        journey.check("downloaden-of-wissen")
        page.get_by_label("Typ WISSEN om te bevestigen").fill("WISSEN")
        journey.click(page.get_by_role("button", name="Wis mijn kluis voorgoed"))

    # A clear page that says what happened, with no menu of an account that is gone.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw kluis is gewist")
    expect(page.get_by_role("status")).to_contain_text("Al uw toestemmingen zijn ingetrokken.")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    journey.check("gewist")

    # The vault is gone: her pages send her to the login, and the login knows her no more.
    page.goto("/mijn-gegevens/")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    journey.log_in("erin", "erin-demo-pass")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    journey.check("inloggen (after the erasure)")
    after = outside_the_browser(_kept, before=before, grant_id=grant.id)
    assert (after["vault"], after["records"], after["account"]) == (False, False, False)
    # The log keeps what happened, under the pseudonym and no longer linked to her; her
    # consent's history keeps its withdrawal, under a pseudonym too.
    assert after["entries"] == before["entries"]
    assert after["linked"] is False and after["forgotten"]
    assert after["revoked"] == "pseudonym"
    journey.assert_clean()


def _kept(*, grant_id, resident=None, before=None) -> dict:
    """What there is of a resident's vault, account, log and consent history; ``before`` is
    what there was, to find the same rows again once the link to her is gone."""
    if resident is not None:
        subject = LogSubject.objects.get(resident=resident)
        vault_id = Vault.objects.get(resident=resident).id
    else:
        subject = LogSubject.objects.get(subject_id=before["subject_id"])
        vault_id = before["vault_id"]
    revoked = ConsentEvent.objects.filter(grant_id=grant_id, kind="revoked").first()
    return {
        "subject_id": subject.subject_id,
        "vault_id": vault_id,
        "vault": Vault.objects.filter(id=vault_id).exists(),
        "records": Record.objects.filter(vault_id=vault_id).exists(),
        "account": get_user_model().objects.filter(username="erin").exists(),
        "entries": AccessLogEntry.objects.filter(subject_id=subject.subject_id).count(),
        "linked": subject.resident_id is not None,
        "forgotten": subject.forgotten_at is not None,
        "revoked": None
        if revoked is None
        else ("pseudonym" if revoked.resident_id is None and revoked.subject_id else "hers"),
    }
