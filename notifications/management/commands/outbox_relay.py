"""Run the outbox relay as its own process, beside or instead of the workers' relays.

Stops on SIGTERM or SIGINT after the batch it is handing over (docs/operations.md).
"""

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications.relay import RelayLoop
from notifications.services import outbox_relay


class Command(BaseCommand):
    help = "Hand pending outbox messages to the broker, woken by NOTIFY or every second."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="hand over once, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(f"{outbox_relay()} message(s) handed over.")
            return
        loop = RelayLoop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: loop.stop())
        loop.run()
