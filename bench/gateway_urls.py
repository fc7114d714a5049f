"""The product's URLs plus the baselines the gateway read is measured against.

- ``bench/bare/``: a Django JSON view that does no work at all.
- ``bench/select/``: the same with one database round trip (``SELECT 1``).
- ``bench/write/``: the same with one durable write: a 200-byte row inserted and committed.
  Every gateway read writes its access-log entry and commits, so this is its floor.
"""

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

WRITE_TABLE = "bench_write"
WRITE_TABLE_SQL = f"CREATE TABLE IF NOT EXISTS {WRITE_TABLE} (id bigserial PRIMARY KEY, body text)"


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def select(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


def write(request: HttpRequest) -> JsonResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {WRITE_TABLE} (body) VALUES (%s)", ["x" * 200])
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/select/", select),
    path("bench/write/", write),
    path("", include("datameent.urls")),
]
