from django.urls import path

from consent.api.gateway import GatewayAccessRequestApi

app_name = "consent-gateway"
urlpatterns = [
    path("access-requests/", GatewayAccessRequestApi.as_view(), name="access-request-list"),
]
