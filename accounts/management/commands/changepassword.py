"""Django's ``changepassword``, refusing residents: their password is theirs alone."""

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.core.management.base import CommandError

from accounts.selectors import user_is_resident


class Command(changepassword.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        if user_is_resident(username=options["username"] or getpass.getuser()):
            raise CommandError(
                "Dit is het account van een inwoner: alleen de inwoner zelf kiest een "
                "wachtwoord. Zie docs/operations.md."
            )
        return super().handle(*args, **options)
