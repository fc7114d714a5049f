import pytest
from django.test import Client
from django.utils import timezone

from consent.selectors import decide, grants_for_resident
from consent.services import access_request_create, grant_create, purposes_seed
from tests.conftest import ALICE_BSN


@pytest.fixture
def purposes(bob):
    purposes_seed()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _wmo_code() -> str:
    from consent.selectors import current_purposes

    return next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")


def test_it_grants_and_revokes_in_one_action_each(purposes, alice, bob):
    client = _client(alice)
    code = _wmo_code()

    client.post(f"/toestemmingen/geven/{code}/", {"categories": ["household"], "days": 30})
    grant = grants_for_resident(resident=alice).get()
    assert decide(caseworker=bob, resident=alice, purpose_code=code, category="household").allowed

    page = client.get("/toestemmingen/").content.decode()
    assert "Intrekken" in page
    client.post(f"/toestemmingen/{grant.id}/intrekken/")

    decision = decide(caseworker=bob, resident=alice, purpose_code=code, category="household")
    assert (decision.allowed, decision.reason) == (False, "revoked")


def test_it_refuses_a_longer_period_than_the_purpose_allows(purposes, alice):
    client = _client(alice)
    code = _wmo_code()

    response = client.post(
        f"/toestemmingen/geven/{code}/", {"categories": ["household"], "days": 99999}
    )

    assert response.status_code == 200
    assert not grants_for_resident(resident=alice).exists()


@pytest.mark.parametrize(
    "today",
    [
        "2026-11-22 10:00",  # 180 days on: summer time
        "2026-06-01 10:00",  # 180 days on: winter time
        "2026-10-24 23:30",  # the night before the clocks go back
    ],
)
def test_it_grants_the_longest_period_the_purpose_allows(purposes, alice, bob, today):
    from zoneinfo import ZoneInfo

    import time_machine

    from consent.selectors import current_purposes

    code = "wmo-huishoudelijke-hulp"  # at most 180 days: the period crosses a clock change
    longest = current_purposes().get(purpose__code=code).max_consent_days
    moment = timezone.datetime.fromisoformat(today).replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        response = _client(alice).post(
            f"/toestemmingen/geven/{code}/", {"categories": ["household"], "days": longest}
        )

    assert response.status_code == 302, response.content.decode()
    grant = grants_for_resident(resident=alice).get()
    start, end = (value.astimezone(ZoneInfo("Europe/Amsterdam")) for value in
                  (grant.valid_from, grant.valid_until))  # fmt: skip
    assert (end.date() - start.date()).days == longest
    assert end.time() == start.time()  # the same hour on the Dutch clock


def test_it_lets_the_resident_narrow_an_access_request(purposes, alice, bob):
    code = _wmo_code()
    request = access_request_create(
        caseworker=bob,
        purpose_code=code,
        categories=["household", "health"],
        reason="Aanvraag huishoudelijke hulp",
        bsn=ALICE_BSN,
    )
    client = _client(alice)
    assert "Aanvraag huishoudelijke hulp" in client.get("/verzoeken/").content.decode()

    client.post(f"/verzoeken/{request.id}/goedkeuren/", {f"{request.id}-categories": ["household"]})

    grant = grants_for_resident(resident=alice).get()
    assert grant.categories == ["household"]


def test_it_lets_a_caseworker_ask_without_learning_whether_a_vault_exists(purposes, alice, bob):
    client = _client(bob)
    code = _wmo_code()
    answers = []
    for bsn in (ALICE_BSN, "100000009"):
        response = client.post(
            "/medewerker/toegang-vragen/",
            {"bsn": bsn, "purpose": code, "categories": ["household"], "reason": "Intake"},
            follow=True,
        )
        answers.append(
            (response.status_code, "Uw verzoek is verstuurd." in response.content.decode())
        )

    assert answers[0] == answers[1] == (200, True)


@pytest.mark.parametrize("path", ["/toestemmingen/", "/verzoeken/", "/toestemmingen/doelen/"])
def test_it_hides_resident_consent_pages_from_caseworkers(purposes, bob, path):
    assert _client(bob).get(path).status_code == 404


def test_it_gives_404_for_another_residents_grant(purposes, alice, dave):
    grant = grant_create(
        resident=alice,
        purpose_code=_wmo_code(),
        categories=["household"],
        valid_from=timezone.now(),
        valid_until=timezone.now() + timezone.timedelta(days=1),
    )

    assert _client(dave).get(f"/toestemmingen/{grant.id}/bewijs/").status_code == 404
    assert _client(dave).post(f"/toestemmingen/{grant.id}/intrekken/").status_code == 302
    assert grants_for_resident(resident=alice).get().revoked_at is None
