from django.core.management.base import BaseCommand

from consent.services import purposes_seed


class Command(BaseCommand):
    help = "Add the example purpose register of Gemeente Meenthuizen. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        created = purposes_seed()
        self.stdout.write(self.style.SUCCESS(f"{created} purpose(s) added."))
