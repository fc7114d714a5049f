"""Writes for notifications. Other apps use these names only."""

from notifications.services.digests import digests_send
from notifications.services.grants import grant_expiry_warnings_send
from notifications.services.inbox import (
    inbox_entry_mark_read,
    inbox_entry_mark_unread,
    inbox_mark_all_read,
    notification_preferences_update,
    notification_settings_update,
    notifications_erase,
    resident_settings_update,
)
from notifications.services.outbox import (
    notification_enqueue,
    notification_enqueue_sql,
    notification_enqueued,
    outbox_message_deliver,
    outbox_sweep,
)

__all__ = [
    "digests_send",
    "grant_expiry_warnings_send",
    "inbox_entry_mark_read",
    "inbox_entry_mark_unread",
    "inbox_mark_all_read",
    "notification_enqueue",
    "notification_enqueue_sql",
    "notification_enqueued",
    "notification_preferences_update",
    "notification_settings_update",
    "notifications_erase",
    "outbox_message_deliver",
    "outbox_sweep",
    "resident_settings_update",
]
