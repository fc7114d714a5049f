"""The "portal" URL namespace: home, login and logout beside the vault's pages.

It lives in the project package, which composes the apps, so that the vault does not
import the login app (the apps depend downwards only; see the import contracts).
"""

from django.urls import path

from identity import views as identity_views
from vault import urls as vault_urls
from vault import views as vault_views

app_name = "portal"
urlpatterns = [
    path("", vault_views.home, name="home"),
    path("inloggen/", identity_views.LoginView.as_view(), name="login"),
    path("uitloggen/", identity_views.LogoutView.as_view(), name="logout"),
    *vault_urls.urlpatterns,
]
