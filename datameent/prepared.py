"""ORM queries compiled once, then run again and again with new values.

Building and compiling a Django queryset costs far more than running it, and so does
turning rows into model instances. The gateway's read path runs a handful of queries per
request (token, reference, decision, records, chain head), so they are written with the ORM
(the rules stay in each app's selectors), compiled once per database with marker values in
place of the real ones, and then run on a plain cursor. Fields are still converted by
Django's own converters; rows come back as light named tuples.

A list value (``categories=[...]``) gets one marker per item: each length is compiled once.

On PostgreSQL planning such a query can take longer than running it, so it is also a
server-side prepared statement (``PREPARE`` once per connection, then ``EXECUTE``), which
PostgreSQL plans once. Session-level statements need session pooling, not a transaction
pooler such as PgBouncer in transaction mode (README, "Running in production").
"""

import re
import weakref
from collections import namedtuple
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

# Values no real query uses; their positions in the compiled parameters are the slots.
MARKERS: dict[str, Any] = {
    "user_id": -7_770_001,
    "resident_id": -7_770_002,
    "purpose_id": -7_770_003,
    "department_id": -7_770_004,
    "code": "\x1fmarker-purpose-code\x1f",
    "prefix": "\x1fmarker-prefix\x1f",
    "reference": "\x1fmarker-reference\x1f",
    "at": datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
}
# Not on any model: only its get_db_prep_value is used, to store datetimes as Django does.
_DATETIME: "models.DateTimeField[datetime, datetime]" = models.DateTimeField()
# Per open PostgreSQL connection: the statements prepared on it.
_PREPARED: "weakref.WeakKeyDictionary[Any, set[str]]" = weakref.WeakKeyDictionary()

Slot = tuple[str, int | None] | None


def _prepared(value: Any, connection: Any) -> Any:
    if isinstance(value, datetime):
        return _DATETIME.get_db_prep_value(value, connection)
    return value


def _numbered(sql: str) -> str:
    """``%s`` placeholders as ``$1, $2, ...``, for PREPARE."""
    counter = iter(range(1, 10_000))
    return re.sub(r"%s|%%", lambda m: "%" if m.group() == "%%" else f"${next(counter)}", sql)


def _list_markers(name: str, length: int) -> list[str]:
    return [f"\x1fmarker-{name}-{index}\x1f" for index in range(length)]


def _shape(values: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((name, len(value)) for name, value in values.items() if _is_list(value)))


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


class _Compiled:
    def __init__(
        self,
        queryset: models.QuerySet,
        alias: str,
        suffix: str,
        name: str,
        marks: dict[str, Slot],
    ) -> None:
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # Each parameter is a slot to fill (a marker's name and list index) or a constant.
        self.slots = [(marks.get(repr(_prepared(p, connection))), p) for p in params]
        self.sql = f"{sql}{suffix}"
        self.name = name
        self.execute = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else ""
        expressions = [column for column, _, _ in compiler.select]
        names = [alias or column.target.attname for column, _, alias in compiler.select]
        self.row = namedtuple("Row", names)  # type: ignore[misc]
        self.converters = [
            (index, functions, expression)
            for index, (functions, expression) in compiler.get_converters(expressions).items()
        ]

    def params(self, values: dict[str, Any], connection: Any) -> list[Any]:
        filled = []
        for slot, constant in self.slots:
            if slot is None:
                filled.append(constant)
                continue
            name, index = slot
            value = values[name] if index is None else list(values[name])[index]
            filled.append(_prepared(value, connection))
        return filled

    def statement(self, connection: Any) -> str:
        if connection.vendor != "postgresql" or not self.execute:
            return self.sql
        # The health check first: a connection the database dropped is replaced now, so the
        # statements are looked up (and prepared) on the connection the query will use.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        names = _PREPARED.setdefault(connection.connection, set())
        if self.name not in names:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [self.name])
                if cursor.fetchone() is None:
                    cursor.execute(f"PREPARE {self.name} AS {_numbered(self.sql)}")
            names.add(self.name)
        return self.execute


