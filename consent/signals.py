"""What consent announces, for the apps above it to act on (consent imports none of them).

Receivers run inside the sender's transaction, so what they write commits or rolls back with it.
"""

from django.dispatch import Signal

# A caseworker asked a resident for consent: ``request`` (AccessRequest), ``version`` (its
# PurposeVersion) and ``now``. Notifications records the message for the resident.
access_request_made = Signal()
