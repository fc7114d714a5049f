from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ApiToken, Department, Membership, Organisation, User
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
