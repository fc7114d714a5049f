from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ERASE_PHRASE = "WISSEN"


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
