from django.urls import path

from identity import views

app_name = "identity"
urlpatterns = [
    path(
        "inloggen/digid/",
        views.ResidentsAuthenticationRequestView.as_view(),
        name="residents-login",
    ),
    path("inloggen/digid/terug/", views.ResidentsCallbackView.as_view(), name="residents-callback"),
    path(
        "inloggen/medewerker/", views.StaffAuthenticationRequestView.as_view(), name="staff-login"
    ),
    path("inloggen/medewerker/terug/", views.StaffCallbackView.as_view(), name="staff-callback"),
    path("inloggen/niveau-te-laag/", views.acr_too_low, name="acr-too-low"),
    path("inloggen/geen-toegang/", views.no_role, name="no-role"),
    path("inloggen/mislukt/", views.failed, name="failed"),
]
