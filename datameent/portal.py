"""Portal plumbing shared by all apps: role guards and the role-based menu."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.constants import Role

if TYPE_CHECKING:
    from accounts.models import User

View = Callable[..., HttpResponse]
R = TypeVar("R", bound=HttpResponseBase)


class AuthenticatedRequest(HttpRequest):
    """What a view behind ``role_required`` receives: the user is a logged-in ``User``."""

    user: User


# (role, url name, label). Pages that do not exist (yet) are left out of the menu.
MENU = [
    (Role.RESIDENT, "overview:overview", _("Overzicht")),
    (Role.RESIDENT, "portal:records", _("Mijn gegevens")),
    (Role.RESIDENT, "consent-portal:consents", _("Toestemmingen")),
    (Role.RESIDENT, "consent-portal:requests", _("Verzoeken")),
    (Role.RESIDENT, "gateway-portal:access-log", _("Wie keek er?")),
    (Role.RESIDENT, "objections:mine", _("Mijn meldingen")),
    (Role.RESIDENT, "accounts-portal:logins", _("Wanneer logde u in?")),
    (Role.RESIDENT, "notifications-portal:inbox", _("Berichten")),
    (Role.RESIDENT, "portal:data-rights", _("Downloaden of wissen")),
    (Role.RESIDENT, "notifications-portal:settings", _("Instellingen")),
    (Role.RESIDENT, "representation:who-may", _("Wie mag namens mij?")),
    (Role.RESIDENT, "representation:act-for", _("Ik regel dit voor")),
    (Role.CASEWORKER, "gateway-portal:caseworker-home", _("Mijn inwoners")),
    (Role.CASEWORKER, "consent-portal:caseworker-requests", _("Toegang vragen")),
    (Role.CASEWORKER, "objections:team-questions", _("Vragen aan mijn team")),
    (Role.COUNCIL, "council:statistics", _("Statistieken")),
    (Role.PRIVACY_OFFICER, "objections:officer-home", _("Meldingen en signalen")),
    (Role.REGISTRAR, "representation:registrar", _("Vertegenwoordigingen")),
]


def role_required(role: str) -> Callable[[View], View]:
    """Only users with ``role``. Others get a 404, so the page's existence does not leak."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "role", None) != role:
                raise Http404()
            response = view(request, *args, **kwargs)
            response.setdefault("Cache-Control", "no-store")
            return response

        return wrapped

    return decorator


def post_only(page: Callable[..., str]) -> Callable[[View], View]:
    """A form's target that only acts on POST. A GET comes from a form sent after the session
    ended: the login sends the person back here with GET. They land on the form's page
    (``page(**kwargs)`` gives its URL), told that nothing was done, instead of a blank 405.
    Put it below the role guard, so the login comes first."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["POST"])
            messages.info(request, _NOT_DONE)
            return redirect(page(**kwargs))

        return wrapped

    return decorator


_NOT_DONE = _(
    "Uw keuze is nog niet verwerkt. Misschien moest u opnieuw inloggen. Kies hieronder opnieuw."
)
resident_required = role_required(Role.RESIDENT)
caseworker_required = role_required(Role.CASEWORKER)
council_required = role_required(Role.COUNCIL)
privacy_officer_required = role_required(Role.PRIVACY_OFFICER)


def portal_menu(request: HttpRequest) -> dict[str, Any]:
    role = getattr(request.user, "role", None)
    items = []
    for item_role, name, label in MENU:
        if item_role != role:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path.startswith(url)
        items.append({"name": name, "url": url, "label": label, "current": current})
    return {"portal_menu": items}


def access_log_day_url(moment: datetime) -> str:
    """The resident's log on the day of ``moment``: the log has no page per entry, and a
    day stays put when newer entries push an entry to a later page."""
    day = timezone.localdate(moment).isoformat()
    query = urlencode({"date_from": day, "date_to": day})
    return f"{reverse('gateway-portal:access-log')}?{query}"


def remember_language(response: R, language: str) -> R:
    """The portal speaks ``language`` from the next page on (the cookie Django's language
    switch sets too). For a resident's stored choice: at login and when she saves it."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    """A JSON document as a file to save. Encoded as the API encodes it (DjangoJSONEncoder:
    translated labels, dates, UUIDs), so the download and the API give the same document."""
    response = JsonResponse(
        document, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
