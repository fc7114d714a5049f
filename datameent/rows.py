"""Model instances from rows that plain SQL read: no queryset compiled, no Django internals."""

from typing import Any

from django.db import models


def instance(model: type[models.Model], using: str = "default", **values: Any) -> Any:
    """A model instance as the ORM makes it from a row: ``values`` by attname, the other
    fields deferred (read from the database only if used). ``from_db`` wants the values in
    the model's field order."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(using, names, [values[name] for name in names])
