"""``datameent.rows.prepared`` gives the parameters each field's ``get_db_prep_save`` gives.

The hot path's INSERTs (an access-log entry, a pending notification) take their parameters
from it, so a value it passed through unconverted would be stored differently than the ORM
stores it. Checked on every field of both models, with the values they take and a few they
should not get but might (a lazy translation, a bool, a float).
"""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from datameent.rows import prepared
from municipal_gateway.models import AccessLogEntry
from notifications.models import OutboxMessage

VALUES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=0, max_value=2**40),
    st.booleans(),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.just(gettext_lazy("Bijzondere bijstand")),
    st.uuids(),
    st.datetimes(timezones=st.just(UTC)),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _comparable(value):
    """psycopg's JSON wrappers compare by identity: compare what they wrap."""
    return ("json", value.obj) if hasattr(value, "obj") else value


def _expected(field, value):
    try:
        return [_comparable(field.get_db_prep_save(value, connection))]
    except Exception as exc:  # what the field refuses, it must refuse alike
        return type(exc)


def _got(prepare, values):
    try:
        return [_comparable(value) for value in prepare(values, connection)]
    except Exception as exc:
        return type(exc)


@pytest.mark.parametrize("model", [AccessLogEntry, OutboxMessage])
@given(data=st.data())
def test_each_field_is_prepared_as_the_orm_prepares_it(model, data):
    fields = model._meta.concrete_fields
    for field in fields:
        value = data.draw(VALUES, label=field.attname)
        prepare = prepared(model, [field.attname])

        got = _got(prepare, [value])
        expected = _expected(field, value)

        assert got == expected, (field.attname, value)


def test_a_whole_row_is_prepared_in_order():
    names = ["id", "seq", "occurred_at", "purpose_name", "record_ids", "purpose_version"]
    row = [uuid.uuid4(), 7, datetime(2026, 12, 2, tzinfo=UTC), "Wmo", ["a"], None]
    fields = {field.attname: field for field in AccessLogEntry._meta.concrete_fields}

    got = prepared(AccessLogEntry, names)(row, connection)

    expected = [fields[n].get_db_prep_save(v, connection) for n, v in zip(names, row, strict=True)]
    assert [_comparable(v) for v in got] == [_comparable(v) for v in expected]
    assert got[1] == 7 and got[3] == "Wmo"  # passed as they are
