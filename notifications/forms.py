"""The resident's settings: her language, and which messages come by e-mail and how often."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.constants import DigestChoice, EmailChoice, Kind

_CHOOSE_ONE = _("Kies een van de mogelijkheden.")
# Each language by its own name, so a resident who cannot read the other finds hers.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def _choice(label: Any, choices: Any, required: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": _CHOOSE_ONE},
    )


class SettingsForm(forms.Form):
    language = _choice(
        _("Taal"),
        [(code, LANGUAGE_NAMES.get(code, name)) for code, name in settings.LANGUAGES],
        _("Kies de taal van Datameent."),
    )
    digest = _choice(
        _("Hoe vaak krijgt u de overzichtsmail?"),
        DigestChoice.choices,
        _("Kies hoe vaak u de overzichtsmail wilt krijgen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            required = _("Kies of u hierover e-mail wilt krijgen.")
            self.fields[self.email_field(kind)] = _choice(kind.label, EmailChoice.choices, required)

    @staticmethod
    def email_field(kind: str) -> str:
        return f"email_{kind}"

    def email_fields(self) -> list[forms.BoundField]:
        return [self[self.email_field(kind)] for kind in Kind]

    def email_choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[self.email_field(kind)] for kind in Kind.values}
