"""Records sealed before the register existed carry no type. They are mapped onto one when
read, by one fixed rule per category, and never rewritten in place: every earlier version
stays exactly as it was sealed (docs/record-types.md).

The rule: the category's default type; each known key of the old shapes goes to its field;
a value that does not fit the field, and every unknown key, goes to the notes as a line
"Label: value", so nothing is lost and no person meets a raw key or a list literal.
"""

from collections.abc import Callable
from typing import Any

from django.utils import translation

from vault.constants import Category
from vault.record_types import RecordType, default_type
from vault.record_types.text import humanise, plain

# Per category: old key -> field of the default type (keys seen in records before the register).
KEYS: dict[str, dict[str, str]] = {
    Category.IDENTITY: {
        "naam": "name",
        "adres": "address",
        "postcode": "postcode",
        "woonplaats": "city",
        "telefoon": "phone",
        "email": "email",
        "geboortedatum": "birth_date",
    },
    Category.HOUSEHOLD: {"volwassenen": "adults"},
    Category.INCOME: {
        "bruto_per_maand": "amount_per_month",
        "netto_per_maand": "amount_per_month",
        "netto": "amount_per_month",
        "ingang": "period_start",
        "verzamelinkomen": "amount_per_year",
    },
    Category.DEBTS: {"schuldeiser": "creditor", "restschuld": "amount", "bedrag": "amount"},
    Category.HOUSING: {"verhuurder": "landlord", "huur_per_maand": "rent_per_month"},
    Category.HEALTH: {
        "huishoudelijke_hulp_uur": "household_help_hours",
        "uren_per_week": "household_help_hours",
    },
    Category.WORK: {
        "start": "start_date",
        "uren_per_week": "hours_per_week",
    },
    Category.YOUTH: {},
    Category.DOCUMENTS: {"omschrijving": "description"},
}
INCOME_SOURCES = {"ww": "unemployment_benefit", "bijstand": "social_assistance", "loon": "salary",
                  "aow": "pension", "pensioen": "pension", "wia": "disability_benefit"}  # fmt: skip
AIDS = {"rollator": "walker", "rolstoel": "wheelchair", "scootmobiel": "mobility_scooter",
        "traplift": "stairlift"}  # fmt: skip


def _children(value: Any, out: dict[str, Any]) -> bool:
    """[{"voornaam": "Noor", "jaar": 2015}] -> members ["Noor (2015)"], children 1."""
    if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
        return False
    names = [str(child.get("voornaam", "?")) for child in value]
    years = [f" ({child['jaar']})" if "jaar" in child else "" for child in value]
    out["children"] = len(value)
    out["members"] = [name + year for name, year in zip(names, years, strict=True)]
    return True


def _source(value: Any, out: dict[str, Any]) -> bool:
    found = INCOME_SOURCES.get(str(value).strip().lower())
    if found:
        out["source"] = found
    return bool(found)


def _aids(value: Any, out: dict[str, Any]) -> bool:
    items = value if isinstance(value, list) else [value]
    mapped = [AIDS.get(str(item).strip().lower()) for item in items]
    if not items or None in mapped:
        return False
    out["aids"] = list(dict.fromkeys(mapped))
    return True


def _programme(value: Any, out: dict[str, Any]) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    out["situation"], out["organisation"] = "reintegration", value.strip()[:200]
    return True


def _year(value: Any, out: dict[str, Any]) -> bool:
    if not isinstance(value, int) or not 1900 <= value <= 2099:
        return False
    out["period_start"], out["period_end"] = f"{value}-01-01", f"{value}-12-31"
    return True


# Keys whose value needs more than a move to one field.
SPECIAL: dict[str, dict[str, Callable[[Any, dict[str, Any]], bool]]] = {
    Category.HOUSEHOLD: {"kinderen": _children},
    Category.INCOME: {"soort": _source, "jaar": _year},
    Category.HEALTH: {"hulpmiddelen": _aids},
    Category.WORK: {"traject": _programme},
}


def upgrade(category: str, content: Any) -> tuple[RecordType, dict[str, Any]]:
    """The type and typed content of an untyped record, for reading and for its edit form."""
    record_type = default_type(category)
    out: dict[str, Any] = {}
    rest: list[tuple[str, Any]] = []
    items = content.items() if isinstance(content, dict) else [("inhoud", content)]
    for key, value in items:
        if value in (None, "", [], {}):
            continue
        target = KEYS[category].get(key) or ("notes" if key == "omschrijving" else None)
        field = record_type.field(target) if target else None
        special = SPECIAL.get(category, {}).get(key)
        if special and special(value, out):
            continue
        if field and field.key not in out and field.fits(value):
            out[field.key] = value
            continue
        rest.append((key, value))
    if rest:
        _to_notes(record_type, out, rest)
    return record_type, out


def _to_notes(record_type: RecordType, out: dict[str, Any], rest: list[tuple[str, Any]]) -> None:
    notes = "description" if record_type.field("notes") is None else "notes"
    # Notes become the record's own content when she saves it: in Dutch, as the record was
    # written, whatever language the page that shows it is in.
    with translation.override("nl"):
        lines = [f"{humanise(str(key))}: {plain(value)}" for key, value in rest]
    out[notes] = "\n".join([out[notes], *lines] if notes in out else lines)[:2000].strip()
