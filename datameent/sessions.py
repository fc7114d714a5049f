"""The absolute lifetime of a login session.

Idle sessions end by themselves: SESSION_COOKIE_AGE is 15 minutes and every request renews
it (SESSION_SAVE_EVERY_REQUEST). A session in constant use would then live for ever, so this
middleware ends it SESSION_ABSOLUTE_SECONDS after the login, however active it is.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED = "datameent_session_started"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)  # flushes the session; the view sees an anonymous user
        return self.get_response(request)
