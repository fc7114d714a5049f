"""The operators' notification pages in the admin: open for root, read-only, no addresses."""

import pytest
from django.db import OperationalError

from notifications.constants import Channel, Kind
from notifications.models import EmailDelivery
from notifications.services import notification_preferences_update, outbox_message_deliver
from tests.notifications.test_delivery import _undelivered, database_fails_after, sink  # noqa: F401

pytestmark = pytest.mark.django_db


def test_root_sees_an_unknown_send_without_the_residents_address(
    root_client,
    sink,  # noqa: F811
    alice_with_email,
    bob,
):
    channels = {Kind.ACCESS: Channel.EMAIL}
    notification_preferences_update(resident=alice_with_email, channels=channels)
    message = _undelivered(alice_with_email, bob)
    with database_fails_after(lambda: len(sink.messages) > 0), pytest.raises(OperationalError):
        outbox_message_deliver(outbox_id=message.id)
    delivery = EmailDelivery.objects.get()
    assert delivery.state == "sending"  # its outcome is unknown

    listing = root_client.get("/admin/notifications/emaildelivery/")
    detail = root_client.get(f"/admin/notifications/emaildelivery/{delivery.pk}/change/")

    assert listing.status_code == 200 and detail.status_code == 200
    for page in (listing, detail):
        assert "alice@example.org" not in page.content.decode()


@pytest.mark.parametrize("model", ["emaildelivery", "outboxmessage"])
def test_nobody_adds_delivery_records(root_client, model):
    assert root_client.get(f"/admin/notifications/{model}/add/").status_code == 403


def test_what_residents_were_told_stays_out_of_the_admin(root_client):
    assert root_client.get("/admin/notifications/inboxentry/").status_code == 404
