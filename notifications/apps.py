from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Berichten aan inwoners")

    def ready(self) -> None:
        # The receivers for what accounts and consent announce; the outbox relay, which
        # starts in each Celery worker and stops with it; and the tasks, so that the relay
        # finds the delivery task in Celery's registry in every process, not only in workers.
        from notifications import receivers, relay, tasks  # noqa: F401
