from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase

from identity.constants import SESSION_ACR, SESSION_PROVIDER

LOCAL = "local"


@dataclass(frozen=True)
class LoginMethod:
    """How a session was opened: the provider (``residents``, ``staff``, or ``local`` for
    the password form) and the assurance level it stated, if any. For the access log."""

    provider: str
    acr: str = ""


def login_method(session: SessionBase) -> LoginMethod:
    provider = session.get(SESSION_PROVIDER)
    if not provider:
        return LoginMethod(provider=LOCAL)
    return LoginMethod(provider=str(provider), acr=str(session.get(SESSION_ACR) or ""))
