from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jaar"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, str(year)) for year in years]
