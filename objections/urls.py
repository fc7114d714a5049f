from django.urls import path

from objections import views

app_name = "objections"
urlpatterns = [
    path("wie-keek-er/<uuid:entry_id>/dit-klopt-niet/", views.objection_create, name="create"),
    path("dit-klopt-niet/", views.objections_mine, name="mine"),
    path(
        "dit-klopt-niet/<uuid:objection_id>/intrekken/",
        views.objection_withdraw,
        name="withdraw",
    ),
    path("fg/", views.officer_home, name="officer-home"),
    path("fg/melding/<uuid:objection_id>/", views.officer_objection, name="officer-objection"),
    path("medewerker/vragen/", views.team_questions, name="team-questions"),
    path(
        "medewerker/vragen/<uuid:objection_id>/antwoord/",
        views.team_answer,
        name="team-answer",
    ),
]
