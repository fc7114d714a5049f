from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vault.constants import Category

ERASE_PHRASE = "WISSEN"


class RecordForm(forms.Form):
    category = forms.ChoiceField(label=_("Soort gegeven"), choices=Category.choices)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Een korte naam, bijvoorbeeld 'Huurcontract'."),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Schrijf hier wat u wilt bewaren. Alleen u kunt dit lezen."),
    )
    document = forms.FileField(
        label=_("Document (niet verplicht)"),
        required=False,
        help_text=_("Een PDF, PNG of JPEG van maximaal 5 MB."),
    )
    erase_after = forms.DateField(
        label=_("Vanzelf wissen na (niet verplicht)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Na deze datum wissen wij dit gegeven voor u."),
    )


class EraseVaultForm(forms.Form):
    confirm = forms.CharField(max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, so the label follows the visitor's language.
        self.fields["confirm"].label = _("Typ %(phrase)s om te bevestigen") % {
            "phrase": ERASE_PHRASE
        }

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().upper()
        if value != ERASE_PHRASE:
            raise forms.ValidationError(
                _("Typ precies %(phrase)s. Zo weten we zeker dat u dit wilt.")
                % {"phrase": ERASE_PHRASE}
            )
        return value
