from django.urls import path

from municipal_gateway.api.log_views import (
    CheckpointAtView,
    CheckpointView,
    ConsistencyView,
    CosignatureView,
    WitnessAlarmView,
)

app_name = "log-api"
urlpatterns = [
    path("checkpoint", CheckpointView.as_view(), name="checkpoint"),
    path("checkpoints/<int:size>", CheckpointAtView.as_view(), name="checkpoint-at"),
    path("consistency/", ConsistencyView.as_view(), name="consistency"),
    path("cosignatures/", CosignatureView.as_view(), name="cosignatures"),
    path("alarms/", WitnessAlarmView.as_view(), name="alarms"),
]
