"""The council's statistics over real reads and grants, as counted by the snapshot service:
enough residents show exact counts, too few are hidden with one more figure, and nothing
names a resident, record or subject."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consent.models import ConsentSubject
from consent.services import grant_create
from council.disclosure import Figure
from council.selectors import Statistics, Table, statistics_for_council
from council.services import statistics_snapshot_update
from municipal_gateway.exceptions import AccessRefused
from municipal_gateway.models import LogSubject, ResidentReference
from municipal_gateway.services.reads import Caller, records_read
from municipal_gateway.services.references import reference_get_or_create
from tests.conftest import ALICE_BSN, DAVE_BSN
from tests.consent.conftest import WMO_BEGELEIDING
from tests.council.conftest import (
    STATISTICS,
    STATISTICS_API,
    STATISTICS_CSV,
    csv_rows,
    page_tables,
)
from tests.factories import ResidentFactory, valid_bsn
from tests.municipal_gateway.conftest import BIJSTAND, WMO
from vault.constants import Category
from vault.models import Record
from vault.services import record_create

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 3, 10, 10, 0, tzinfo=AMSTERDAM)
# After the year: its final count, when every table is published (closed periods only).
CLOSED = datetime(2028, 1, 2, 3, 0, tzinfo=AMSTERDAM)
WMO_NAME = "Wmo maatwerkvoorziening: hulp bij het huishouden"


@pytest.fixture(autouse=True)
def _clock():
    # Frozen before the cast is made, so memberships and grants start at NOW too.
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _minimum(settings):
    settings.COUNCIL_MIN_RESIDENTS = 5


def _read(caseworker, resident, purpose_code: str, department, category: str | None = None):
    reference = reference_get_or_create(resident=resident, department=department)
    caller = Caller(caseworker=caseworker, stated_reason="Zaak 2027-0117")
    return records_read(
        caller=caller, reference=reference, purpose_code=purpose_code, category=category
    )


def _resident_with_grants(n: int, codes: list[str], category: str):
    resident = ResidentFactory(
        username=f"burger-{n}",
        first_name=f"Voornaam{n}",
        last_name=f"Achternaam{n}",
        bsn=valid_bsn(500 + n),
    )
    record_create(resident=resident, category=category, title="Stuk", content={"n": n})
    for code in codes:
        grant_create(resident=resident, purpose_code=code, categories=[category])
    return resident


@pytest.fixture
def residents(alice, dave, bob, charlie, purposes, wmo_department, income_department):
    """Bob reads five residents for both Wmo purposes (the first twice for household help)
    and is refused their household data once each; charlie reads alice and dave for special
    assistance: two residents, too few to show."""
    five = [_resident_with_grants(n, [WMO, WMO_BEGELEIDING], Category.HEALTH) for n in range(5)]
    for resident in five:
        _read(bob, resident, WMO, wmo_department)
        _read(bob, resident, WMO_BEGELEIDING, wmo_department)
        with pytest.raises(AccessRefused):
            _read(bob, resident, WMO, wmo_department, category=Category.HOUSEHOLD)
    _read(bob, five[0], WMO, wmo_department)
    for resident in (alice, dave):
        record_create(resident=resident, category=Category.INCOME, title="Loon", content={})
        grant_create(resident=resident, purpose_code=BIJSTAND, categories=[Category.INCOME])
        _read(charlie, resident, BIJSTAND, income_department)
    return [alice, dave, *five]


@pytest.fixture
def counted(residents):
    """The year counted after it closed, as the nightly rollup would."""
    statistics_snapshot_update(year=2027, now=CLOSED)
    return residents


def _counted(year: int, now: datetime = CLOSED) -> Statistics:
    statistics_snapshot_update(year=year, now=now)
    statistics = statistics_for_council(year=year, now=now)
    assert statistics is not None
    return statistics


def _table(statistics: Statistics, key: str) -> Table:
    return next(table for table in statistics.tables if table.key == key)


def _column_rows(table: Table, column: str) -> dict[str, Figure]:
    return {row.key: row.figures[column] for row in table.rows}


def _column(table: Table, column: str) -> dict[str, Figure]:
    assert table.total is not None
    return {**_column_rows(table, column), "total": table.total.figures[column]}


def test_it_shows_exact_counts_for_enough_residents_and_hides_too_few(residents):
    table = _table(_counted(2027), "per_purpose")

    allowed = _column(table, "allowed")

    assert allowed[WMO] == Figure(count=6, residents=5)
    assert allowed[BIJSTAND] == Figure.withheld()
    # The smallest other figure, so the total cannot give the hidden one away.
    assert allowed[WMO_BEGELEIDING] == Figure.withheld()
    assert allowed["total"] == Figure(count=13, residents=7)
    assert _column(table, "refused")[WMO] == Figure(count=5, residents=5)


def test_it_counts_refusals_by_reason_and_month(residents):
    statistics = _counted(2027)

    reasons = _column(_table(statistics, "refusal_reasons"), "refused")
    months = _table(statistics, "per_month")

    assert reasons["category_not_covered"] == Figure(count=5, residents=5)
    assert reasons["no_grant"] == Figure(count=0, residents=0)
    assert reasons["total"] == Figure(count=5, residents=5)
    assert _column(months, "allowed")["2027-03-01"] == Figure(count=13, residents=7)
    assert _column(months, "refused")["2027-03-01"] == Figure(count=5, residents=5)


def test_it_hides_a_small_consent_figure_and_one_more(residents):
    granted = _column(_table(_counted(2027), "consent_per_purpose"), "granted")

    assert granted[BIJSTAND] == Figure.withheld()
    hidden = [key for key, figure in granted.items() if figure.hidden]
    assert len(hidden) == 2  # the small one and one more
    assert granted["total"] == Figure(count=12, residents=7)


@pytest.mark.parametrize(
    ("year", "now", "months"),
    [
        # A running year: its closed months only, an hour after they ended.
        (2027, NOW, ["2027-01-01", "2027-02-01"]),
        (2027, datetime(2027, 3, 1, 0, 59, tzinfo=AMSTERDAM), ["2027-01-01"]),
        # Already 2027 in UTC, but still 2026 in Amsterdam: months are local.
        (
            2026,
            datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            [f"2026-{m:02}-01" for m in range(1, 12)],
        ),
        (2026, NOW, [f"2026-{month:02}-01" for month in range(1, 13)]),
    ],
)
def test_it_lists_the_closed_months_of_this_year_and_all_of_a_past_one(
    db, purposes, year, now, months
):
    table = _table(_counted(year, now), "per_month")

    assert [row.key for row in table.rows] == months


def test_it_shows_the_same_figures_on_the_page(counted, carol_client):
    tables = page_tables(carol_client.get(STATISTICS, {"jaar": 2027}).content.decode())

    rows = {row[0]: row[1:] for row in tables["Inzage per doel (2027)"][1:]}

    assert rows[WMO_NAME] == ["6", "5", "5", "5"]
    assert rows["Bijzondere bijstand"] == ["verborgen", "0", "0"]
    assert rows["Wmo begeleiding thuis"] == ["verborgen", "0", "0"]
    assert rows["Totaal"] == ["13", "7", "5", "5"]


def test_it_shows_the_same_figures_in_the_csv_and_the_api(counted, carol_client):
    lines = csv_rows(carol_client.get(STATISTICS_CSV, {"jaar": 2027}).content)
    tables = {
        t["key"]: t for t in carol_client.get(STATISTICS_API, {"year": 2027}).json()["tables"]
    }

    cells = {(line[0], line[1], line[3]): line[4:] for line in lines[1:]}
    purposes = {row["key"]: row["figures"] for row in tables["per_purpose"]["rows"]}

    assert cells["per_purpose", WMO, "allowed"] == ["6", "5", ""]
    assert cells["per_purpose", BIJSTAND, "allowed"] == ["", "", "ja"]
    assert cells["per_purpose", WMO_BEGELEIDING, "allowed"] == ["", "", "ja"]
    assert purposes[WMO]["allowed"] == {"count": 6, "residents": 5, "hidden": None}
    assert purposes[BIJSTAND]["allowed"] == {
        "count": None,
        "residents": None,
        "hidden": "suppressed",
    }


def _identifying(residents) -> list[str]:
    """Everything that points to a person or a record, as it could appear in the output."""
    people = [
        value
        for resident in residents
        for value in (resident.username, resident.first_name, resident.last_name)
        if value
    ]
    return [
        *people,
        ALICE_BSN,
        DAVE_BSN,
        *(valid_bsn(500 + n) for n in range(5)),
        *(str(record_id) for record_id in Record.objects.values_list("id", flat=True)),
        *LogSubject.objects.values_list("subject_id", flat=True),
        *(
            str(pseudonym)
            for pseudonym in ConsentSubject.objects.values_list("pseudonym", flat=True)
        ),
        *ResidentReference.objects.values_list("reference", flat=True),
    ]


def test_it_never_names_a_resident_record_or_subject(counted, carol_client):
    outputs = [
        carol_client.get(STATISTICS, {"jaar": 2027}).content.decode(),
        carol_client.get(STATISTICS_CSV, {"jaar": 2027}).content.decode(),
        carol_client.get(STATISTICS_API, {"year": 2027}).content.decode(),
    ]
    identifying = _identifying(counted)

    assert len(identifying) > 30  # 7 residents, 7 records, subjects, pseudonyms, references
    for output in outputs:
        assert [value for value in identifying if value in output] == []


def test_it_never_shows_what_a_caseworker_typed_as_a_purpose(
    counted, bob, wmo_department, carol_client
):
    with pytest.raises(AccessRefused):
        _read(bob, counted[0], ALICE_BSN, wmo_department)
    statistics_snapshot_update(year=2027, now=NOW)

    outputs = [
        carol_client.get(STATISTICS, {"jaar": 2027}).content.decode(),
        carol_client.get(STATISTICS_CSV, {"jaar": 2027}).content.decode(),
        carol_client.get(STATISTICS_API, {"year": 2027}).content.decode(),
    ]

    assert [output for output in outputs if ALICE_BSN in output] == []


def test_it_has_no_statistics_before_the_first_count(db, purposes):
    assert statistics_for_council(year=2027) is None


def test_it_shows_the_last_count_until_the_year_is_counted_again(residents, bob, wmo_department):
    february = datetime(2027, 3, 1, 2, 0, tzinfo=AMSTERDAM)
    before = _column_rows(_table(_counted(2027, february), "per_month"), "allowed")
    _read(bob, residents[2], WMO, wmo_department)

    kept = statistics_for_council(year=2027, now=NOW)
    recounted = _counted(2027, CLOSED)

    assert kept is not None and _column_rows(_table(kept, "per_month"), "allowed") == before
    assert _column(_table(recounted, "per_purpose"), "allowed")[WMO] == Figure(7, 5)


def test_it_never_counts_a_closed_year_again(residents, bob, wmo_department):
    """A closed year is published once: a later count would move its figures."""
    first = _counted(2027, CLOSED)
    _read(bob, residents[2], WMO, wmo_department)

    assert _counted(2027, CLOSED.replace(day=3)) == first


def test_it_publishes_only_the_closed_months_of_a_running_year(residents):
    statistics = _counted(2027, datetime(2027, 4, 1, 2, 0, tzinfo=AMSTERDAM))

    assert not statistics.final
    [months] = statistics.tables
    assert months.key == "per_month" and months.total is None
    assert _column_rows(months, "allowed")["2027-03-01"] == Figure(count=13, residents=7)


def test_it_applies_a_stricter_minimum_to_figures_already_counted(residents, settings):
    _counted(2027)
    settings.COUNCIL_MIN_RESIDENTS = 10

    statistics = statistics_for_council(year=2027, now=NOW)

    assert statistics is not None and statistics.minimum == 10
    allowed = _column(_table(statistics, "per_purpose"), "allowed")
    assert allowed[WMO] == Figure.withheld()
    assert allowed["total"] == Figure.withheld()
