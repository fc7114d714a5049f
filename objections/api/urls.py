from django.urls import path

from objections.api.views import ObjectionCreateView, ObjectionListView

app_name = "objections-api"
urlpatterns = [
    path(
        "access-log/<uuid:entry_id>/objection/",
        ObjectionCreateView.as_view(),
        name="create",
    ),
    path("objections/", ObjectionListView.as_view(), name="list"),
]
