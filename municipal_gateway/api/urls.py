from django.urls import path

from municipal_gateway.api.caseworker_views import (
    PurposeListApi,
    RecordListApi,
    ResidentListApi,
    ResidentLookupApi,
)

app_name = "municipal_gateway-api"
urlpatterns = [
    path("purposes/", PurposeListApi.as_view(), name="purpose-list"),
    path("residents/", ResidentListApi.as_view(), name="resident-list"),
    path("residents/lookup/", ResidentLookupApi.as_view(), name="resident-lookup"),
    path("residents/<str:reference>/records/", RecordListApi.as_view(), name="record-list"),
]
