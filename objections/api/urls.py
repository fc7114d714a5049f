from django.urls import path

from objections.api.views import ObjectionCreateView, ObjectionListView

app_name = "objections-api"
urlpatterns = [
    path(
        # str, not uuid: any other text is this API's JSON 404, not the site's page.
        "access-log/<str:entry_id>/objection/",
        ObjectionCreateView.as_view(),
        name="create",
    ),
    path("objections/", ObjectionListView.as_view(), name="list"),
]
