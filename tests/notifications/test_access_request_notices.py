from django.db import connection
from django.test.utils import CaptureQueriesContext

from consent.services import access_request_create, purposes_seed
from notifications.models import InboxEntry, OutboxMessage
from tests.conftest import ALICE_BSN

NO_VAULT_BSN = "100000009"


def _ask(bob, bsn: str):
    from consent.selectors import current_purposes

    code = next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")
    return access_request_create(
        caseworker=bob,
        purpose_code=code,
        categories=["household"],
        reason="Intake huishoudelijke hulp",
        bsn=bsn,
    )


def test_it_tells_the_resident_of_a_new_access_request(
    bob, alice, django_capture_on_commit_callbacks
):
    purposes_seed()
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(bob, ALICE_BSN)

    entry = InboxEntry.objects.get(resident=alice)
    assert entry.kind == "access_request"
    assert entry.context["request_id"] == str(request.id)
    assert "Intake huishoudelijke hulp" == entry.context["reason"]


def test_it_records_the_same_work_with_or_without_a_vault(
    bob, alice, django_capture_on_commit_callbacks
):
    purposes_seed()
    counts = []
    for bsn in (ALICE_BSN, NO_VAULT_BSN):
        with CaptureQueriesContext(connection) as queries:
            _ask(bob, bsn)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert OutboxMessage.objects.filter(kind="access_request", resident=None).count() == 2


def test_it_delivers_a_request_for_an_unknown_bsn_to_nobody(
    bob, django_capture_on_commit_callbacks
):
    purposes_seed()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(bob, NO_VAULT_BSN)

    assert not InboxEntry.objects.exists()
    assert OutboxMessage.objects.get().delivered_at is not None
