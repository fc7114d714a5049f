"""The register of record types: forms, API, display in words, and old records read by rule."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms import unchanged_form
from tests.vault.record_type_examples import content_strategy, full_example
from vault.constants import Category
from vault.record_types import record_type_get, record_types, validate
from vault.selectors import record_get_for_resident
from vault.services import record_create

CODES = [kind.code for kind in record_types()]
RECORDS = "/api/v1/me/records/"


def _client(user, language: str = "nl") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    if language != "nl":
        client.post("/i18n/setlang/", {"language": language})
    return client


def test_it_registers_every_type_the_issue_asks_for_with_a_category():
    assert set(CODES) == {
        "identity_contact", "household", "income", "debts", "housing", "care_needs", "work",
        "youth_family", "zrm", "document",
    }  # fmt: skip
    for kind in record_types():
        assert kind.category in Category.values
        validate(kind, full_example(kind))
    zrm = record_type_get("zrm")
    assert len([f for f in zrm.fields if f.schema.get("enum") == [1, 2, 3, 4, 5]]) == 13


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_type_round_trips_through_its_form(alice, code, language):
    kind, client = record_type_get(code), _client(alice, language)
    content = full_example(kind, form_order=True)
    record = record_create(resident=alice, record_type=code, title="Eerst", content=content)
    form = unchanged_form(client.get(f"/mijn-gegevens/{record.id}/wijzigen/").content.decode())

    created = client.post(f"/mijn-gegevens/nieuw/{code}/", form)

    assert created.status_code == 302, created.content.decode()
    copy_id = created["Location"].rstrip("/").split("/")[-1]
    copy = record_get_for_resident(resident=alice, record_id=copy_id)
    assert (copy.record_type, copy.category, copy.title) == (code, kind.category, "Eerst")
    assert copy.content == content


@pytest.mark.parametrize("code", CODES)
def test_each_type_round_trips_through_the_api(alice, code):
    from tests.vault.conftest import client_for

    api, content = client_for(alice), full_example(record_type_get(code))
    created = api.post(RECORDS, {"type": code, "title": "T", "content": content}, format="json")
    url = f"{RECORDS}{created.json()['id']}/"
    unchanged = api.put(url, {"type": code, "title": "T", "content": content}, format="json")

    assert created.status_code == 201, created.json()
    assert api.get(url).json()["content"] == content
    assert (unchanged.json()["version"], unchanged.json()["type"]) == (1, code)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"type": "income", "content": {"netto": 1}}, "content.netto"),
        ({"type": "income", "content": {"amount_per_month": "veel"}}, "content.amount_per_month"),
        ({"type": "income", "content": {"source": "loterij"}}, "content.source"),
        ({"type": "debts", "content": {"amount": 5}}, "content.creditor"),
        ({"type": "zrm", "content": {"finances": 7}}, "content.assessment_date"),
        ({"type": "household", "content": {"adults": -1}}, "content.adults"),
        ({"type": "document", "content": {"description": "x", "document_date": "1-3-26"}},
         "content.document_date"),
        ({"category": "income", "content": {"uren": 4}}, "content.uren"),
    ],
)  # fmt: skip
def test_it_answers_content_that_does_not_fit_its_type_with_a_400_naming_the_field(
    alice, body, field
):
    from tests.vault.conftest import client_for

    response = client_for(alice).post(RECORDS, {"title": "T", **body}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_field"
    assert response.json()["detail"].startswith(f"{field}: ")
    assert "veel" not in response.json()["detail"] and "loterij" not in response.json()["detail"]


def test_an_old_record_can_get_an_erase_date_through_the_api_and_stays_as_it_is(alice):
    from tests.vault.conftest import client_for

    old = record_create(resident=alice, category="health", title="Oud", content={"uren": 4})
    url = f"{RECORDS}{old.id}/"

    patched = client_for(alice).patch(url, {"erase_after": "2030-01-01"}, format="json")
    typed = client_for(alice).patch(url, {"content": {"uren": 4}}, format="json")

    assert patched.status_code == 200
    assert (patched.json()["type"], patched.json()["content"]) == (None, {"uren": 4})
    assert (typed.status_code, typed.json()["detail"]) == (
        400,
        "content.uren: is not a field of this record type",
    )


def test_it_refuses_a_type_of_another_category_and_an_unknown_type(alice):
    from tests.vault.conftest import client_for

    api = client_for(alice)
    body = {"title": "T", "content": {}}
    mismatch = api.post(RECORDS, {**body, "type": "household", "category": "income"}, format="json")
    unknown = api.post(RECORDS, {**body, "type": "horoscoop"}, format="json")

    assert (mismatch.status_code, mismatch.json()["code"]) == (400, "type_category_mismatch")
    assert unknown.status_code == 400 and "type" in unknown.json()["errors"]


@pytest.mark.parametrize(
    "language,label",
    [("nl", "Zelfredzaamheidsmatrix (ZRM)"), ("en", "Self-sufficiency matrix (ZRM)")],
)
def test_it_publishes_the_schemas_to_anyone_in_their_language(db, language, label):
    response = Client().get("/api/v1/record-types/", HTTP_ACCEPT_LANGUAGE=language)
    one = Client().get("/api/v1/record-types/zrm/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert [item["code"] for item in response.json()] == CODES
    assert one.json()["label"] == label
    assert one.json()["schema"]["properties"]["finances"]["x-enum-labels"]["3"]
    assert Client().get("/api/v1/record-types/horoscoop/").json()["code"] == "record_type_not_found"


def test_the_openapi_schema_documents_the_register_and_the_type_of_a_record(db):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()

    assert "/api/v1/record-types/" in schema["paths"]
    assert "/api/v1/record-types/{code}/" in schema["paths"]
    assert "type" in schema["components"]["schemas"]["RecordOutput"]["properties"]


@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_valid_content_survives_saving_its_form_unchanged(alice, data):
    kind = data.draw(st.sampled_from(record_types()))
    content = data.draw(content_strategy(kind))
    record = record_create(resident=alice, record_type=kind.code, title="T", content=content)
    client, url = _client(alice), f"/mijn-gegevens/{record.id}/wijzigen/"

    response = client.post(url, unchanged_form(client.get(url).content.decode()))

    assert response.status_code == 302, response.content.decode()
    after = record_get_for_resident(resident=alice, record_id=record.id)
    assert (after.content, after.version, after.record_type) == (content, 1, kind.code)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("amount", [0, 7, 1712.5, 1234567.891, 0.000001, 99999999.99])
def test_an_amount_shown_in_either_language_comes_back_the_same(alice, language, amount):
    content = {"creditor": "X", "amount": amount}
    record = record_create(resident=alice, record_type="debts", title="S", content=content)
    client, url = _client(alice, language), f"/mijn-gegevens/{record.id}/wijzigen/"

    client.post(url, unchanged_form(client.get(url).content.decode()))

    after = record_get_for_resident(resident=alice, record_id=record.id)
    assert (after.content, after.version) == (content, 1)


def test_a_changed_field_saves_a_new_version_and_keeps_the_others(alice):
    content = full_example(record_type_get("debts"))
    record = record_create(resident=alice, record_type="debts", title="Schuld", content=content)
    client, url = _client(alice), f"/mijn-gegevens/{record.id}/wijzigen/"
    form = unchanged_form(client.get(url).content.decode()) | {"amount": ["900,25"]}

    client.post(url, form)

    after = record_get_for_resident(resident=alice, record_id=record.id)
    assert after.content == content | {"amount": 900.25}
    assert after.version == 2


@pytest.mark.parametrize(
    "post,message",
    [
        ({"title": "", "creditor": ""}, "Vul in aan wie u het geld moet betalen."),
        ({"title": "", "creditor": "X"}, "Vul een titel in"),
        ({"title": "T", "creditor": "X", "amount": "veel"}, "Vul een getal in, bijvoorbeeld"),
        ({"title": "T", "creditor": "X", "arrangement": "loterij"}, "Maak een keuze"),
    ],
)
def test_form_errors_say_what_to_do(alice, post, message):
    page = _client(alice).post("/mijn-gegevens/nieuw/debts/", post).content.decode()

    assert message in page
    assert "Dit veld is verplicht" not in page and "vereist" not in page


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_type_opens_as_a_form_in_both_languages(alice, code, language):
    response = _client(alice, language).get(f"/mijn-gegevens/nieuw/{code}/")

    assert response.status_code == 200
    assert "<legend>" in response.content.decode()


def test_the_choice_of_type_lists_every_type(alice):
    page = _client(alice).get("/mijn-gegevens/nieuw/").content.decode()

    assert all(f"/mijn-gegevens/nieuw/{code}/" in page for code in CODES)
    assert _client(alice).get("/mijn-gegevens/nieuw/horoscoop/").status_code == 404


@pytest.mark.parametrize("path", ["/mijn-gegevens/nieuw/", "/mijn-gegevens/nieuw/income/"])
@pytest.mark.parametrize("user", ["bob", "carol", "root"])
def test_the_new_pages_are_for_residents_only(request, user, path):
    response = _client(request.getfixturevalue(user)).get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/mijn-gegevens/nieuw/", "/mijn-gegevens/nieuw/income/"])
def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(db, path):
    response = Client().get(path)

    assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.mark.parametrize("user", ["alice", "bob", "carol", "root"])
def test_the_register_reads_the_same_for_every_role(request, user):
    response = _client(request.getfixturevalue(user)).get("/api/v1/record-types/")

    assert response.status_code == 200 and len(response.json()) == len(CODES)


def test_a_type_whose_field_has_no_words_is_refused_at_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from vault import record_types as register
    from vault.record_types.labels import WORDS, TypeWords

    words = WORDS["debts"]
    fields = {key: value for key, value in words.fields.items() if key != "amount"}
    monkeypatch.setitem(WORDS, "debts", TypeWords(words.label, words.help, fields))

    with pytest.raises(ImproperlyConfigured, match="labels and schema differ"):
        register._load("debts")
