from django.contrib import admin
from django.http import HttpRequest

from notifications.models import EmailDelivery, OutboxMessage


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


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """For operators: each notification e-mail, claimed before the send, its result after.

    A claim still "wordt verstuurd" long after "geclaimd op" is unknown: its worker stopped
    between the send and the record (docs/operations.md). Ids and codes only, no addresses.
    """

    list_display = ["id", "inbox_entry_id", "state", "attempts", "claimed_at", "finished_at"]
    list_filter = ["state"]
    fields = ("inbox_entry", "state", "attempts", "claimed_at", "finished_at", "error")
    readonly_fields = fields
    ordering = ["-claimed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EmailDelivery | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EmailDelivery | None = None) -> bool:
        # The record is what stops a second send.
        return False
