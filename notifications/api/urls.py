from django.urls import path

from notifications.api import views

app_name = "notifications-api"
urlpatterns = [
    path("inbox/", views.InboxListView.as_view(), name="inbox"),
    path("inbox/read-all/", views.InboxReadAllView.as_view(), name="inbox-read-all"),
    path("inbox/<str:entry_id>/read/", views.InboxEntryReadView.as_view(), name="inbox-read"),
    path("inbox/<str:entry_id>/unread/", views.InboxEntryUnreadView.as_view(), name="inbox-unread"),
    path(
        "notification-preferences/",
        views.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
]
