from django.contrib import admin

from identity.models import ExternalIdentity, GroupMapping


@admin.register(GroupMapping)
class GroupMappingAdmin(admin.ModelAdmin):
    list_display = ["group", "role", "department"]
    list_filter = ["role", "department"]
    search_fields = ["group"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["provider", "subject", "user", "created_at"]
    list_filter = ["provider"]
    search_fields = ["subject", "user__username"]
    readonly_fields = ["provider", "subject", "user", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