class PreparedQuery:
    """A queryset built by ``build(**markers)``, compiled once per database and list shape.

    ``run(**values)`` fills in the values (names from ``MARKERS``, or lists of strings) and
    returns the rows as named tuples. ``suffix`` is appended to the SQL (e.g. a lock clause
    Django has no word for).
    """

    def __init__(
        self, name: str, build: Callable[..., models.QuerySet], *, suffix: str = ""
    ) -> None:
        self._name = name
        self._build = build
        self._suffix = suffix
        self._compiled: dict[tuple[str, tuple[tuple[str, int], ...]], _Compiled] = {}

    def _compile(self, using: str, values: dict[str, Any]) -> _Compiled:
        shape = _shape(values)
        key = (using, shape)
        if key not in self._compiled:
            markers = dict(MARKERS)
            connection = connections[using]
            marks: dict[str, Slot] = {
                repr(_prepared(value, connection)): (name, None) for name, value in MARKERS.items()
            }
            for name, length in shape:
                markers[name] = _list_markers(name, length)
                for index, marker in enumerate(markers[name]):
                    marks[repr(marker)] = (name, index)
            statement_name = self._name + "".join(f"_{name}{length}" for name, length in shape)
            queryset = self._build(**markers)
            self._compiled[key] = _Compiled(queryset, using, self._suffix, statement_name, marks)
        return self._compiled[key]

    def run(self, using: str = "default", **values: Any) -> list[Any]:
        try:
            compiled = self._compile(using, values)
        except EmptyResultSet:
            return []  # Django's word for a query that cannot match (``__in=[]``)
        connection = connections[using]
        params = compiled.params(values, connection)
        statement = compiled.statement(connection)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for index, functions, expression in compiled.converters:
                for function in functions:
                    row[index] = function(row[index], expression, connection)
        return [compiled.row(*row) for row in rows]

    def first(self, using: str = "default", **values: Any) -> Any:
        rows = self.run(using, **values)
        return rows[0] if rows else None


def instance(model: type[models.Model], using: str = "default", **values: Any) -> Any:
    """A model instance as the ORM makes it from a row: ``values`` by attname, others deferred
    (read from the database only if used)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(using, names, [values[name] for name in names])


class PreparedInsert:
    """One row's INSERT, compiled once per database; the values are prepared per row the
    way the ORM prepares them (``pre_save``, ``get_db_prep_save``).

    A model with an auto-increment key gets it back (``RETURNING``). ``unique_fields`` and
    ``update_fields`` make it an upsert, as ``bulk_create(update_conflicts=True)`` does:
    a row that exists already is updated, and its key comes back.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        unique_fields: Sequence[str] = (),
        update_fields: Sequence[str] = (),
    ) -> None:
        self.model = model
        self.auto = model._meta.auto_field
        self.fields = [field for field in model._meta.concrete_fields if field is not self.auto]
        self.unique = [model._meta.get_field(name) for name in unique_fields]
        self.update = [model._meta.get_field(name) for name in update_fields]
        self._compilers: dict[str, Any] = {}

    def _compiler(self, using: str, obj: models.Model) -> Any:
        if using not in self._compilers:
            query = InsertQuery(
                self.model,
                on_conflict=OnConflict.UPDATE if self.update else None,
                update_fields=self.update,
                unique_fields=self.unique,
            )
            query.insert_values(self.fields, [obj])
            compiler = query.get_compiler(using=using)
            compiler.returning_fields = [self.auto] if self.auto else None
            [(sql, _)] = compiler.as_sql()
            self._compilers[using] = (compiler, sql)
        return self._compilers[using]

    def statement(self, obj: models.Model, using: str = "default") -> tuple[str, list[Any]]:
        compiler, sql = self._compiler(using, obj)
        params = [
            compiler.prepare_value(field, compiler.pre_save_val(field, obj))
            for field in self.fields
        ]
        return sql, params

    def run(self, obj: models.Model, using: str = "default") -> None:
        """Insert ``obj`` and give it its key, as ``save()`` would (no signals)."""
        sql, params = self.statement(obj, using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            if self.auto:
                setattr(obj, self.auto.attname, cursor.fetchone()[0])
        obj._state.adding, obj._state.db = False, using
