from django.urls import path

from representation_portal.api import views

app_name = "represented-api"
urlpatterns = [
    path("", views.RepresentedListApi.as_view(), name="list"),
    path("<str:subject_id>/records/", views.RepresentedRecordListApi.as_view(), name="records"),
    path(
        "<str:subject_id>/records/<str:record_id>/",
        views.RepresentedRecordDetailApi.as_view(),
        name="record",
    ),
    path("<str:subject_id>/consents/", views.RepresentedConsentListApi.as_view(), name="consents"),
    path(
        "<str:subject_id>/consents/<str:grant_id>/revoke/",
        views.RepresentedConsentRevokeApi.as_view(),
        name="consent-revoke",
    ),
    path(
        "<str:subject_id>/access-requests/",
        views.RepresentedRequestListApi.as_view(),
        name="access-requests",
    ),
    path(
        "<str:subject_id>/access-requests/<str:request_id>/answer/",
        views.RepresentedRequestAnswerApi.as_view(),
        name="access-request-answer",
    ),
    path(
        "<str:subject_id>/access-log/", views.RepresentedAccessLogApi.as_view(), name="access-log"
    ),
]
