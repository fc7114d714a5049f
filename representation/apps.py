from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "representation"
    verbose_name = "Vertegenwoordiging"
