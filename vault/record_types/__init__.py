"""The register of record types: one JSON Schema file per type in ``schemas/``, the words
people read in ``labels.py``. A type belongs to one consent category.

Content of a typed record is validated against its schema on every write (``validate``).
Records written before the register existed carry no type; ``legacy.upgrade`` maps them
onto a type when they are read (docs/record-types.md says why they are not rewritten).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from jsonschema import Draft202012Validator, FormatChecker

from vault.constants import Category
from vault.exceptions import InvalidRecordContent, UnknownRecordType
from vault.record_types.labels import WORDS, FieldWords, TypeWords

SCHEMAS = Path(__file__).parent / "schemas"
# Per category, the type a record of that category gets when nobody names one.
DEFAULT_TYPES = {
    Category.IDENTITY: "identity_contact",
    Category.HOUSEHOLD: "household",
    Category.INCOME: "income",
    Category.DEBTS: "debts",
    Category.HOUSING: "housing",
    Category.HEALTH: "care_needs",
    Category.WORK: "work",
    Category.YOUTH: "youth_family",
    Category.DOCUMENTS: "document",
}
# The widgets and words a field gets follow from these keywords alone; a schema that uses
# another keyword is refused when the register loads, so the forms cover every schema.
KNOWN_KEYWORDS = {
    "type", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "format",
    "items", "minItems", "maxItems", "uniqueItems", "x-unit",
}  # fmt: skip


@dataclass(frozen=True)
class Field:
    key: str
    schema: dict[str, Any]
    words: FieldWords
    required: bool

    @property
    def label(self) -> Promise:
        return self.words.label

    @property
    def kind(self) -> str:
        """line, text, integer, amount, number, boolean, date, choice, choices or lines."""
        schema, type_ = self.schema, self.schema["type"]
        if "enum" in schema:
            return "choice"
        if type_ == "array":
            return "choices" if "enum" in schema["items"] else "lines"
        if type_ == "string":
            if schema.get("format") == "date":
                return "date"
            return "text" if schema.get("maxLength", 0) > 1000 else "line"
        if type_ == "number":
            return "amount" if schema.get("x-unit") == "euro" else "number"
        return str(type_)

    def fits(self, value: Any) -> bool:
        return Draft202012Validator(self.schema, format_checker=FormatChecker()).is_valid(value)

    def choices(self) -> list[tuple[Any, Promise]]:
        values = self.schema.get("enum") or self.schema.get("items", {}).get("enum", [])
        return [(value, self.words.choices[value]) for value in values]


@dataclass(frozen=True)
class RecordType:
    code: str
    category: str
    schema: dict[str, Any]
    words: TypeWords
    fields: tuple[Field, ...]

    @property
    def label(self) -> Promise:
        return self.words.label

    @property
    def help(self) -> Promise:
        return self.words.help

    def field(self, key: str) -> Field | None:
        return next((field for field in self.fields if field.key == key), None)


def _load(code: str) -> RecordType:
    schema = json.loads((SCHEMAS / f"{code}.json").read_text())
    Draft202012Validator.check_schema(schema)
    words = WORDS[code]
    if set(words.fields) != set(schema["properties"]):
        raise ImproperlyConfigured(f"Record type {code}: labels and schema differ")
    required = set(schema["required"])
    fields = tuple(
        Field(key, prop, words.fields[key], key in required)
        for key, prop in schema["properties"].items()
    )
    _check_words(code, fields)
    return RecordType(code, schema["x-category"], schema, words, fields)


def _check_words(code: str, fields: tuple[Field, ...]) -> None:
    """A missing word would show a person a raw key or code: refuse to start instead."""
    problems = []
    for field in fields:
        keywords = set(field.schema) | set(field.schema.get("items", {}))
        if not keywords <= KNOWN_KEYWORDS:
            problems.append(f"{field.key}: unknown keywords {keywords - KNOWN_KEYWORDS}")
        values = field.schema.get("enum") or field.schema.get("items", {}).get("enum", [])
        if any(value not in field.words.choices for value in values):
            problems.append(f"{field.key}: a choice without words")
        if field.required and not field.words.missing:
            problems.append(f"{field.key}: required, but no text says what to fill in")
    if problems:
        raise ImproperlyConfigured(f"Record type {code}: {'; '.join(problems)}")


@cache
def _register() -> dict[str, RecordType]:
    return {path.stem: _load(path.stem) for path in sorted(SCHEMAS.glob("*.json"))}


def record_types() -> list[RecordType]:
    return list(_register().values())


def record_type_get(code: str) -> RecordType:
    found = _register().get(code)
    if found is None:
        raise UnknownRecordType(f"Unknown record type {code!r}.")
    return found


def default_type(category: str) -> RecordType:
    return record_type_get(DEFAULT_TYPES[Category(category)])


def type_for(*, category: str | None, record_type: str | None) -> RecordType:
    """The type named, or else the category's default type."""
    if record_type:
        return record_type_get(record_type)
    if category not in Category.values:
        raise UnknownRecordType(f"Unknown category {category!r}.", code="unknown_category")
    return default_type(str(category))


@cache
def _validator(code: str) -> Draft202012Validator:
    return Draft202012Validator(record_type_get(code).schema, format_checker=FormatChecker())


def validate(record_type: RecordType, content: Any) -> None:
    """Raise ``InvalidRecordContent`` naming the first wrong field; never echoes a value."""
    errors = sorted(_validator(record_type.code).iter_errors(content), key=lambda e: list(e.path))
    if errors:
        raise InvalidRecordContent.from_error(errors[0], record_type.schema)
