from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from datameent.health import check_register


class VaultConfig(AppConfig):
    name = "vault"
    verbose_name = _("Vault")

    def ready(self) -> None:
        # The selectors import the models: only once the app registry is ready.
        from vault.selectors import keyring_status

        check_register("keyring", keyring_status, needs_database=True)
