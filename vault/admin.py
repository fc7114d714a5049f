"""Vault metadata for functional administrators: read-only, and never ciphertext or plaintext.

Nobody decrypts through the admin, superusers included: there is no decrypt action, the
ciphertext columns are never even loaded, and every change goes through vault/services.py.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vault.models import Record, RecordVersion, Vault

_CIPHERTEXT = ("ciphertext", "document_ciphertext")


class MetadataOnlyAdmin(admin.ModelAdmin):
    """View permission only: no add, change, delete or bulk action bypasses the services."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CiphertextSizeAdmin(MetadataOnlyAdmin):
    """Shows how large the sealed parts are, measured in the database, without loading them."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .defer(*_CIPHERTEXT)
            .annotate(
                content_bytes=Length("ciphertext"), document_bytes=Length("document_ciphertext")
            )
        )

    @admin.display(description=_("versleutelde inhoud (bytes)"), ordering="content_bytes")
    def content_size(self, obj: Any) -> int:
        return obj.content_bytes

    @admin.display(description=_("versleuteld document (bytes)"), ordering="document_bytes")
    def document_size(self, obj: Any) -> int | None:
        return obj.document_bytes


@admin.register(Vault)
class VaultAdmin(MetadataOnlyAdmin):
    list_display = ["id", "resident", "state", "kek_id", "dek_generation", "created_at"]
    list_filter = ["state", "kek_id"]
    readonly_fields = ("id", "resident", "state", "kek_id", "dek_generation", "created_at")
    fields = readonly_fields
    list_select_related = ["resident"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("wrapped_dek", "bsn_hash")


@admin.register(Record)
class RecordAdmin(CiphertextSizeAdmin):
    list_display = [
        "id",
        "vault_ref",
        "category",
        "version",
        "provenance",
        "source_organisation",
        "content_size",
        "document_size",
        "updated_at",
    ]
    list_filter = ["category", "provenance"]
    readonly_fields = (
        "id",
        "vault_ref",
        "category",
        "version",
        "provenance",
        "source_organisation",
        "content_size",
        "document_size",
        "erase_after",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    list_select_related = ["source_organisation"]

    @admin.display(description=_("kluis"))
    def vault_ref(self, obj: Record) -> str:
        # The id only: str(obj.vault) would load the related row with its wrapped key.
        return str(obj.vault_id)


@admin.register(RecordVersion)
class RecordVersionAdmin(CiphertextSizeAdmin):
    readonly_fields = (
        "record_ref",
        "version",
        "category",
        "provenance",
        "source_organisation",
        "content_size",
        "document_size",
        "created_at",
    )
    fields = list_display = readonly_fields
    list_filter = ["category", "provenance"]
    list_select_related = ["source_organisation"]

    @admin.display(description=_("gegeven"))
    def record_ref(self, obj: RecordVersion) -> str:
        return str(obj.record_id)
