"""Forms generated from a record type's schema (vault.record_types), on the server.

Each error says what to do ("Vul ... in"). Showing a record's content in its form and
saving it unchanged gives back exactly the same content: see ``initial`` and ``content``.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vault.record_types import Field, RecordType
from vault.record_types.display import typed
from vault.services.contents import UNCHANGED
from vault.services.documents import DocumentUpload

CHOOSE = _("Maak een keuze")
NOT_FILLED = _("Niet ingevuld")
TOO_LONG = _("Maak de tekst korter: hoogstens %(limit_value)d tekens.")
ODD_CHARACTERS = _("Haal de tabs en andere bijzondere tekens uit dit veld weg.")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f]")


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


def amount_text(value: float | int) -> str:
    """The number as typed into a form, exactly (no rounding), with a decimal comma in Dutch."""
    text = format(Decimal(repr(value)), "f")
    return text.replace(".", ",") if _dutch() else text


def parse_amount(text: str) -> float | int:
    text = text.replace("€", "").replace(" ", "").strip()
    decimal, thousands = (",", ".") if _dutch() else (".", ",")
    if decimal in text or re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+", text):
        text = text.replace(thousands, "")
    number = Decimal(text.replace(decimal, "."))
    if not number.is_finite():
        raise InvalidOperation
    return int(number) if text.isdigit() else float(number)


class AmountField(forms.CharField):
    def __init__(self, *, minimum: float, maximum: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            number = parse_amount(text)
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"]) from None
        if not self.minimum <= number <= self.maximum:
            raise forms.ValidationError(
                _("Vul een getal in van %(min)s tot en met %(max)s.")
                % {"min": amount_text(self.minimum), "max": amount_text(self.maximum)}
            )
        return number


class TextField(forms.CharField):
    def __init__(self, *, one_line: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.forbidden = _CONTROL_LINE if one_line else _CONTROL

    def to_python(self, value: Any) -> Any:
        # Browsers send a textarea's line breaks as CRLF; the schema keeps plain LF.
        text = super().to_python(value) or ""
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.forbidden.search(value or ""):
            raise forms.ValidationError(ODD_CHARACTERS)


class LinesField(TextField):
    def __init__(self, *, max_items: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_items = max_items

    def clean(self, value: Any) -> Any:
        lines = [line.strip() for line in (super().clean(value) or "").split("\n")]
        lines = [line for line in lines if line]
        if len(lines) > self.max_items:
            raise forms.ValidationError(
                _("Vul hoogstens %(count)d regels in.") % {"count": self.max_items}
            )
        return lines


def _in_schema_years(value: Any) -> None:
    if value and not 1900 <= value.year <= 2099:
        raise forms.ValidationError(_("Vul een datum in tussen 1900 en 2099."))


def _messages(field: Field, invalid: Any = None) -> dict[str, Any]:
    missing = field.words.missing or _("Vul %(label)s in.") % {"label": field.label}
    messages = {"required": missing, "max_length": TOO_LONG, "invalid_choice": CHOOSE}
    if invalid:
        messages["invalid"] = invalid
    return messages


def _text_field(field: Field, kind: str, common: dict[str, Any]) -> forms.Field:
    textarea = forms.Textarea(attrs={"rows": 4})
    if kind == "lines":
        items = field.schema["maxItems"]
        # Room for the longest lines and their line breaks; max_items counts the lines.
        limit = (field.schema["items"]["maxLength"] + 2) * items
        return LinesField(max_length=limit, max_items=items, widget=textarea, **common)
    limit = field.schema["maxLength"]
    if kind == "text":
        return TextField(max_length=limit, widget=textarea, **common)
    return TextField(max_length=limit, one_line=True, **common)


def form_field(field: Field) -> forms.Field:
    kind, schema = field.kind, field.schema
    common: dict[str, Any] = {
        "label": field.label,
        "help_text": field.words.help,
        "required": field.required,
    }
    if kind in ("line", "text", "lines"):
        return _text_field(field, kind, {**common, "error_messages": _messages(field)})
    if kind == "integer":
        invalid = _("Vul een heel getal in, bijvoorbeeld 2.")
        return forms.IntegerField(
            min_value=schema["minimum"],
            max_value=schema["maximum"],
            error_messages={
                **_messages(field, invalid),
                "min_value": _("Vul een getal in van %(limit_value)s of meer."),
                "max_value": _("Vul een getal in van %(limit_value)s of minder."),
            },
            **common,
        )
    if kind in ("amount", "number"):
        invalid = _("Vul een getal in, bijvoorbeeld 1450,50.")
        return AmountField(
            minimum=schema["minimum"],
            maximum=schema["maximum"],
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages=_messages(field, invalid),
            **common,
        )
    if kind == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages=_messages(field, _("Vul een datum in, bijvoorbeeld 15-03-2026.")),
            validators=[_in_schema_years],
            **common,
        )
    if kind == "boolean":
        choices = [("", NOT_FILLED), ("ja", _("Ja")), ("nee", _("Nee"))]
        return forms.ChoiceField(choices=choices, error_messages=_messages(field), **common)
    options = [(str(value), label) for value, label in field.choices()]
    if kind == "choices":
        return forms.MultipleChoiceField(
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            error_messages=_messages(field),
            **common,
        )
    return forms.ChoiceField(
        choices=[("", CHOOSE), *options], error_messages=_messages(field), **common
    )


def _initial(field: Field, value: Any) -> Any:
    kind = field.kind
    if value is None:
        return None
    if kind == "boolean":
        return "ja" if value else "nee"
    if kind in ("amount", "number") and isinstance(value, int | float):
        return amount_text(value)
    if kind == "choice":
        return str(value)
    if kind == "lines" and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return value


def _value(field: Field, cleaned: Any, previous: Any) -> Any:
    kind = field.kind
    if kind == "boolean":
        return {"ja": True, "nee": False}.get(cleaned)
    if kind == "date":
        return cleaned.isoformat() if cleaned else None
    if kind == "choice":
        values = {str(value): value for value, _label in field.choices()}
        return values.get(cleaned)
    if kind == "choices" and isinstance(previous, list) and set(previous) == set(cleaned):
        return previous  # the same choices: keep the order they were saved in
    return cleaned


class RecordTypeForm(forms.Form):
    """Title, the type's fields, an optional document and an optional erase date."""

    def __init__(self, *args: Any, record_type: RecordType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record_type = record_type
        # What an edited record held: fields the form does not show are kept from it.
        self.previous: dict[str, Any] = {}
        self.fields["title"] = forms.CharField(
            label=_("Titel"),
            max_length=200,
            help_text=_("Een korte naam, bijvoorbeeld 'Huurcontract'."),
            error_messages={
                "required": _("Vul een titel in, bijvoorbeeld 'Huurcontract'."),
                "max_length": TOO_LONG,
            },
        )
        for field in record_type.fields:
            self.fields[field.key] = form_field(field)
        self.fields["document"] = forms.FileField(
            label=_("Document (niet verplicht)"),
            required=False,
            help_text=_("Een PDF, PNG of JPEG van maximaal 5 MB."),
            error_messages={
                "empty": _("Het bestand is leeg. Kies een ander bestand."),
                "invalid": _("Kies een PDF, PNG of JPEG van maximaal 5 MB."),
            },
        )
        self.fields["erase_after"] = forms.DateField(
            label=_("Vanzelf wissen na (niet verplicht)"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("Na deze datum wissen wij dit gegeven voor u."),
            error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 15-03-2026.")},
        )

    def content_fields(self) -> list[forms.BoundField]:
        return [self[field.key] for field in self.record_type.fields]

    def content(self, previous: Any = None) -> dict[str, Any]:
        previous = previous if isinstance(previous, dict) else {}
        values = {
            field.key: _value(field, self.cleaned_data.get(field.key), previous.get(field.key))
            for field in self.record_type.fields
        }
        return {key: value for key, value in values.items() if value not in (None, "", [])}


def record_form(
    data: Any = None,
    files: Any = None,
    *,
    record_type: RecordType,
    title: str = "",
    content: Any = None,
    erase_after: Any = None,
) -> RecordTypeForm:
    content = content if isinstance(content, dict) else {}
    initial: dict[str, Any] = {"title": title, "erase_after": erase_after}
    for field in record_type.fields:
        initial[field.key] = _initial(field, content.get(field.key))
    return RecordTypeForm(data, files, record_type=record_type, initial=initial)


def record_edit_form(item: Any, data: Any = None, files: Any = None) -> RecordTypeForm:
    """The form that changes ``item`` (a record as the selectors give it), filled with what
    it holds now, for the resident's own page and for someone acting for her alike."""
    kind, content = typed(
        category=item.category, record_type=item.record_type, content=item.content
    )
    form = record_form(
        data,
        files,
        record_type=kind,
        title=item.title,
        content=content,
        erase_after=item.erase_after,
    )
    form.previous = content
    return form


def record_changes(form: RecordTypeForm) -> dict[str, Any]:
    """What a valid edit form changes, as ``record_update`` takes it: every field kept,
    a document only when one was chosen."""
    file = form.cleaned_data.get("document")
    document = (
        DocumentUpload(data=file.read(), filename=file.name, content_type=file.content_type)
        if file
        else UNCHANGED
    )
    return {
        "record_type": form.record_type.code,
        "title": form.cleaned_data["title"],
        "content": form.content(form.previous),
        "document": document,
        "erase_after": form.cleaned_data["erase_after"],
    }
