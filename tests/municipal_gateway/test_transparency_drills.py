"""Drills against the transparency log (issue 14): an operator with full database access and
the log's signing key tries to rewrite history. Each drill says who must notice."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from municipal_gateway.models import AccessLogEntry, ChainHead, Checkpoint
from municipal_gateway.selectors import access_log_verify_for_resident
from municipal_gateway.services import checkpoint_create


def _verify_exit() -> str | None:
    """``verify_access_log``'s error, or None when it exits 0."""
    try:
        call_command("verify_access_log", stdout=StringIO())
    except CommandError as error:
        return str(error)
    return None


def test_it_notices_a_deleted_checkpoint_with_the_entry_it_covered(
    alice, alice_chain, append_entry, tamper
):
    checkpoint_create()
    newest = append_entry(alice, stated_reason="Dit wil de beheerder verbergen")
    checkpoint = checkpoint_create()

    Checkpoint.objects.filter(id=checkpoint.id).delete()
    AccessLogEntry.objects.filter(id=newest.id).delete()
    ChainHead.objects.filter(subject_id=newest.subject_id).update(
        seq=alice_chain[-1].seq, head_hash=alice_chain[-1].entry_hash
    )

    assert _verify_exit() is not None
    assert access_log_verify_for_resident(resident=alice).ok is False
