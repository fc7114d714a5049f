from django.urls import path

from accounts import views

app_name = "accounts-portal"
urlpatterns = [
    path("wanneer-logde-u-in/", views.login_history, name="logins"),
    path("instellingen/", views.settings_page, name="settings"),
]
