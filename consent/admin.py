"""The purpose register in the admin, for functional administrators.

Saving a version, new or edited, always makes a new version through the service: an
existing version never changes, because grants point to it. Grants, requests and the
history are not in the admin: they are the residents' own.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.constants import Role
from consent.models import Purpose, PurposeVersion
from consent.services import purpose_version_check, purpose_version_create
from datameent.api import DomainError
from vault.constants import Category

VERSION_FIELDS = [
    "name_nl",
    "name_en",
    "description_nl",
    "description_en",
    "legal_domain",
    "categories",
    "max_consent_days",
    "retention_days",
    "dpv_purpose",
]


def _manages_register(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.role == Role.ADMIN))


class PurposeVersionForm(forms.ModelForm):
    purpose_code = forms.SlugField(label=_("code van het doel"), max_length=60)
    categories = forms.MultipleChoiceField(
        label=_("soorten gegevens"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PurposeVersion
        fields = [*VERSION_FIELDS, "department"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["purpose_code"].initial = self.instance.purpose.code
            self.fields["purpose_code"].disabled = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        # A ModelForm's clean() returns self.cleaned_data; the stubs allow None for any form.
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            purpose_version_check(
                purpose_code=data["purpose_code"], **{f: data[f] for f in VERSION_FIELDS}
            )
        except DomainError as exc:
            raise ValidationError(str(exc.detail), code=exc.code) from None
        return data


class RegisterAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages_register(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_register(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PurposeVersion)
class PurposeVersionAdmin(RegisterAdmin):
    form = PurposeVersionForm
    list_display = ["purpose", "version", "name_nl", "department", "legal_domain", "created_at"]
    list_filter = ["legal_domain", "department"]
    search_fields = ["purpose__code", "name_nl", "name_en"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages_register(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages_register(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        version = purpose_version_create(
            purpose_code=data["purpose_code"],
            department=data["department"],
            **{f: data[f] for f in VERSION_FIELDS},
        )
        # The admin goes on with `obj` (log entry, redirect): point it at the new version.
        obj.pk, obj.purpose, obj.version = version.pk, version.purpose, version.version
        self.message_user(
            request,
            _("Versie %(version)s van %(code)s is gemaakt. Eerdere versies blijven bewaard.")
            % {"version": version.version, "code": version.purpose.code},
            messages.SUCCESS,
        )


# A tuple, so one value fits both attributes: `fields` takes nested field groups as well.
INLINE_FIELDS = ("version", "name_nl", "department", "categories", "max_consent_days", "created_at")


class PurposeVersionInline(admin.TabularInline):
    model = PurposeVersion
    fields = INLINE_FIELDS
    readonly_fields = INLINE_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Purpose)
class PurposeAdmin(RegisterAdmin):
    list_display = ["code", "current_version", "created_at"]
    search_fields = ["code"]
    readonly_fields = ["code", "current_version", "created_at"]
    inlines = [PurposeVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
