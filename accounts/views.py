from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from accounts import selectors, services
from accounts.lockout import client_address
from accounts.models import User
from datameent.portal import AuthenticatedRequest, resident_required

BROWSER_COOKIE = "datameent_browser"
# Long-lived: it is how a browser is recognised at the next login (400 days, browsers' cap).
BROWSER_COOKIE_AGE = 400 * 24 * 3600
LOGINS_PER_PAGE = 50


def login_remember(request: HttpRequest, response: HttpResponseBase, user: User) -> None:
    """After any login (password or a provider's): a resident's login is recorded, and the
    browser keeps its token so the next login from it is recognised."""
    if not user.is_resident:
        return
    token = services.login_record(
        resident=user,
        # axes resolved the client's address, behind the proxies as configured.
        address=getattr(request, "axes_ip_address", None) or client_address(request),
        user_agent=request.headers.get("User-Agent"),
        browser_token=request.COOKIES.get(BROWSER_COOKIE),
    )
    response.set_cookie(
        BROWSER_COOKIE,
        token,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


class LoginView(auth_views.LoginView):
    """Django's login; a resident's login is recorded (``login_remember``)."""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        login_remember(self.request, response, form.get_user())
        return response


@resident_required
def login_history(request: AuthenticatedRequest) -> HttpResponse:
    events = selectors.login_events_for_resident(resident=request.user)
    page = Paginator(events, LOGINS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/login_history.html", {"page": page})
