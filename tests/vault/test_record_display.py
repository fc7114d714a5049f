"""Records read as a labelled description list, in the page's language, by everyone who may
read them; and records from before the register are read by one fixed rule."""

import re

import pytest
from django.test import Client

from consent.services import grant_create
from tests.conftest import ALICE_BSN
from tests.forms import unchanged_form
from tests.municipal_gateway.conftest import WMO
from tests.vault.record_type_examples import full_example
from vault.constants import Category
from vault.record_types import record_type_get, record_types, validate
from vault.record_types.display import record_rows
from vault.record_types.legacy import upgrade
from vault.selectors import record_versions_for_resident
from vault.services import record_create, record_update


def _client(user, language: str = "nl") -> Client:
    client = Client()
    client.force_login(user)
    if language != "nl":
        client.post("/i18n/setlang/", {"language": language})
    return client


def _lists(page: str) -> str:
    found = re.findall(r'<dl class="record-content">(.*?)</dl>', page, re.S)
    assert found, "no description list on the page"
    return "".join(found)


def _assert_in_words(html: str, code: str) -> None:
    """No key, code, JSON or list literal: only the words of the register."""
    kind = record_type_get(code)
    codes = {field.key for field in kind.fields}
    codes |= {str(value) for field in kind.fields for value, _label in field.choices()}
    cells = [cell.strip() for cell in re.findall(r"<d[td]>(.*?)</d[td]>", html, re.S)]
    assert cells
    for cell in cells:
        assert cell not in codes and "_" not in cell, cell
        assert not re.search(r'[\[\]{}"]', cell), cell
    for cell in cells[1::2]:  # a value that is a code of a choice is shown as its words
        assert not any(part in codes - {"1", "2", "3", "4", "5"} for part in cell.split(", "))


@pytest.mark.parametrize("code", [kind.code for kind in record_types()])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_resident_reads_each_type_in_words(alice, code, language):
    kind = record_type_get(code)
    record = record_create(resident=alice, record_type=code, title="T", content=full_example(kind))

    page = _client(alice, language).get(f"/mijn-gegevens/{record.id}/").content.decode()

    dl = _lists(page)
    _assert_in_words(dl, code)
    assert dl.count("<dt>") == len(kind.fields)


def test_amounts_dates_booleans_and_choices_read_in_dutch_and_english(alice):
    content = {"housing_type": "social_rent", "rent_per_month": 1712.5, "adapted": True}
    record = record_create(resident=alice, record_type="housing", title="Huis", content=content)
    url = f"/mijn-gegevens/{record.id}/"

    dutch = _lists(_client(alice).get(url).content.decode())
    english = _lists(_client(alice, "en").get(url).content.decode())

    assert "€ 1.712,50" in dutch and "Ja" in dutch and "woningcorporatie" in dutch
    assert "€ 1,712.50" in english and "Yes" in english and "housing association" in english


def test_the_version_history_reads_in_words(alice):
    content = {"aids": ["walker"], "household_help_hours": 2}
    record = record_create(resident=alice, record_type="care_needs", title="Zorg", content=content)
    record_update(resident=alice, record_id=record.id, content=content | {"aids": ["wheelchair"]})

    page = _client(alice).get(f"/mijn-gegevens/{record.id}/versies/").content.decode()

    dl = _lists(page)
    assert "Rollator" in dl and "Rolstoel" in dl
    _assert_in_words(dl, "care_needs")


@pytest.mark.parametrize("language,words", [("nl", "Rollator"), ("en", "Walker")])
def test_the_caseworker_reads_the_records_consent_covers_in_words(
    alice, bob, purposes, language, words
):
    content = {"aids": ["walker"], "household_help_hours": 3, "informal_carer": False}
    record_create(resident=alice, record_type="care_needs", title="Zorg", content=content)
    record_create(
        resident=alice,
        category=Category.HEALTH,
        title="Oud",
        content={"huishoudelijke_hulp_uur": 2},
    )
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    client = _client(bob, language)
    found = client.post(
        "/medewerker/opzoeken/", {"bsn": ALICE_BSN, "purpose": WMO, "reason": "Aanvraag"}
    )

    page = client.post(found["Location"], {"purpose": WMO, "category": "", "reason": "Gesprek"})

    dl = _lists(page.content.decode())
    assert words in dl and "huishoudelijke_hulp_uur" not in dl
    _assert_in_words(dl, "care_needs")


# -- records from before the register: read by rule, never rewritten ------------------------

