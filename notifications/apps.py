from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Berichten aan inwoners")

    def ready(self) -> None:
        # The receivers for what accounts and consent announce; and the outbox relay, which
        # starts in each Celery worker and stops with it.
        from notifications import receivers, relay  # noqa: F401
