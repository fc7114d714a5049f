from django.urls import path

from vault.api.record_types import RecordTypeDetailApi, RecordTypeListApi

app_name = "record-types"
urlpatterns = [
    path("", RecordTypeListApi.as_view(), name="list"),
    path("<str:code>/", RecordTypeDetailApi.as_view(), name="detail"),
]
