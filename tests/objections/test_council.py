"""The council counts objections per month and per purpose, by outcome, with small groups
hidden like every other figure."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from council.selectors import statistics_for_council
from council.services import statistics_snapshot_update
from objections import services
from tests.factories import ResidentFactory, valid_bsn

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MARCH = datetime(2027, 3, 10, 10, 0, tzinfo=AMSTERDAM)
CLOSED = datetime(2028, 1, 2, 3, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def _minimum(settings):
    settings.COUNCIL_MIN_RESIDENTS = 5


def _objectors(count: int, log_entry, petra):
    with time_machine.travel(MARCH, tick=False):
        for n in range(count):
            resident = ResidentFactory(username=f"buur-{n}", bsn=valid_bsn(700 + n))
            entry = log_entry(resident)
            objection = services.objection_file(resident=resident, entry_id=entry.id)
            if n % 2:
                services.objection_rule(officer=petra, objection_id=objection.id, justified=True)


def _table(key: str):
    statistics_snapshot_update(year=2027, now=CLOSED)
    statistics = statistics_for_council(year=2027)
    assert statistics is not None
    return next(table for table in statistics.tables if table.key == key)


def test_objections_per_month_and_purpose_by_outcome(purposes, petra, log_entry):
    _objectors(12, log_entry, petra)

    per_month = _table("objections_per_month")
    per_purpose = _table("objections_per_purpose")

    march = next(row for row in per_month.rows if row.key == "2027-03-01")
    assert (march.figures["open"].count, march.figures["justified"].count) == (6, 6)
    assert per_month.total is not None and per_month.total.figures["open"].residents == 6
    wmo = next(row for row in per_purpose.rows if row.key == "wmo-huishoudelijke-hulp")
    assert wmo.figures["justified"].count == 6


def test_too_few_objections_are_hidden(purposes, petra, log_entry):
    _objectors(4, log_entry, petra)

    per_month = _table("objections_per_month")

    march = next(row for row in per_month.rows if row.key == "2027-03-01")
    assert march.figures["open"].count is None and march.figures["justified"].count is None
