"""Council fixtures: the gateway's log helper and purpose register, carol's session, and a
reader for the statistics page's tables."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.municipal_gateway.conftest import append_entry  # noqa: F401 - a fixture

STATISTICS = "/raad/statistieken/"
STATISTICS_CSV = "/raad/statistieken/download/"
STATISTICS_API = "/api/v1/council/statistics/"


@pytest.fixture
def carol_client(carol) -> Client:
    client = Client()
    client.force_login(carol)
    return client


class _Tables(HTMLParser):
    """Each table of a page as its caption and its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._cell: str | None = None
        self._rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self._rows = self.tables.setdefault(" ".join(self._caption.split()), [])
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))
