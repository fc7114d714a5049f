"""Model instances from rows that plain SQL read: no queryset compiled, no Django internals."""

import json
from typing import Any

from django.db import models


def instance(model: type[models.Model], using: str = "default", **values: Any) -> Any:
    """A model instance as the ORM makes it from a row: ``values`` by attname, the other
    fields deferred (read from the database only if used). ``from_db`` wants the values in
    the model's field order."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(using, names, [values[name] for name in names])


def from_json(value: Any) -> Any:
    """A JSON value a statement returned: psycopg parses json and jsonb itself, other
    drivers hand over the text."""
    return json.loads(value) if isinstance(value, str) else value


# A plain field's database value is the Python value itself when that value is already of
# the field's own type. Its ``get_db_prep_save`` then only checks and returns it, at a cost
# that adds up on the hot path (every read writes some 40 columns). A bool is no int here.
_AS_IS: tuple[tuple[type[models.Field], tuple[type, ...]], ...] = (
    (models.CharField, (str, type(None))),
    (models.TextField, (str, type(None))),
    (models.IntegerField, (int, type(None))),  # and its Positive/Big/Small/Auto kinds
)


def _as_is(field: models.Field) -> tuple[type, ...]:
    for kind, types in _AS_IS:
        if isinstance(field, kind) and not field.is_relation:
            return types
    return ()


def insert_sql(model: type[models.Model], names: list[str], suffix: str = "") -> str:
    """An INSERT of one row into ``model``'s table, one ``%s`` per attname in ``names`` (the
    parameters ``prepared`` makes), with ``suffix`` after it (an ON CONFLICT clause)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = ", ".join(fields[name].column for name in names)
    values = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({values}){suffix}"


def prepared(model: type[models.Model], names: list[str]) -> Any:
    """A function that turns values for ``names`` (attnames, in order) into query parameters
    for a connection, as each field's ``get_db_prep_save`` does: a value that already has
    its plain field's type as it is, anything else (JSON, moments, UUIDs, a lazy text, a
    number for a text) by its field (tests/test_rows.py checks the two agree)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    steps = [(fields[name], _as_is(fields[name])) for name in names]

    def prepare(values: list[Any], connection: Any) -> list[Any]:
        return [
            value if type(value) in as_is else field.get_db_prep_save(value, connection)
            for (field, as_is), value in zip(steps, values, strict=True)
        ]

    return prepare
