from django.urls import path

from overview import views

app_name = "overview"
urlpatterns = [
    path("overzicht/", views.overview, name="overview"),
]
