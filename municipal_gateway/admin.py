"""The access log in the admin: to look at, never to change. Superusers included."""

from django.contrib import admin
from django.http import HttpRequest

from municipal_gateway.models import (
    AccessLogEntry,
    ChainHead,
    Checkpoint,
    Cosignature,
    LogLeaf,
    WitnessAlarm,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "caseworker_name",
        "department_code",
        "purpose_code",
        "outcome",
        "reason",
        "subject_id",
        "seq",
    ]
    list_filter = ["outcome", "reason", "department_code", "purpose_code"]
    search_fields = ["subject_id", "trace_id", "request_id", "caseworker_name"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ["subject_id", "seq", "head_hash", "updated_at"]
    search_fields = ["subject_id"]
    show_full_result_count = False


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "tree_size", "root_hash", "version"]
    exclude = ["heads"]


@admin.register(LogLeaf)
class LogLeafAdmin(ReadOnlyAdmin):
    list_display = ["index", "subject_id", "seq", "head_hash"]
    search_fields = ["subject_id"]
    show_full_result_count = False


@admin.register(Cosignature)
class CosignatureAdmin(ReadOnlyAdmin):
    list_display = ["checkpoint", "witness_name", "signed_at", "received_at"]


@admin.register(WitnessAlarm)
class WitnessAlarmAdmin(ReadOnlyAdmin):
    list_display = ["raised_at", "witness_name", "reason", "tree_size"]
