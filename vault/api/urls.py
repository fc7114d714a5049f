from django.urls import path

from vault.api import views

app_name = "vault-api"
urlpatterns = [
    path("records/", views.RecordListApi.as_view(), name="record-list"),
    path("records/<str:record_id>/", views.RecordDetailApi.as_view(), name="record-detail"),
    path(
        "records/<str:record_id>/versions/",
        views.RecordVersionsApi.as_view(),
        name="record-versions",
    ),
    path(
        "records/<str:record_id>/document/",
        views.RecordDocumentApi.as_view(),
        name="record-document",
    ),
    path("export/", views.ExportApi.as_view(), name="export"),
    path("vault/", views.VaultEraseApi.as_view(), name="vault"),
]
