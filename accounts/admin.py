from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.constants import Role
from accounts.models import RESIDENT_CONTROLS, ApiToken, Department, Membership, Organisation, User
from accounts.services import user_deactivate

_NO_DELETE_RESIDENT = _(
    "Een inwoner wordt niet via het beheer verwijderd: dat zou de wisstappen overslaan. "
    "De inwoner wist kluis en account zelf onder Downloaden of wissen; dan wordt de sleutel "
    "vernietigd en verwijst niets meer naar hem of haar."
)
_NO_DELETE_STAFF = _(
    "Accounts van medewerkers, de cliëntenraad en beheerders worden gedeactiveerd, niet "
    "verwijderd, zodat hun verzoeken en lidmaatschappen herleidbaar blijven. Gebruik de actie "
    "Geselecteerde accounts deactiveren."
)

_RESIDENT_CONTROLS_REFUSED = _(
    "Dit is het account van een inwoner. Het beheer kan de gebruikersnaam, het wachtwoord, "
    "de rol en de toegang (actief, medewerker, beheerder) niet veranderen: dan zou iemand "
    "anders kunnen inloggen als de inwoner, of de inwoner buitensluiten. Er is niets opgeslagen."
)
_NO_RESIDENT_PASSWORD = _(
    "Het wachtwoord van een inwoner kan niet via het beheer worden gezet of gewist. Alleen de "
    "inwoner zelf kiest een wachtwoord."
)
_NO_RESIDENT_DEACTIVATION = _(
    "Een inwoner wordt niet gedeactiveerd: dan kan hij of zij niet meer inloggen om "
    "toestemming in te trekken. Er is niets veranderd. Een inwoner vertrekt alleen door zelf "
    "te wissen, of via de wettelijke procedure in de beheerdocumentatie."
)
_NO_RESIDENT_ADD = _(
    "Inwoners melden zich zelf aan (of worden ingelezen via de inlogdienst); het beheer maakt "
    "alleen accounts voor medewerkers, de cliëntenraad en beheerders."
)


class GuardedUserChangeForm(UserChangeForm):
    """Refuses, with a clear message, every change to a resident's login or access."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Still the stored values here: the instance is updated only after clean().
        involves_resident = self.instance.is_resident or cleaned.get("role") == Role.RESIDENT
        if involves_resident and set(self.changed_data) & set(RESIDENT_CONTROLS):
            raise ValidationError(_RESIDENT_CONTROLS_REFUSED, code="resident_protected")
        return cleaned


class StaffCreationForm(AdminUserCreationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [choice for choice in Role.choices if choice[0] != Role.RESIDENT]
        role.initial = Role.CASEWORKER
        role.help_text = _NO_RESIDENT_ADD

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role == Role.RESIDENT:
            raise ValidationError(_NO_RESIDENT_ADD, code="resident_protected")
        return role


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["department", "started_at", "ended_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role"), {"fields": ["role"]}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Role"), {"fields": ["role"]}),
    )
    inlines = [MembershipInline]
    actions = ["deactivate"]
    form = GuardedUserChangeForm
    add_form = StaffCreationForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_resident:
            return fieldsets
        # No password block (its button leads to the password page) for a resident.
        first_name, first = fieldsets[0]
        fields = [field for field in first["fields"] if field != "password"]
        description = _NO_RESIDENT_PASSWORD
        return ((first_name, {**first, "fields": fields, "description": description}),) + tuple(
            fieldsets[1:]
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user = self.get_object(request, unquote(id))
        if user is not None and user.is_resident:
            self.message_user(request, _NO_RESIDENT_PASSWORD, messages.ERROR)
            return redirect("admin:accounts_user_change", user.pk)
        return super().user_change_password(request, id, form_url)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # No account is deleted here, superusers included. A resident's row cascades to the
        # vault but skips the erasure steps (grants, access-log key, login history); a staff
        # row would set their access requests' caseworker to NULL and drop memberships.
        # False also removes the "delete selected" bulk action.
        return False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # Replaces the confirmation page: whatever is POSTed, it explains and deletes nothing.
        user = self.get_object(request, unquote(object_id))
        if user is None or not self.has_view_or_change_permission(request, user):
            raise PermissionDenied
        refusal = _NO_DELETE_RESIDENT if user.is_resident else _NO_DELETE_STAFF
        self.message_user(request, refusal, messages.ERROR)
        return redirect("admin:accounts_user_change", user.pk)

    @admin.action(description=_("Geselecteerde accounts deactiveren"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        if queryset.filter(role=Role.RESIDENT).exists():
            self.message_user(request, _NO_RESIDENT_DEACTIVATION, messages.ERROR)
            return
        for user in queryset:
            user_deactivate(user=user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d account gedeactiveerd.", "%(count)d accounts gedeactiveerd.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "oin"]
    search_fields = ["name"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Tokens are created with `manage.py create_api_token`, which shows the secret once.
        return False
