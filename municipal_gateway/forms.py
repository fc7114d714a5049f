"""Portal forms of the gateway: the caseworker's lookup and read, the resident's log filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consent.constants import MAX_CASE_REFERENCE_LENGTH, MAX_REASON_LENGTH
from municipal_gateway.constants import Outcome
from vault.constants import Category


class PurposeChoiceMixin(forms.Form):
    purpose = forms.ChoiceField(label=_("Doel"))

    def __init__(self, *args: Any, purposes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purpose"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.purpose.code, p.name) for p in purposes]


class StatedReasonMixin(forms.Form):
    """Why the caseworker asks: required, short, plain text the resident reads in the log."""

    reason = forms.CharField(
        label=_("Waarom bekijkt u dit?"),
        max_length=MAX_REASON_LENGTH,
        help_text=_("De inwoner leest dit in haar of zijn logboek. Schrijf het duidelijk op."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    case_reference = forms.CharField(
        label=_("Zaaknummer (niet verplicht)"),
        max_length=MAX_CASE_REFERENCE_LENGTH,
        required=False,
    )

    def stated_reason(self) -> str:
        reason, case = self.cleaned_data["reason"], self.cleaned_data["case_reference"]
        return f"{reason} (zaak {case})" if case else reason


class LookupForm(StatedReasonMixin, PurposeChoiceMixin):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        help_text=_("Het burgerservicenummer van de inwoner: 9 cijfers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field_order = ["bsn", "purpose", "reason", "case_reference"]


class ReadForm(StatedReasonMixin, PurposeChoiceMixin):
    category = forms.ChoiceField(
        label=_("Welke gegevens"),
        required=False,
        choices=[("", _("Alles waar de inwoner toestemming voor gaf")), *Category.choices],
    )
    field_order = ["purpose", "category", "reason", "case_reference"]


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(
        label=_("Wat gebeurde er"),
        required=False,
        choices=[("", _("Alles")), *Outcome.choices],
    )
