from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from datameent.gateway import gateway_include
from datameent.theme import theme_stylesheet

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/me/", include("vault.api.urls")),
    path("api/v1/record-types/", include("vault.api.record_type_urls")),
    path("api/v1/me/", include("consent.api.urls")),
    path("api/v1/me/", include("notifications.api.urls")),
    path("api/v1/me/", include("municipal_gateway.api.resident_urls")),
    # Only caseworkers ever see these; gateway_include checks every view carries the guard.
    path("api/v1/gateway/", gateway_include("consent.api.gateway_urls")),
    path("api/v1/gateway/", gateway_include("municipal_gateway.api.urls")),
    path("api/v1/council/", include("council.api.urls")),
    # The transparency log: public, no login (docs/transparency.md).
    path("api/v1/log/", include("municipal_gateway.api.log_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("thema.css", theme_stylesheet, name="theme-stylesheet"),
    path("", include("identity.urls")),
    path("", include("consent.urls")),
    path("", include("municipal_gateway.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("overview.urls")),
    path("", include("datameent.portal_urls")),
    path("", include("council.urls")),
    path("", include("objections.urls")),
    path("api/v1/me/", include("objections.api.urls")),
    path("", include("representation_portal.urls")),
    path("api/v1/represented/", include("representation_portal.api.urls")),
]

# An outage outside a view (in a middleware, or saving the session) still gets its 503.
handler500 = "datameent.middleware.server_error"
# Too many fields or too large a body: JSON on the API too.
handler400 = "datameent.middleware.bad_request"
