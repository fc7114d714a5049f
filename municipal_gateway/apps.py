from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalGatewayConfig(AppConfig):
    name = "municipal_gateway"
    verbose_name = _("Municipal gateway")
