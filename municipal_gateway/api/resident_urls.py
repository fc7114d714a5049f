from django.urls import path

from municipal_gateway.api.views import (
    AccessLogListView,
    AccessLogVerifyView,
    CheckpointLatestView,
)

app_name = "access-log-api"
urlpatterns = [
    path("access-log/", AccessLogListView.as_view(), name="list"),
    path("access-log/verify/", AccessLogVerifyView.as_view(), name="verify"),
    path(
        "access-log/checkpoints/latest/",
        CheckpointLatestView.as_view(),
        name="checkpoint-latest",
    ),
]