OLD_SHAPES = [
    (
        Category.IDENTITY,
        {"adres": "Lindelaan 12", "postcode": "7701 AB", "woonplaats": "Meenthuizen",
         "telefoon": "06-12345678"},
        "identity_contact",
        {"address": "Lindelaan 12", "postcode": "7701 AB", "city": "Meenthuizen",
         "phone": "06-12345678"},
    ),
    (
        Category.HOUSEHOLD,
        {"volwassenen": 1, "kinderen": [{"voornaam": "Noor", "jaar": 2015}]},
        "household",
        {"adults": 1, "children": 1, "members": ["Noor (2015)"]},
    ),
    (
        Category.INCOME,
        {"soort": "WW", "bruto_per_maand": 1450.0, "ingang": "2026-03-01"},
        "income",
        {"source": "unemployment_benefit", "amount_per_month": 1450.0,
         "period_start": "2026-03-01"},
    ),
    (
        Category.INCOME,
        {"verzamelinkomen": 23650, "jaar": 2025},
        "income",
        {"amount_per_year": 23650, "period_start": "2025-01-01", "period_end": "2025-12-31"},
    ),
    (
        Category.HEALTH,
        {"hulpmiddelen": ["rollator"], "huishoudelijke_hulp_uur": 3},
        "care_needs",
        {"aids": ["walker"], "household_help_hours": 3},
    ),
    (
        Category.DEBTS,
        {"schuldeiser": "Belastingdienst", "restschuld": 820.0, "omschrijving": ""},
        "debts",
        {"creditor": "Belastingdienst", "amount": 820.0},
    ),
    (
        Category.HOUSING,
        {"verhuurder": "Woonstichting Meenthuizen", "huur_per_maand": 712.5},
        "housing",
        {"landlord": "Woonstichting Meenthuizen", "rent_per_month": 712.5},
    ),
    (
        Category.WORK,
        {"traject": "Werkfit", "start": "2026-05-01", "uren_per_week": 16},
        "work",
        {"situation": "reintegration", "organisation": "Werkfit", "start_date": "2026-05-01",
         "hours_per_week": 16},
    ),
    (
        Category.DOCUMENTS,
        {"omschrijving": "Beschikking Wmo"},
        "document",
        {"description": "Beschikking Wmo"},
    ),
    (
        Category.HEALTH,
        {"uren": 4, "hulpmiddelen": ["looprek"], "x": {"a": True}},
        "care_needs",
        {"notes": "Uren: 4\nHulpmiddelen: looprek\nX: A: Ja"},
    ),
    (Category.YOUTH, {"omschrijving": "Noor gaat naar De Linde"}, "youth_family",
     {"notes": "Noor gaat naar De Linde"}),
]  # fmt: skip


@pytest.mark.parametrize("category,old,code,typed", OLD_SHAPES)
def test_an_old_record_is_read_as_its_categorys_type(category, old, code, typed):
    kind, content = upgrade(category, old)

    assert (kind.code, content) == (code, typed)
    validate(kind, content)
    assert all(
        "_" not in row.label
        for row in record_rows(category=category, record_type=None, content=old)
    )


@pytest.mark.parametrize("category,old,code,typed", OLD_SHAPES)
def test_an_old_record_reads_in_words_and_is_typed_only_when_changed(
    alice, category, old, code, typed
):
    record = record_create(resident=alice, category=category, title="Oud", content=old)
    client, url = _client(alice), f"/mijn-gegevens/{record.id}/wijzigen/"
    _assert_in_words(_lists(client.get(f"/mijn-gegevens/{record.id}/").content.decode()), code)
    form = unchanged_form(client.get(url).content.decode())

    client.post(url, form)
    unchanged = record_versions_for_resident(resident=alice, record_id=record.id)
    client.post(url, form | {"title": ["Nieuw"]})
    changed = record_versions_for_resident(resident=alice, record_id=record.id)

    assert [(v.version, v.record_type, v.content) for v in unchanged] == [(1, None, old)]
    assert [(v.record_type, v.content) for v in changed] == [(code, typed), (None, old)]


def test_the_gateway_api_names_each_records_type(alice, bob, purposes):
    from municipal_gateway.services.references import reference_get_or_create
    from tests.municipal_gateway.conftest import READ_HEADERS, api_client_for, records_url

    content = {"aids": ["walker"]}
    record_create(resident=alice, record_type="care_needs", title="Zorg", content=content)
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    reference = reference_get_or_create(resident=alice, department=bob.memberships.get().department)

    response = api_client_for(bob).get(records_url(reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 200, response.json()
    assert [(r["type"], r["content"]) for r in response.json()["records"]] == [
        ("care_needs", content)
    ]
