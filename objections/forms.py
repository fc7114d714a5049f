from django import forms
from django.utils.translation import gettext_lazy as _

from objections.constants import MAX_TEXT_LENGTH


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Wat klopt er niet? (niet verplicht)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Vraag aan het team"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Antwoord van het team"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RulingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[("justified", _("Terecht bekeken")), ("not_justified", _("Niet terecht"))],
        widget=forms.RadioSelect,
    )
    breach_reported = forms.BooleanField(
        label=_("Er is een melding van een datalek gedaan"), required=False
    )
    note = forms.CharField(
        label=_("Toelichting voor de inwoner (niet verplicht)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
