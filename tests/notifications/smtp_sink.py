"""A real SMTP server for the tests (aiosmtpd), listening on a free loopback port.

It keeps every message it accepted, and can refuse the next few with a temporary error
(451), as a mail server that is busy or greylisting does.
"""

import email
import socket
import threading
from collections import Counter
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[Message] = []
        self.refuse_next = 0
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class SmtpSink:
    def __init__(self) -> None:
        self.handler = _Handler()
        self.port = _free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def refuse(self, count: int) -> None:
        with self.handler.lock:
            self.handler.refuse_next = count

    @property
    def refused(self) -> int:
        return self.handler.refused

    @property
    def messages(self) -> list[Message]:
        with self.handler.lock:
            return list(self.handler.messages)

    def message_ids(self) -> Counter[str]:
        # A long header is folded onto a second line; unfold it.
        return Counter("".join(str(message["Message-ID"]).split()) for message in self.messages)

    def duplicates(self) -> int:
        """Mails beyond the first per Message-ID; each delivery names its inbox entry there."""
        return sum(count - 1 for count in self.message_ids().values())

    def settings(self) -> dict[str, str]:
        """What a worker process needs in its environment to mail here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }
