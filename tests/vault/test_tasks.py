import datetime as dt

import time_machine

from vault.models import Record, RecordVersion
from vault.selectors import record_list_for_resident
from vault.services import record_create, record_update
from vault.tasks import erase_expired_records


def test_it_erases_records_after_their_expiry_date_only(alice, dave):
    expiring = record_create(
        resident=alice,
        category="income",
        title="Oude loonstrook",
        content={},
        erase_after=dt.date(2026, 3, 1),
    )
    record_update(resident=alice, record_id=expiring.id, title="Oude loonstrook 2", content={})
    record_create(resident=alice, category="income", title="Blijft", content={})
    record_create(
        resident=dave, category="debts", title="Later", content={}, erase_after=dt.date(2026, 3, 2)
    )

    # 00:30 on 2 March in Amsterdam is still 1 March in UTC: the local date counts.
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC), tick=False):
        erased = erase_expired_records.delay().get()

    assert erased == 1
    assert [r.title for r in record_list_for_resident(resident=alice)] == ["Blijft"]
    assert not RecordVersion.objects.filter(record_id=expiring.id).exists()
    assert Record.objects.filter(vault__resident=dave).count() == 1


def test_it_is_idempotent(alice):
    record_create(
        resident=alice, category="income", title="X", content={}, erase_after=dt.date(2020, 1, 1)
    )

    assert erase_expired_records.delay().get() == 1
    assert erase_expired_records.delay().get() == 0
