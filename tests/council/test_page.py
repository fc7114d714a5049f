"""The page a lay council reads: a plain summary on top, charts as SVG image files drawn by
matplotlib (no inline SVG, style or script under the site's CSP), each with its table as
the text alternative, and chart bars that hold the table's numbers."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.constants import Role
from accounts.services import user_create
from council.services import statistics_snapshot_update
from tests.council.conftest import STATISTICS, STATISTICS_API
from tests.council.test_statistics import residents  # noqa: F401 - the fixture

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 3, 10, 10, 0, tzinfo=AMSTERDAM)
CLOSED = datetime(2028, 1, 2, 3, 0, tzinfo=AMSTERDAM)
CHARTS = ["per_month", "per_purpose", "refusal_reasons"]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _minimum(settings):
    settings.COUNCIL_MIN_RESIDENTS = 5


@pytest.fixture
def closed_year(residents):  # noqa: F811 - the fixture
    statistics_snapshot_update(year=2027, now=CLOSED)
    return 2027


def _chart_url(year: int, table: str) -> str:
    return f"/raad/statistieken/grafiek/{year}/{table}.svg"


def test_it_sums_the_year_up_in_plain_dutch_first(closed_year, carol_client):
    html = carol_client.get(STATISTICS, {"jaar": closed_year}).content.decode()

    assert "2027 in het kort" in html
    assert "In 2027 keken medewerkers 13 keer naar gegevens van 7 inwoners." in html
    assert "5 keer mocht het niet." in html
    assert html.index("in het kort") < html.index("<table")


def test_it_sums_the_year_up_in_english(closed_year, carol_client):
    html = carol_client.get(
        STATISTICS, {"jaar": closed_year}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "In 2027, staff looked at the data of 7 residents 13 times." in html
    assert "Chart: Access per purpose." in html


def test_it_compares_with_the_year_before(closed_year, carol_client):
    statistics_snapshot_update(year=2026, now=CLOSED)  # 2026: nothing happened

    html = carol_client.get(STATISTICS, {"jaar": closed_year}).content.decode()

    assert "Het jaar ervoor (2026) keken medewerkers 0 keer." in html


def test_it_shows_each_chart_as_an_image_with_a_text_alternative(closed_year, carol_client):
    html = carol_client.get(STATISTICS, {"jaar": closed_year}).content.decode()

    for table in CHARTS:
        assert f'<img src="{_chart_url(closed_year, table)}" alt="Grafiek: ' in html
    assert "<svg" not in html and "<style" not in html and "style=" not in html


@pytest.mark.parametrize("table", CHARTS)
def test_it_draws_the_numbers_the_table_shows(closed_year, carol_client, table):
    document = carol_client.get(STATISTICS_API, {"year": closed_year}).json()
    response = carol_client.get(_chart_url(closed_year, table))

    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert "<script" not in svg
    bars = {
        (row, column): value
        for row, column, value in re.findall(
            rf'id="bar_{table}_(.*?)_(allowed|refused)_(\w+)"', svg
        )
    }
    [published] = [t for t in document["tables"] if t["key"] == table]
    expected = {
        (row["key"], column): "verborgen" if figure["hidden"] else str(figure["count"])
        for row in published["rows"]
        for column, figure in row["figures"].items()
    }
    assert bars == expected
    assert ("verborgen" in bars.values()) is (table == "per_purpose")  # the small Bijstand read


def test_the_chart_bars_match_the_table_figures(closed_year, carol):
    from council.charts import chart_values
    from council.selectors import statistics_for_council

    statistics = statistics_for_council(year=closed_year)
    assert statistics is not None
    for table in statistics.tables:
        values = chart_values(table)
        for column in table.columns:
            assert values[column.key] == [row.figures[column.key].count for row in table.rows]


@pytest.mark.parametrize("name", ["alice", "bob"])
def test_it_hides_the_charts_from_everyone_but_the_council(closed_year, request, name):
    client = Client()
    client.force_login(request.getfixturevalue(name))

    assert client.get(_chart_url(closed_year, "per_purpose")).status_code == 404


def test_it_hides_the_charts_from_an_administrator(closed_year):
    client = Client()
    client.force_login(user_create(username="beheer", password="x-pass-123", role=Role.ADMIN))

    assert client.get(_chart_url(closed_year, "per_purpose")).status_code == 404


@pytest.mark.parametrize("table", ["consent_per_purpose", "nothing"])
def test_it_draws_no_chart_of_a_table_it_does_not_chart(closed_year, carol_client, table):
    assert carol_client.get(_chart_url(closed_year, table)).status_code == 404


def test_it_draws_no_chart_of_a_table_a_running_year_does_not_publish(residents, carol_client):  # noqa: F811
    statistics_snapshot_update(year=2027, now=NOW)

    assert carol_client.get(_chart_url(2027, "per_purpose")).status_code == 404
    assert carol_client.get(_chart_url(2027, "per_month")).status_code == 200
