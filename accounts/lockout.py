"""A lockout that cannot be turned against the owner.

django-axes counts failures per username-and-address pair and per address
(``AXES_LOCKOUT_PARAMETERS``); this module adds what axes cannot say in settings alone:

- two limits: the pair locks after ``AXES_FAILURE_LIMIT`` failures, the address alone after
  the higher ``AXES_ADDRESS_FAILURE_LIMIT`` (one address trying many usernames);
- a delay that doubles with each failure after a lock, up to ``AXES_COOLOFF_MAX_MINUTES``.

A stranger's failures never count against the owner's own address, so knowing a
resident's username is not enough to keep them from logging in and withdrawing consent.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def _pair_failures(request: HttpRequest | None) -> int:
    """All failures of this pair that axes still remembers, whatever their age."""
    address = getattr(request, "axes_ip_address", None)
    if request is None or not address:
        return 0
    username = get_client_username(request)
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``: the window in which failures count, and so the lock's length.

    The base delay below the limit; doubled for each failure of the pair beyond it.
    """
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    maximum = timedelta(minutes=settings.AXES_COOLOFF_MAX_MINUTES)
    beyond = _pair_failures(request) - settings.AXES_FAILURE_LIMIT
    if beyond <= 0:
        return base
    # Capped exponent: 2**20 base delays is far past any sensible maximum already.
    return min(base * 2 ** min(beyond, 20), maximum)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per lockout parameter and a longer memory."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # axes compares one number with AXES_FAILURE_LIMIT. The address count is put on the
        # pair's scale: it reaches the pair limit exactly when it reaches the address limit.
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        headroom = settings.AXES_ADDRESS_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT
        return max(pair, address - headroom)

    def clean_expired_user_attempts(
        self, request: HttpRequest | None = None, credentials: dict | None = None
    ) -> int:
        # axes would forget every pair older than *this* request's cool-off; a pair's count
        # must outlive its own lock, or the next delay could not grow. No lock is longer than
        # the maximum, so a pair quiet for twice that long starts afresh.
        memory = 2 * timedelta(minutes=settings.AXES_COOLOFF_MAX_MINUTES)
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - memory).delete()
        return count


def client_address(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address a login comes from.

    Without trusted proxies (``TRUSTED_PROXY_COUNT`` 0) that is the connection's own
    address. With N proxies in front, each appends the address it saw to X-Forwarded-For,
    so the N-th entry from the right is the one the outermost proxy saw: the client. Entries
    further left are whatever the client sent, and are never believed.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
