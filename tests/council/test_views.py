"""The council's page, CSV and API: there for council members only, in Dutch or English,
and a year that is not offered never breaks them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.constants import Role
from accounts.services import user_create
from consent import seed_data
from council.models import StatisticsSnapshot
from council.services import statistics_snapshot_update
from tests.council.conftest import (
    STATISTICS,
    STATISTICS_API,
    STATISTICS_CSV,
    csv_rows,
    page_tables,
)

NOT_COUNCIL = ["alice", "bob", "beheerder", "root"]
PURPOSES = len(seed_data.PURPOSES)
REASONS = 8  # the reason codes of a refusal: consent's seven and "unknown resident"
CONSENT_KINDS = 6  # given, amended, revoked, expired; requests made and denied


@pytest.fixture(autouse=True)
def _back_to_dutch():
    # LocaleMiddleware activates the language on this thread; later tests expect Dutch.
    yield
    translation.deactivate()


@pytest.fixture
def beheerder(db):
    """A functional administrator: staff, not a superuser, not on the council."""
    return user_create(username="beheerder", password="beheer-pass", role=Role.ADMIN, is_staff=True)


def _this_year() -> int:
    return timezone.localtime().year


@pytest.fixture
def counted(purposes) -> int:
    """This year counted (with nothing in it); returns the year."""
    year = _this_year()
    statistics_snapshot_update(year=year, now=timezone.now())
    return year


@pytest.fixture
def closed(purposes) -> int:
    """Last year counted after it closed: every table published; returns the year."""
    year = _this_year() - 1
    statistics_snapshot_update(year=year, now=timezone.now())
    return year


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOT_COUNCIL)
@pytest.mark.parametrize("url", [STATISTICS, STATISTICS_CSV])
def test_it_hides_the_portal_pages_from_everyone_but_the_council(request, counted, name, url):
    client = _client(request.getfixturevalue(name))

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", NOT_COUNCIL)
def test_it_hides_the_api_from_everyone_but_the_council(request, counted, name):
    client = APIClient()
    client.force_login(request.getfixturevalue(name))

    response = client.get(STATISTICS_API)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("url", [STATISTICS, STATISTICS_CSV])
def test_it_sends_anonymous_visitors_to_the_login_page(counted, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/inloggen/?next={url}"


def test_it_refuses_the_api_to_anonymous_callers(counted):
    response = APIClient().get(STATISTICS_API)

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_it_shows_everything_to_a_council_member(counted, carol_client):
    responses = [carol_client.get(url) for url in (STATISTICS, STATISTICS_CSV, STATISTICS_API)]

    assert [response.status_code for response in responses] == [200, 200, 200]
    assert responses[0]["Cache-Control"] == "no-store"


def test_it_sends_a_council_member_home_to_the_statistics(carol_client):
    response = carol_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == STATISTICS


def test_it_shows_statistics_in_the_council_members_menu(counted, carol_client):
    html = carol_client.get(STATISTICS).content.decode()

    assert f'href="{STATISTICS}"' in html
    assert ">Statistieken<" in html


# -- the year ----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["next", "2019", "twintig"])
def test_it_refuses_a_year_the_api_does_not_offer(counted, carol, year):
    client = APIClient()
    client.force_login(carol)
    value = str(_this_year() + 1) if year == "next" else year

    response = client.get(STATISTICS_API, {"year": value})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "year" in response.json()["errors"]


@pytest.mark.parametrize("year", ["next", "2019", "twintig"])
def test_it_falls_back_to_this_year_on_the_page(counted, carol_client, year):
    value = str(counted + 1) if year == "next" else year

    response = carol_client.get(STATISTICS, {"jaar": value})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html and f"{value} is geen beschikbare keuze" in html
    assert f"Inzage per maand ({counted})" in page_tables(html)


def test_it_falls_back_to_this_year_in_the_csv(counted, carol_client):
    response = carol_client.get(STATISTICS_CSV, {"jaar": "twintig"})

    assert response.status_code == 200
    assert f"datameent-statistieken-{counted}.csv" in response["Content-Disposition"]


# -- before the first count ------------------------------------------------------------------


def test_it_counts_a_year_on_the_first_visit(
    purposes, carol_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = carol_client.get(STATISTICS, {"jaar": 2024})

    assert "De cijfers van 2024 worden nu geteld." in first.content.decode()
    assert len(callbacks) == 1
    assert "Inzage per doel (2024)" in page_tables(
        carol_client.get(STATISTICS, {"jaar": 2024}).content.decode()
    )


def test_it_answers_the_api_with_202_until_the_first_count(
    purposes, carol, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_login(carol)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(STATISTICS_API, {"year": 2024})
    second = client.get(STATISTICS_API, {"year": 2024})

    assert first.status_code == 202
    assert first.json()["code"] == "counting" and first["Retry-After"] == "60"
    assert second.status_code == 200 and second.json()["year"] == 2024


def test_it_sends_the_csv_download_to_the_page_before_the_first_count(purposes, carol_client):
    response = carol_client.get(STATISTICS_CSV, {"jaar": 2024})

    assert response.status_code == 302
    assert response["Location"] == f"{STATISTICS}?jaar=2024"


@pytest.mark.parametrize("stale", [False, True])
def test_it_counts_this_year_again_only_when_its_count_is_stale(
    purposes, carol_client, settings, django_capture_on_commit_callbacks, stale
):
    age = settings.COUNCIL_STATISTICS_MAX_AGE + (1 if stale else -60)
    counted_at = timezone.now() - timedelta(seconds=age)
    statistics_snapshot_update(year=_this_year(), now=counted_at)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = carol_client.get(STATISTICS)

    assert response.status_code == 200
    assert len(callbacks) == (1 if stale else 0)
    recounted = StatisticsSnapshot.objects.get(year=_this_year()).counted_at > counted_at
    assert recounted is stale


# -- the CSV ---------------------------------------------------------------------------------


# Where objections stood: being handled, justified, not justified, withdrawn.
OBJECTION_OUTCOMES = 4


def _expected_lines(months: int, *, final: bool) -> int:
    """One line per table x row (and its total) x column; while the year runs, its closed
    months only."""
    if not final:
        return months * 2
    return (
        (months + 1) * 2  # per month: allowed and refused
        + (PURPOSES + 1) * 2  # per purpose: allowed and refused
        + (REASONS + 1) * 1  # per reason: refused
        + (PURPOSES + 1) * CONSENT_KINDS  # consent per purpose
        + (months + 1) * OBJECTION_OUTCOMES  # objections per month
        + (PURPOSES + 1) * OBJECTION_OUTCOMES  # objections per purpose
    )


@pytest.mark.parametrize("past", [False, True])
def test_it_writes_one_csv_line_per_table_row_and_column(purposes, carol_client, past):
    year = _this_year() - 1 if past else _this_year()
    statistics_snapshot_update(year=year, now=timezone.now())

    response = carol_client.get(STATISTICS_CSV, {"jaar": year})

    header, *lines = csv_rows(response.content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="datameent-statistieken-{year}.csv"' in response["Content-Disposition"]
    assert header == ["tabel", "rij", "omschrijving", "kolom", "keer", "inwoners", "verborgen"]
    settled = timezone.localtime() - timedelta(hours=1)
    months = 12 if past else settled.month - 1 if settled.year == year else 12
    assert len(lines) == _expected_lines(months, final=past)
    assert len({(line[0], line[1], line[3]) for line in lines}) == len(lines)


def test_it_leaves_the_residents_of_consent_figures_out_of_the_csv(closed, carol_client):
    lines = csv_rows(carol_client.get(STATISTICS_CSV, {"jaar": closed}).content)[1:]

    consent = [line for line in lines if line[0] == "consent_per_purpose"]
    access = [line for line in lines if line[0] != "consent_per_purpose"]

    assert consent and all(line[4] == "0" and line[5] == "" for line in consent)
    assert access and all(line[4] == "0" and line[5] == "0" for line in access)


# -- English -------------------------------------------------------------------------------


def _assert_english(html: str, year: int) -> None:
    assert '<html lang="en">' in html
    assert ">Statistics<" in html
    assert "Statistics for the client council" in html
    rows = [row[0] for rows in page_tables(html).values() for row in rows]
    assert f"January {year}" in rows and f"januari {year}" not in rows
    assert "Special assistance benefit" in rows and "Bijzondere bijstand" not in rows


def test_it_shows_the_page_in_english_after_switching(closed, carol_client):
    switched = carol_client.post("/i18n/setlang/", {"language": "en", "next": STATISTICS})
    assert switched.status_code == 302

    _assert_english(carol_client.get(STATISTICS, {"jaar": closed}).content.decode(), closed)


def test_it_shows_the_page_in_the_language_the_browser_asks_for(closed, carol_client):
    html = carol_client.get(
        STATISTICS, {"jaar": closed}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    _assert_english(html, closed)


def test_it_writes_the_csv_headers_in_the_pages_language(closed, carol_client):
    response = carol_client.get(STATISTICS_CSV, {"jaar": closed}, HTTP_ACCEPT_LANGUAGE="en")

    assert csv_rows(response.content)[0] == [
        "table",
        "row",
        "label",
        "column",
        "times",
        "residents",
        "hidden",
    ]


def test_it_shows_the_page_in_dutch_by_default(closed, carol_client):
    html = carol_client.get(STATISTICS, {"jaar": closed}).content.decode()

    rows = [row[0] for rows in page_tables(html).values() for row in rows]
    assert '<html lang="nl">' in html
    assert f"januari {closed}" in rows and "Bijzondere bijstand" in rows
