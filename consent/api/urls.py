from django.urls import path

from consent.api import views

app_name = "consent-api"
urlpatterns = [
    path("purposes/", views.PurposeListApi.as_view(), name="purpose-list"),
    path("consents/", views.ConsentListApi.as_view(), name="consent-list"),
    path(
        "consents/<str:grant_id>/revoke/",
        views.ConsentRevokeApi.as_view(),
        name="consent-revoke",
    ),
    path("consents/<str:grant_id>/amend/", views.ConsentAmendApi.as_view(), name="consent-amend"),
    path(
        "consents/<str:grant_id>/receipt/",
        views.ConsentReceiptApi.as_view(),
        name="consent-receipt",
    ),
    path("consent-history/", views.ConsentHistoryApi.as_view(), name="consent-history"),
    path("access-requests/", views.AccessRequestListApi.as_view(), name="access-request-list"),
    path(
        "access-requests/<str:request_id>/approve/",
        views.AccessRequestApproveApi.as_view(),
        name="access-request-approve",
    ),
    path(
        "access-requests/<str:request_id>/deny/",
        views.AccessRequestDenyApi.as_view(),
        name="access-request-deny",
    ),
]
