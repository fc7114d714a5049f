from django.urls import path

from notifications import views

app_name = "notifications-portal"
urlpatterns = [
    path("berichten/", views.inbox, name="inbox"),
    path("instellingen/", views.settings_page, name="settings"),
    path("berichten/alles-gelezen/", views.mark_all_read, name="read-all"),
    path("berichten/<uuid:entry_id>/", views.entry, name="entry"),
    path("berichten/<uuid:entry_id>/gelezen/", views.mark_read, name="read"),
    path("berichten/<uuid:entry_id>/ongelezen/", views.mark_unread, name="unread"),
]
