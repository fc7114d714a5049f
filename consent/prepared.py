"""ORM queries compiled once, then run again and again with new values.

Building and compiling a Django queryset costs far more than running it. The decision runs
on every gateway read, so its queries are written with the ORM (the membership rule stays
in ``accounts.selectors``), compiled once per database with marker values in place of the
real ones, and then executed as raw queries, which still convert every field.
"""

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
_DATETIME = models.DateTimeField()


def _prepared(value: Any, connection: Any) -> Any:
    if isinstance(value, datetime):
        return _DATETIME.get_db_prep_value(value, connection)
    return value


class PreparedQuery:
    def __init__(self, build: Callable[..., models.QuerySet], *, suffix: str = "") -> None:
        self._build = build
        self._suffix = suffix
        self._compiled: dict[str, tuple[type[models.Model], str, list]] = {}

    def _compile(self, alias: str) -> tuple[type[models.Model], str, list]:
        connection = connections[alias]
        queryset = self._build(**MARKERS)
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        marks = {repr(_prepared(v, connection)): name for name, v in MARKERS.items()}
        # Each parameter is a slot to fill (a marker's name) or a constant kept as it is.
        slots = [(marks.get(repr(p)), p) for p in params]
        return queryset.model, f"{sql}{self._suffix}", slots

    def run(self, using: str = "default", **values: Any) -> list[models.Model]:
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        model, sql, slots = self._compiled[using]
        connection = connections[using]
        params = [_prepared(values[n], connection) if n else p for n, p in slots]
        return list(model._default_manager.db_manager(using).raw(sql, params))
