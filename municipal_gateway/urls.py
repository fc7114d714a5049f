from django.urls import path

from municipal_gateway import views

app_name = "gateway-portal"
urlpatterns = [
    path("medewerker/", views.caseworker_home, name="caseworker-home"),
    path("medewerker/opzoeken/", views.resident_lookup, name="resident-lookup"),
    path("medewerker/inwoner/<str:reference>/", views.resident_read, name="resident-read"),
    path("wie-keek-er/", views.access_log, name="access-log"),
    path("wie-keek-er/<uuid:entry_id>/", views.access_log_entry, name="access-log-entry"),
]
