from django.urls import path

from council.api.views import StatisticsView

app_name = "council-api"
urlpatterns = [path("statistics/", StatisticsView.as_view(), name="statistics")]
