from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalGatewayConfig(AppConfig):
    name = "municipal_gateway"
    verbose_name = _("Municipal gateway")

    def ready(self) -> None:
        from municipal_gateway import checks  # noqa: F401 - registers the system check
