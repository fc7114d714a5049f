"""A realistic Dutch demo for Gemeente Meenthuizen. Idempotent: running it again adds nothing.

The steps run in order, in one transaction; each is idempotent itself and uses the other
apps through their services.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.constants import Role
from demo.cast import CAST, seed_organisations, seed_people
from demo.council import statistics_seed
from demo.gateway import access_seed, neighbourhood_seed
from demo.objections import objection_seed
from demo.records import seed_vault_records
from demo.representation import representation_seed
from municipal_gateway.services import checkpoint_create

SEED_STEPS: list[Callable[[], Any]] = [
    seed_organisations,
    seed_people,
    seed_vault_records,
    access_seed,
    neighbourhood_seed,
    statistics_seed,
    objection_seed,
    representation_seed,
    # A first signed checkpoint, for the council's demo witness (make witness) to cosign.
    checkpoint_create,
]


class Command(BaseCommand):
    help = "Load the Meenthuizen demo (residents, caseworkers, council, records). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION and not settings.DATAMEENT_DEMO:
            # It makes accounts whose passwords are in the README, a superuser among them.
            raise CommandError("seed_demo never runs with DJANGO_ENV=production")
        with transaction.atomic():
            for step in SEED_STEPS:
                step()
        self.stdout.write(self.style.SUCCESS("Demo data for Gemeente Meenthuizen is ready."))
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role, *_rest in CAST:
            self.stdout.write(f"  {username:<8} {password:<18} {Role(role).label}")
