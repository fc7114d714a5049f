"""The product's URLs plus the baselines the gateway read is measured against.

- ``bench/bare/``: a Django JSON view that does no work at all.
- ``bench/select/``: the same with one database round trip (``SELECT 1``).
- ``bench/insert/``: the same with one durable write in one round trip: a 200-byte row
  inserted in autocommit (the floor issue 15 quoted, "a single autocommit INSERT view").
- ``bench/write/``: the same in a transaction (BEGIN, INSERT, COMMIT: three round trips, as
  Django's ``atomic`` does). Every gateway read writes its access-log entry and commits.
- ``bench/lean/<reference>/``: the least a logged gateway read can do (``lean_read.py``).
"""

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from lean_read import lean

WRITE_TABLE = "bench_write"
WRITE_TABLE_SQL = f"CREATE TABLE IF NOT EXISTS {WRITE_TABLE} (id bigserial PRIMARY KEY, body text)"


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def select(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


def insert(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {WRITE_TABLE} (body) VALUES (%s)", ["x" * 200])
    return JsonResponse({"ok": True})


def write(request: HttpRequest) -> JsonResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {WRITE_TABLE} (body) VALUES (%s)", ["x" * 200])
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/select/", select),
    path("bench/insert/", insert),
    path("bench/write/", write),
    path("bench/lean/<str:reference>/", lean),
    path("", include("datameent.urls")),
]
