from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Berichten aan inwoners")

    def ready(self) -> None:
        # Connects the receivers for what accounts and consent announce.
        from notifications import receivers  # noqa: F401
