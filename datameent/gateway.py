"""The caseworker gateway (/api/v1/gateway/) exists for caseworkers only.

Every view mounted there must carry ``CaseworkerOnly``; ``gateway_include`` refuses to
mount one that does not, so a new endpoint cannot forget it. Anyone else who is logged in
gets a 404 for every method, OPTIONS and HEAD included: the gateway does not show that it
exists. Strangers are asked to log in, as everywhere in the API.

Bad characters in a caseworker's input (``datameent.hygiene``) are refused here, after
authentication, so the refused attempt can be logged where the gateway logs attempts.
"""

from importlib import import_module
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.constants import Role
from datameent import hygiene
from datameent.api import NotFound


class GatewayNotFound(NotFound):
    """What anyone but a caseworker gets from the gateway: nothing to see here."""

    code = "not_found"
    default_detail = _("Deze pagina bestaat niet.")


class CaseworkerOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers not_authenticated
        if getattr(request.user, "role", None) != Role.CASEWORKER:
            raise GatewayNotFound()
        if hygiene.refused(request._request):
            refused = getattr(view, "invalid_input_refused", None)
            if refused is not None:
                refused()  # logs the attempt
            raise hygiene.InvalidCharacters()
        return True


def _views(patterns: list[Any]) -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.extend(_views(pattern.url_patterns))
        elif isinstance(pattern, URLPattern):
            found.append((str(pattern.pattern), pattern.callback))
    return found


def gateway_include(module_name: str) -> Any:
    """``include(module_name)``, after checking that every view in it is caseworker-only."""
    for route, view in _views(import_module(module_name).urlpatterns):
        view_class = getattr(view, "cls", None)
        guarded = CaseworkerOnly in getattr(view_class, "permission_classes", ())
        if not (guarded and getattr(view_class, "checks_input_itself", False)):
            raise ImproperlyConfigured(
                f"{module_name}: {route} is mounted under the gateway without CaseworkerOnly"
            )
    return include(module_name)
