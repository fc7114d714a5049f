"""Every page, as each role and in each state; 'Dit klopt niet' in two clicks from the log."""

import pytest

from objections import services
from objections.models import Objection
from tests.objections.conftest import client_for

OFFICER = "/fg/"
MINE = "/dit-klopt-niet/"
QUESTIONS = "/medewerker/vragen/"
ROLES = ["alice", "bob", "charlie", "carol", "petra", "root"]
# A marker of vault content: records never reach these pages (objections hold metadata).
SECRET_TITLE = "Zorgbehoefte"


@pytest.fixture
def alice_record(alice):
    from vault.services import record_create

    return record_create(
        resident=alice, category="health", title=SECRET_TITLE, content={"hulp": "rollator"}
    )


@pytest.fixture
def objection(alice, log_entry, alice_record):
    """alice objects to bob's read of her health record."""
    entry = log_entry(alice, record_ids=[alice_record.id])
    return services.objection_file(resident=alice, entry_id=entry.id, text="Ken ik niet")


def _advance(state, objection, petra, erin):
    if state in ("asked", "answered", "justified"):
        services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")
    if state in ("answered", "justified"):
        services.objection_answer(caseworker=erin, objection_id=objection.id, answer="Zaak 42")
    if state == "justified":
        services.objection_rule(officer=petra, objection_id=objection.id, justified=True)
    if state == "withdrawn":
        services.objection_withdraw(
            resident=objection_resident(objection), objection_id=objection.id
        )


def objection_resident(objection):
    from municipal_gateway.selectors import resident_for_subject

    return resident_for_subject(subject_id=objection.subject_id)


def test_it_takes_two_clicks_from_the_log(alice, bob_read):
    client = client_for(alice)
    log = client.get("/wie-keek-er/").content.decode()
    link = f"/wie-keek-er/{bob_read.id}/dit-klopt-niet/"
    assert link in log  # click one

    form = client.get(link)
    sent = client.post(link, {"text": "Ken ik niet"})  # click two

    assert form.status_code == 200 and "Team Wmo" in form.content.decode()
    assert sent.status_code == 302 and sent["Location"] == MINE
    assert Objection.objects.get().text == "Ken ik niet"
    assert client.get(link)["Location"] == MINE  # a second time: to where it stands


def test_another_residents_entry_is_not_found(dave, bob_read):
    link = f"/wie-keek-er/{bob_read.id}/dit-klopt-niet/"
    client = client_for(dave)

    assert client.get(link).status_code == 404
    assert client.post(link, {"text": ""}).status_code == 404
    assert not Objection.objects.exists()


@pytest.mark.parametrize("state", ["open", "asked", "answered", "justified", "withdrawn"])
@pytest.mark.parametrize("who", ROLES)
def test_every_page_as_every_role_in_every_state(
    request, who, state, objection, alice_record, petra, erin
):
    _advance(state, objection, petra, erin)
    client = client_for(request.getfixturevalue(who))
    pages = {
        OFFICER: who == "petra",
        f"/fg/melding/{objection.id}/": who == "petra",
        MINE: who == "alice",
        QUESTIONS: who in ("bob", "charlie"),
    }
    # Once she objected, the form sends her to where her objection stands.
    form = f"/wie-keek-er/{objection.entry_id}/dit-klopt-niet/"
    assert client.get(form).status_code == (302 if who == "alice" else 404)
    for url, allowed in pages.items():
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404), (url, who)
        if allowed:
            page = response.content.decode()
            assert SECRET_TITLE not in page and "rollator" not in page
            assert str(alice_record.id) not in page
            assert "no-store" in response["Cache-Control"]


def test_the_officer_sees_metadata_and_asks_and_rules(objection, petra):
    client = client_for(petra)
    url = f"/fg/melding/{objection.id}/"
    page = client.get(url).content.decode()
    assert "Zaak 2026-0042" in page and "Ken ik niet" in page and "Team Wmo" in page

    client.post(url, {"ask": "1", "q-text": "Waarom keek bob?"})
    client.post(url, {"rule": "1", "r-outcome": "not_justified", "r-breach_reported": "on"})

    steps = list(Objection.objects.get().steps.values_list("kind", "breach_reported"))
    assert steps == [("filed", False), ("asked", False), ("not_justified", True)]


def test_a_caseworker_sees_only_her_own_teams_questions(objection, petra, bob, charlie, erin):
    services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")

    assert "Waarom?" in client_for(erin).get(QUESTIONS).content.decode()
    assert "Waarom?" in client_for(bob).get(QUESTIONS).content.decode()
    assert "Waarom?" not in client_for(charlie).get(QUESTIONS).content.decode()
    answer = f"/medewerker/vragen/{objection.id}/antwoord/"
    assert client_for(charlie).post(answer, {"text": "Ja"}).status_code == 404


def test_the_team_lead_answers_and_the_questioned_caseworker_cannot(objection, petra, bob, erin):
    services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")
    answer = f"/medewerker/vragen/{objection.id}/antwoord/"

    assert "antwoord/" not in client_for(bob).get(QUESTIONS).content.decode()
    client_for(bob).post(answer, {"text": "Het mocht"})
    client_for(erin).post(answer, {"text": "Herindicatie"})

    kinds = list(Objection.objects.get().steps.values_list("kind", "actor_name"))
    assert kinds[-1] == ("answered", "Erin")
    assert [kind for kind, _actor in kinds].count("answered") == 1


def test_alice_sees_the_outcome_in_plain_words_and_can_withdraw(alice, objection, petra):
    client = client_for(alice)
    assert "Melding intrekken" in client.get(MINE).content.decode()
    services.objection_rule(officer=petra, objection_id=objection.id, justified=False, note="Sorry")

    page = client.get(MINE).content.decode()

    assert "niet had mogen bekijken" in page and "Sorry" in page
    assert "Melding intrekken" not in page


def test_she_withdraws_from_her_page(alice, objection):
    client_for(alice).post(f"/dit-klopt-niet/{objection.id}/intrekken/")

    assert list(Objection.objects.get().steps.values_list("kind", flat=True)) == [
        "filed",
        "withdrawn",
    ]
