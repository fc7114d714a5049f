from django.urls import path

from consent import views

app_name = "consent-portal"
urlpatterns = [
    path("toestemmingen/", views.consents, name="consents"),
    path("toestemmingen/doelen/", views.purposes, name="purposes"),
    path("toestemmingen/geven/<slug:code>/", views.grant_new, name="grant-new"),
    path("toestemmingen/<uuid:grant_id>/intrekken/", views.revoke, name="revoke"),
    path("toestemmingen/<uuid:grant_id>/bewijs/", views.receipt, name="receipt"),
    path("toestemmingen/geschiedenis/", views.history, name="history"),
    path("verzoeken/", views.requests, name="requests"),
    path("verzoeken/<uuid:request_id>/goedkeuren/", views.approve, name="approve"),
    path("verzoeken/<uuid:request_id>/afwijzen/", views.deny, name="deny"),
    path("medewerker/toegang-vragen/", views.caseworker_requests, name="caseworker-requests"),
]
