"""The public page: the council's statistics for anyone, without a login, as open data;
from the same snapshot as the council's page, so it shows nothing the council page hides.
A setting switches it off."""

import pytest
from django.test import Client

from council.services import statistics_snapshot_update
from tests.council.conftest import (
    STATISTICS,
    STATISTICS_API,
    STATISTICS_CSV,
    csv_rows,
    page_tables,
)
from tests.council.test_page import CLOSED, _clock, _minimum  # noqa: F401 - autouse fixtures
from tests.council.test_statistics import residents  # noqa: F401 - the fixture

PUBLIC = "/statistieken/"


@pytest.fixture
def closed_year(residents):  # noqa: F811 - the fixture
    statistics_snapshot_update(year=2027, now=CLOSED)
    return 2027


def test_anyone_reads_it_without_a_login(closed_year):
    response = Client().get(PUBLIC, {"jaar": closed_year})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)" in html
    assert "In 2027 keken medewerkers 13 keer naar gegevens van 7 inwoners." in html
    chart = Client().get(f"/statistieken/grafiek/{closed_year}/per_purpose.svg")
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"


def test_it_shows_the_same_figures_as_the_council_page(closed_year, carol_client):
    public = page_tables(Client().get(PUBLIC, {"jaar": closed_year}).content.decode())
    council = page_tables(carol_client.get(STATISTICS, {"jaar": closed_year}).content.decode())

    assert public == council
    cells = [cell for rows in public.values() for row in rows for cell in row]
    assert "verborgen" in cells


def test_it_shows_a_running_year_as_the_council_sees_it(residents, carol_client):  # noqa: F811
    statistics_snapshot_update(year=2027, now=CLOSED.replace(year=2027, month=3, day=1))

    public = page_tables(Client().get(PUBLIC, {"jaar": 2027}).content.decode())
    council = page_tables(carol_client.get(STATISTICS, {"jaar": 2027}).content.decode())

    assert public == council and list(public) == ["Inzage per maand (2027)"]


def test_it_counts_nothing_for_an_unknown_visitor(db, purposes):
    response = Client().get(PUBLIC, {"jaar": 2024})

    assert response.status_code == 200
    assert "De cijfers van 2024 zijn nog niet geteld." in response.content.decode()


def test_it_reads_in_english(closed_year):
    html = Client().get(PUBLIC, {"jaar": closed_year}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "How the municipality uses your data" in html
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in html


def test_a_setting_switches_it_off(closed_year, settings):
    settings.COUNCIL_PUBLIC_STATISTICS = False

    assert Client().get(PUBLIC).status_code == 404
    assert Client().get(f"/statistieken/grafiek/{closed_year}/per_month.svg").status_code == 404


def test_the_csv_holds_exactly_the_figures_of_the_api(closed_year, carol_client):
    """The auditor reads the API; the CSV must publish nothing else."""
    document = carol_client.get(STATISTICS_API, {"year": closed_year}).json()
    lines = csv_rows(carol_client.get(STATISTICS_CSV, {"jaar": closed_year}).content)[1:]

    expected = []
    for table in document["tables"]:
        for row in [*table["rows"], table["total"]]:
            for column, figure in row["figures"].items():
                people = figure["residents"] if table["shows_residents"] else None
                expected.append(
                    (
                        table["key"],
                        row["key"],
                        column,
                        "" if figure["count"] is None else str(figure["count"]),
                        "" if people is None else str(people),
                        "ja" if figure["hidden"] else "",
                    )
                )
    assert [(t, r, c, n, p, h) for t, r, _label, c, n, p, h in lines] == expected
