"""Login and logout: the password form, the two providers' redirects and callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from mozilla_django_oidc import views as oidc_views

from accounts import services as account_services
from accounts.constants import BROWSER_COOKIE, BROWSER_COOKIE_AGE
from datameent.portal import remember_language
from identity.backends import config_setting
from identity.conf import ProviderConfig, provider_config
from identity.constants import (
    DIGID_LEVEL_NAMES,
    RESIDENTS,
    SESSION_ACR,
    SESSION_PROVIDER,
    STAFF,
    Refusal,
)

if TYPE_CHECKING:
    from accounts.models import User

REFUSAL_URLS = {
    Refusal.ACR_TOO_LOW: "identity:acr-too-low",
    Refusal.NO_ROLE: "identity:no-role",
    Refusal.FAILED: "identity:failed",
}


def _login_context() -> dict[str, Any]:
    return {
        "digid_enabled": provider_config(RESIDENTS) is not None,
        "staff_enabled": provider_config(STAFF) is not None,
        "local_login": settings.LOCAL_LOGIN,
    }


def _login_remember(request: HttpRequest, response: HttpResponseBase, user: User) -> None:
    """After any login (password or a provider's): a resident's login is recorded, and the
    browser keeps its token so the next login from it is recognised. The portal switches
    to the language she chose in her settings."""
    if not user.is_resident:
        return
    remember_language(response, user.language)
    token = account_services.login_record(
        resident=user,
        # axes resolved the client's address at authentication, behind trusted proxies.
        address=getattr(request, "axes_ip_address", None),
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
    """The portal's login page: DigiD first, then the staff provider, then (when allowed)
    the password form."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_login_context()}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        _login_remember(self.request, response, form.get_user())
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN:
            context = {**_login_context(), "local_login_refused": True}
            return render(request, "registration/login.html", context, status=403)
        return super().post(request, *args, **kwargs)


class _ProviderMixin:
    provider = ""

    @property
    def config(self) -> ProviderConfig | None:
        return provider_config(self.provider)

    def get_settings(self, attr: str, *args: Any) -> Any:
        return config_setting(self.config, attr, *args)


class AuthenticationRequestView(_ProviderMixin, oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        oidc_views.View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponseBase:
        config = self.config
        if config is None:
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        self.OIDC_OP_AUTH_ENDPOINT = config.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = config.client_id
        return super().get(request)


class CallbackView(_ProviderMixin, oidc_views.OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. The backend checks the tokens and claims;
    a refusal leaves no session behind and shows the page that says why."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        if self.config is None:
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this session never sent: a forged or replayed callback.
            return self.login_failure()

    def login_failure(self) -> HttpResponseRedirect:
        refusal = getattr(self.request, "identity_refusal", Refusal.FAILED)
        self.request.session.flush()
        return HttpResponseRedirect(
            reverse(REFUSAL_URLS.get(refusal, REFUSAL_URLS[Refusal.FAILED]))
        )

    def login_success(self) -> HttpResponseRedirect:
        acr = self.request.session.get(SESSION_ACR, "")
        response = super().login_success()
        self.request.session[SESSION_PROVIDER] = self.provider
        self.request.session[SESSION_ACR] = acr
        _login_remember(self.request, response, self.user)
        return response


class ResidentsAuthenticationRequestView(AuthenticationRequestView):
    provider = RESIDENTS


class ResidentsCallbackView(CallbackView):
    provider = RESIDENTS


class StaffAuthenticationRequestView(AuthenticationRequestView):
    provider = STAFF


class StaffCallbackView(CallbackView):
    provider = STAFF


class LogoutView(auth_views.LogoutView):
    """Ends the Datameent session and, after a provider login, the provider's too
    (OpenID Connect RP-initiated logout)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A link or a bookmark to this page asks first: logging out is a POST (CSRF), and a
        bare 405 would be a dead end."""
        if not request.user.is_authenticated:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        return render(request, "identity/logout.html")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider = request.session.get(SESSION_PROVIDER)
        config = provider_config(provider) if provider else None
        response = super().post(request, *args, **kwargs)
        if config is None or not config.end_session_endpoint:
            return response
        # No id_token_hint: the ID token carries the BSN and is not kept. RP-Initiated
        # Logout 1.0 lets client_id name the client instead.
        query = urlencode(
            {
                "client_id": config.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(
                    resolve_url(settings.LOGOUT_REDIRECT_URL)
                ),
            }
        )
        return HttpResponseRedirect(f"{config.end_session_endpoint}?{query}")


def acr_too_low(request: HttpRequest) -> HttpResponse:
    config = provider_config(RESIDENTS)
    level_name = DIGID_LEVEL_NAMES.get(config.min_acr, "") if config else ""
    return render(request, "identity/acr_too_low.html", {"level_name": level_name})


def no_role(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/no_role.html", status=403)


def failed(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/failed.html", status=400)
