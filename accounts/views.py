from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts import selectors, services
from accounts.models import User
from datameent.portal import AuthenticatedRequest, resident_required

BROWSER_COOKIE = "datameent_browser"
# Long-lived: it is how a browser is recognised at the next login (400 days, browsers' cap).
BROWSER_COOKIE_AGE = 400 * 24 * 3600
LOGINS_PER_PAGE = 50


class LoginView(auth_views.LoginView):
    """Django's login; a resident's login is recorded, and the browser keeps its token."""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        user: User = form.get_user()
        if user.is_resident:
            token = services.login_record(
                resident=user,
                # axes resolved the client's address, behind the proxy as configured.
                address=getattr(self.request, "axes_ip_address", None),
                user_agent=self.request.headers.get("User-Agent"),
                browser_token=self.request.COOKIES.get(BROWSER_COOKIE),
            )
            response.set_cookie(
                BROWSER_COOKIE,
                token,
                max_age=BROWSER_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response


@resident_required
def login_history(request: AuthenticatedRequest) -> HttpResponse:
    events = selectors.login_events_for_resident(resident=request.user)
    page = Paginator(events, LOGINS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/login_history.html", {"page": page})
