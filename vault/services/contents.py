"""What a record holds: its title, content and type, checked before they are sealed.

``UNCHANGED`` and ``CATEGORY_DEFAULT`` are markers the callers of ``record_update`` and
``record_create`` pass; ``RecordChange`` works out what a record will be after an update.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings

from vault.constants import Category
from vault.exceptions import ContentTooLarge, VaultError
from vault.record_types import RecordType, default_type, record_type_get, validate
from vault.record_types.display import typed

if TYPE_CHECKING:
    from vault.models import Record

MAX_TITLE_LENGTH = 200


class _Unchanged:
    """Marker: keep the record's current document."""


UNCHANGED: Any = _Unchanged()


class _CategoryDefault:
    """Marker for ``record_type``: the type the record has, or else its category's default
    type. The API passes it, so all it writes is validated against a schema."""


CATEGORY_DEFAULT: Any = _CategoryDefault()


def record_payload(
    *, title: str, content: Any, document: dict[str, Any] | None, record_type: str | None = None
) -> bytes:
    title = (title or "").strip()
    if not title:
        raise VaultError("A record needs a title.", code="title_required")
    if len(title) > MAX_TITLE_LENGTH:
        raise VaultError(
            f"A title may be at most {MAX_TITLE_LENGTH} characters.", code="title_too_long"
        )
    sealed = {"title": title, "content": content, "document": document}
    if record_type:
        sealed["type"] = record_type  # sealed, so the type is as private as the content
    try:
        encoded = json.dumps(
            sealed,
            ensure_ascii=False,
            allow_nan=False,
        ).encode()
    except (TypeError, ValueError, RecursionError):
        # RecursionError: content nested too deeply to encode; still the caller's input.
        raise VaultError("The content must be JSON.", code="invalid_content") from None
    if len(encoded) > settings.VAULT_MAX_CONTENT_BYTES:
        raise ContentTooLarge(
            f"Title and content may be at most {settings.VAULT_MAX_CONTENT_BYTES} bytes.",
            code="content_too_large",
        )
    return encoded


def category_check(category: str) -> None:
    if category not in Category.values:
        raise VaultError(f"Unknown category {category!r}.", code="unknown_category")


def category_of_type(*, category: str | None, record_type: RecordType | None) -> str:
    """A typed record's category is its type's; a category given as well must agree."""
    if record_type is None:
        if category is None:
            raise VaultError("A record needs a category or a type.", code="category_required")
        category_check(category)
        return category
    if category not in (None, record_type.category):
        raise VaultError(
            f"Type {record_type.code!r} belongs to category {record_type.category!r}.",
            code="type_category_mismatch",
        )
    return record_type.category


@dataclass(frozen=True)
class RecordChange:
    """What a record will be after an update, checked against its type."""

    title: str
    content: Any
    category: str
    record_type: str | None
    erase_after: date | None

    @classmethod
    def of(cls, payload: dict[str, Any], record: Record, **given: Any) -> RecordChange:
        code = given["record_type"]
        if code is CATEGORY_DEFAULT and given["content"] is UNCHANGED:
            code = None  # an old record whose content stays as it is keeps no type
        elif code is CATEGORY_DEFAULT:
            category = given["category"] or record.category
            category_check(category)
            code = payload.get("type") or default_type(category).code
        code = code or payload.get("type")
        kind = record_type_get(code) if code else None
        category = category_of_type(
            category=given["category"] or (None if kind else record.category), record_type=kind
        )
        content = payload["content"] if given["content"] is UNCHANGED else given["content"]
        if kind is not None:
            validate(kind, content)
        return cls(
            title=payload["title"] if given["title"] is UNCHANGED else given["title"],
            content=content,
            category=category,
            record_type=kind.code if kind else None,
            erase_after=record.erase_after
            if given["erase_after"] is UNCHANGED
            else given["erase_after"],
        )

    def same_as_shown(self, payload: dict[str, Any], record: Record) -> bool:
        """Equal to the record as its owner sees it; an untyped record is seen through the
        read rule (vault.record_types.legacy), so saving its form unchanged changes nothing."""
        shown_type, shown = typed(
            category=record.category,
            record_type=payload.get("type"),
            content=payload["content"],
        )
        same_content = self.content == payload["content"] or (
            self.record_type == shown_type.code and self.content == shown
        )
        return (
            same_content
            and (self.title or "").strip() == payload["title"]
            and self.category == record.category
            and self.record_type in (None, shown_type.code)
            and self.erase_after == record.erase_after
        )
