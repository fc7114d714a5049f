from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consent.constants import MAX_CASE_REFERENCE_LENGTH, MAX_REASON_LENGTH
from vault.constants import Category


def _category_choices(categories: list[str]) -> list[tuple[str, Any]]:
    labels = dict(Category.choices)
    return [(value, labels.get(value, value)) for value in categories]


class GrantForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Welke gegevens mogen zij zien?"), widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Hoeveel dagen?"), min_value=1)

    def __init__(self, *args: Any, categories: list[str], max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _category_choices(categories)
        self.max_days = max_days
        self.fields["days"].help_text = _("Hoogstens %(n)s dagen.") % {"n": max_days}
        self.fields["days"].initial = max_days

    def clean_days(self) -> int:
        days: int = self.cleaned_data["days"]
        if days > self.max_days:
            raise forms.ValidationError(
                _("Dat is te lang. Kies hoogstens %(n)s dagen.") % {"n": self.max_days}
            )
        return days


class ApproveForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Welke gegevens mogen zij zien?"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _category_choices(categories)
        field.initial = categories


class DenyForm(forms.Form):
    message = forms.CharField(
        label=_("Bericht aan de medewerker (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AccessRequestForm(forms.Form):
    bsn = forms.CharField(label=_("BSN van de inwoner"), max_length=9, min_length=9)
    purpose = forms.ChoiceField(label=_("Doel"))
    categories = forms.MultipleChoiceField(
        label=_("Welke gegevens heeft u nodig?"),
        widget=forms.CheckboxSelectMultiple,
        choices=Category.choices,
    )
    reason = forms.CharField(
        label=_("Waarom heeft u deze gegevens nodig?"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De inwoner leest dit. Schrijf het in gewone taal."),
    )
    case_reference = forms.CharField(
        label=_("Zaaknummer (niet verplicht)"),
        max_length=MAX_CASE_REFERENCE_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, purposes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purpose"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = purposes
