from django import forms
from django.utils.translation import gettext_lazy as _

from representation.constants import EVIDENCE_MAX_LENGTH, REGISTERED_KINDS, RelationKind, Scope
from vault.constants import Category


class MachtigingForm(forms.Form):
    bsn = forms.CharField(label=_("BSN van de persoon die u machtigt"), min_length=9, max_length=9)
    scopes = forms.MultipleChoiceField(
        label=_("Wat mag deze persoon voor u doen?"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("Voor welke gegevens?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = forms.DateField(
        label=_("Tot en met welke datum?"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RegisterForm(forms.Form):
    subject_bsn = forms.CharField(
        label=_("BSN van de persoon die vertegenwoordigd wordt"), min_length=9, max_length=9
    )
    representative_bsn = forms.CharField(
        label=_("BSN van de vertegenwoordiger"), min_length=9, max_length=9
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[(k, label) for k, label in RelationKind.choices if k in REGISTERED_KINDS],
    )
    evidence = forms.CharField(
        label=_("Kenmerk van de beschikking of het gezagsregister"),
        max_length=EVIDENCE_MAX_LENGTH,
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Geldig tot (niet verplicht)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    born_on = forms.DateField(
        label=_("Geboortedatum (bij gezag of voogdij)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ObjectionForm(forms.Form):
    objection = forms.CharField(
        label=_("Waarom maakt u bezwaar? (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
