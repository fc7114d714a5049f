"""ORM queries compiled once, then run again and again with new values.

Building and compiling a Django queryset costs far more than running it, and so does
turning rows into model instances. The decision runs before every gateway read, so its
queries are written with the ORM (the membership rule stays in ``accounts.selectors``),
compiled once per database with marker values in place of the real ones, and then run on
a plain cursor. Fields are still converted by Django's own converters; rows come back as
light named tuples.

On PostgreSQL planning such a query takes longer than running it, so it is also a
server-side prepared statement (``PREPARE`` once per connection, then ``EXECUTE``), which
PostgreSQL plans once. Session-level statements need session pooling, not a transaction
pooler such as PgBouncer in transaction mode.
"""

import re
import weakref
from collections import namedtuple
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import connections, models

# Values no real query uses; their positions in the compiled parameters are the slots.
MARKERS: dict[str, Any] = {
    "user_id": -7_770_001,
    "resident_id": -7_770_002,
    "purpose_id": -7_770_003,
    "department_id": -7_770_004,
    "code": "\x1fmarker-purpose-code\x1f",
    "at": datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
}
# Not on any model: only its get_db_prep_value is used, to store datetimes as Django does.
_DATETIME: "models.DateTimeField[datetime, datetime]" = models.DateTimeField()
# Per open PostgreSQL connection: the statements prepared on it.
_PREPARED: "weakref.WeakKeyDictionary[Any, set[str]]" = weakref.WeakKeyDictionary()


def _prepared(value: Any, connection: Any) -> Any:
    if isinstance(value, datetime):
        return _DATETIME.get_db_prep_value(value, connection)
    return value


def _numbered(sql: str) -> str:
    """``%s`` placeholders as ``$1, $2, ...``, for PREPARE."""
    counter = iter(range(1, 10_000))
    return re.sub(r"%s|%%", lambda m: "%" if m.group() == "%%" else f"${next(counter)}", sql)


class _Compiled:
    def __init__(self, queryset: models.QuerySet, alias: str, suffix: str, name: str) -> None:
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        marks = {repr(_prepared(v, connection)): name for name, v in MARKERS.items()}
        # Each parameter is a slot to fill (a marker's name) or a constant kept as it is.
        self.slots = [(marks.get(repr(p)), p) for p in params]
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

    def statement(self, connection: Any) -> str:
        if connection.vendor != "postgresql" or not self.execute:
            return self.sql
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
    def __init__(
        self, name: str, build: Callable[..., models.QuerySet], *, suffix: str = ""
    ) -> None:
        self._name = name
        self._build = build
        self._suffix = suffix
        self._compiled: dict[str, _Compiled] = {}

    def run(self, using: str = "default", **values: Any) -> list[Any]:
        if using not in self._compiled:
            queryset = self._build(**MARKERS)
            self._compiled[using] = _Compiled(queryset, using, self._suffix, self._name)
        compiled = self._compiled[using]
        connection = connections[using]
        params = [_prepared(values[n], connection) if n else p for n, p in compiled.slots]
        statement = compiled.statement(connection)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for index, functions, expression in compiled.converters:
                for function in functions:
                    row[index] = function(row[index], expression, connection)
        return [compiled.row(*row) for row in rows]
