"""Queries compiled once (datameent/prepared.py): the same rows as the ORM, for any values."""

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from accounts.models import Department, Organisation, User
from accounts.services import department_get_or_create, organisation_get_or_create
from datameent.prepared import PreparedInsert, PreparedQuery, instance
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _departments(*, codes: list[str], code: str, **_: object) -> QuerySet:
    return (
        Department.objects.filter(code__in=codes)
        .exclude(code=code)
        .values("code", "name")
        .order_by("code")
    )


DEPARTMENTS = PreparedQuery("test_prepared_departments", _departments)


@pytest.fixture
def departments() -> list[str]:
    town = organisation_get_or_create(name="Gemeente Meenthuizen", oin="0" * 20)
    codes = ["jeugd", "schuld", "werk", "wmo"]
    for code in codes:
        department_get_or_create(organisation=town, code=code, name=f"Team {code}")
    return codes


@pytest.mark.parametrize(
    "codes,excluded",
    [
        (["wmo"], "-"),
        (["wmo", "werk"], "werk"),
        (["jeugd", "schuld", "werk"], "-"),
        (["wmo", "onbekend", "jeugd", "werk"], "jeugd"),
        ([], "-"),
    ],
)
def test_it_returns_what_the_orm_returns_for_every_list_length(departments, codes, excluded):
    rows = DEPARTMENTS.run(codes=codes, code=excluded)

    expected = list(_departments(codes=codes, code=excluded))
    assert [row._asdict() for row in rows] == expected


def test_it_never_mixes_up_values_between_runs(departments):
    assert [row.code for row in DEPARTMENTS.run(codes=["wmo"], code="-")] == ["wmo"]
    assert [row.code for row in DEPARTMENTS.run(codes=["werk", "jeugd"], code="-")] == [
        "jeugd",
        "werk",
    ]
    assert [row.code for row in DEPARTMENTS.run(codes=["schuld"], code="-")] == ["schuld"]
    assert DEPARTMENTS.first(codes=["wmo"], code="wmo") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side statements")
def test_it_prepares_each_shape_once_per_connection_on_postgresql(departments):
    DEPARTMENTS.run(codes=["wmo"], code="-")
    DEPARTMENTS.run(codes=["wmo", "werk"], code="-")

    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            DEPARTMENTS.run(codes=["jeugd"], code="-")
            DEPARTMENTS.run(codes=["jeugd", "schuld"], code="-")

    statements = [query["sql"] for query in captured.captured_queries]
    assert len(statements) == 6
    assert all(sql.startswith("EXECUTE test_prepared_departments_codes") for sql in statements)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        names = {row[0] for row in cursor.fetchall()}
    assert {"test_prepared_departments_codes1", "test_prepared_departments_codes2"} <= names


def test_an_instance_reads_what_it_was_not_given_only_when_asked(departments):
    stored = Department.objects.get(code="wmo")
    department = instance(Department, id=stored.id, code="wmo")

    assert department.get_deferred_fields() == {"name", "organisation_id"}
    assert department.name == "Team wmo"  # read from the database on first use
    assert department.organisation_id == stored.organisation_id


def test_an_insert_gives_the_row_its_key():
    insert = PreparedInsert(Organisation)
    organisation = Organisation(name="Gemeente Dijkhuizen", oin="1" * 20)

    insert.run(organisation)

    assert organisation.pk is not None
    assert Organisation.objects.get(pk=organisation.pk).name == "Gemeente Dijkhuizen"


def test_an_upsert_hands_back_the_first_rows_key():
    resident = User.objects.create(username="alice")
    upsert = PreparedInsert(
        OutboxMessage, unique_fields=["kind", "source_id"], update_fields=["kind"]
    )
    first = OutboxMessage(kind="access", resident=resident, source_id="log-1", payload={"a": 1})
    again = OutboxMessage(kind="access", resident=resident, source_id="log-1", payload={"b": 2})

    upsert.run(first)
    upsert.run(again)

    assert again.pk == first.pk
    assert OutboxMessage.objects.get().payload == {"a": 1}  # the first row is kept as it was
