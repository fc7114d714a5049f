from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WitnessConfig(AppConfig):
    """The transparency log's witness: a separate process with its own key and state file.
    No models: it keeps nothing in the municipality's database."""

    name = "witness"
    verbose_name = _("Witness")
