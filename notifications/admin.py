from django.contrib import admin
from django.http import HttpRequest

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """For operators: what is waiting and what was delivered. Ids and codes only."""

    list_display = ["id", "kind", "created_at", "dispatched_at", "attempts", "delivered_at"]
    list_filter = ["kind", ("delivered_at", admin.EmptyFieldListFilter)]
    fields = ("kind", "source_id", "created_at", "dispatched_at", "attempts", "delivered_at")
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        # Deleting an undelivered message would silently drop a resident's notification.
        return False
