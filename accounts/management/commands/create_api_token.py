from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import api_token_create
from datameent.api import DomainError


class Command(BaseCommand):
    help = "Create an API token for a caseworker. The token is printed once."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--name", default="case system")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}")
        try:
            api_token, token = api_token_create(user=user, name=options["name"])
        except DomainError as exc:
            raise CommandError(exc.detail) from None
        self.stdout.write(f"Token {api_token.prefix} for {user.username}: {token}")
