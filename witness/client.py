"""The witness reads the log over plain HTTP, only from its public endpoints, and retries
while the server is down. It never needs the municipality's database or a login."""

import base64
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

logger = logging.getLogger("datameent.witness")


class LogUnreachable(Exception):
    """The log did not answer (or answered 5xx) after every retry."""


class LogRefused(Exception):
    """The log answered with a 4xx: it would not give or take this."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body[:200]}")
        self.status = status


@dataclass
class LogClient:
    base_url: str
    retries: int = 3
    backoff: float = 1.0
    timeout: float = 10.0

    def _url(self, path: str, query: dict | None = None) -> str:
        url = self.base_url.rstrip("/") + "/api/v1/log/" + path
        return f"{url}?{urllib.parse.urlencode(query)}" if query else url

    def _send(self, request: urllib.request.Request) -> bytes:
        for attempt in range(1, self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    raise LogRefused(error.code, error.read().decode(errors="replace")) from None
                problem = f"HTTP {error.code}"
            except (urllib.error.URLError, OSError) as error:
                problem = str(error)
            logger.warning(
                "No answer from the log (try %s of %s): %s", attempt, self.retries, problem
            )
            if attempt < self.retries:
                time.sleep(self.backoff * attempt)
        raise LogUnreachable(f"{request.full_url}: no answer after {self.retries} tries")

    def checkpoint(self) -> str:
        return self._send(urllib.request.Request(self._url("checkpoint"))).decode()

    def consistency(self, first: int, second: int) -> list[bytes]:
        url = self._url("consistency/", {"first": first, "second": second})
        body = json.loads(self._send(urllib.request.Request(url)))
        return [base64.b64decode(node) for node in body["proof"]]

    def cosign(self, note: str) -> None:
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        request = urllib.request.Request(
            self._url("cosignatures/"), data=note.encode(), headers=headers, method="POST"
        )
        self._send(request)

    def alarm(self, alarm: dict) -> None:
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(
            self._url("alarms/"), data=json.dumps(alarm).encode(), headers=headers, method="POST"
        )
        self._send(request)
