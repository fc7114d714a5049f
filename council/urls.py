from django.urls import path

from council import views

app_name = "council"
urlpatterns = [
    path("statistieken/", views.public_statistics, name="public"),
    path(
        "statistieken/grafiek/<int:year>/<slug:table>.svg",
        views.public_chart,
        name="public-chart",
    ),
    path("raad/statistieken/", views.statistics, name="statistics"),
    path("raad/statistieken/download/", views.statistics_csv, name="statistics-csv"),
    path(
        "raad/statistieken/grafiek/<int:year>/<slug:table>.svg",
        views.statistics_chart,
        name="statistics-chart",
    ),
]
