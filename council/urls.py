from django.urls import path

from council import views

app_name = "council"
urlpatterns = [
    path("raad/statistieken/", views.statistics, name="statistics"),
    path("raad/statistieken/download/", views.statistics_csv, name="statistics-csv"),
]
