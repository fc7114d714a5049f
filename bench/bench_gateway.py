"""Gateway read throughput against a bare Django JSON view, on gunicorn and PostgreSQL.

One run, one server (gunicorn, sync workers, on 127.0.0.1 at a free port), one load
generator on loopback (wrk: fixed connections, fixed duration; it stops by itself):

- *bare*: ``GET /bench/bare/``, a Django view that returns ``{"ok": true}``: the same
  middleware, no database, no work. The baseline.
- *gateway*: ``GET /api/v1/gateway/residents/{ref}/records/?purpose=…&category=health`` with
  an API token and ``X-Reason``: token check, consent decision (grant FOR SHARE), decryption,
  one access-log entry in the resident's chain, one pending outbox notification, commit (the
  relay hands it to the broker outside the request). Allowed reads, spread over the small
  data set's residents.

The variants run interleaved (bare, gateway, bare, gateway …), once per data set (``--sizes``):
*small*, 1,000 residents (every one real: vault, records, grant); then, after loading more
residents and log entries into the same database in SQL (synthetic vaults, records, grants,
references, chains, outbox; see DATA_TEXT), *large* (100,000 residents, 1,000,000 entries)
and *xlarge* (1,000,000 residents, 10,000,000 entries).

Database ``datameent_bench_gw`` (recreated), Redis database 7 (flushed). Figures go to the
"## Gateway read throughput" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_gateway.py
    .venv/bin/python bench/bench_gateway.py --sizes small,20000:200000 --duration 5 --no-write
    .venv/bin/python bench/bench_gateway.py --sizes xlarge --load-only   # time the load
    .venv/bin/python bench/bench_gateway.py --profile 500     # where a read's CPU goes
"""

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchsetup import recreate_postgres, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Gateway read throughput"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_gw"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
PURPOSE = "wmo-huishoudelijke-hulp"
REASON = "Herindicatie huishoudelijke hulp"

# wrk prints the run's figures on one line, in microseconds, for this script to read.
DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout))
end
"""
GATEWAY_LUA = """
local refs = {%(refs)s}
local n = 0
local headers = {["Authorization"] = "Token %(token)s", ["X-Reason"] = "%(reason)s"}
request = function()
  n = n + 1
  local ref = refs[(n %% #refs) + 1]
  local path = "%(path)s" .. ref .. "%(tail)s"
  return wrk.format("GET", path .. "?purpose=%(purpose)s&category=health", headers)
end
"""


# -- setup ---------------------------------------------------------------------------------


def _environment(pg_url: str, redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "gateway_settings",
        "DEBUG": "false",  # DEBUG keeps every query in memory
        "DATABASE_URL": pg_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
    }


def _setup_existing(pg_url: str, redis_url: str) -> None:
    """Django on a database a run left behind: nothing recreated, nothing loaded."""
    os.environ.update(_environment(pg_url, redis_url))
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()


def _setup(pg_url: str, redis_url: str, *, reuse: bool = False) -> None:
    """A new database, or with ``reuse`` the one an earlier run loaded, migrated to this code."""
    os.environ.update(_environment(pg_url, redis_url))
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    if not reuse:
        recreate_postgres(pg_url)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Demo-strength password hashing: 1,000 logins are created, none is ever used.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from django.db import connection
    from gateway_urls import WRITE_TABLE_SQL

    with connection.cursor() as cursor:
        cursor.execute(WRITE_TABLE_SQL)


# -- data ----------------------------------------------------------------------------------


def _cast() -> tuple[Any, str, Any]:
    from accounts.constants import Role
    from accounts.services import (
        api_token_create,
        department_get_or_create,
        membership_start,
        organisation_get_or_create,
        user_create,
    )
    from consent.services import purposes_seed

    municipality = organisation_get_or_create(name="Gemeente Meenthuizen", oin="0" * 20)
    wmo = department_get_or_create(organisation=municipality, code="wmo", name="Team Wmo")
    department_get_or_create(organisation=municipality, code="inkomen", name="Team Inkomen")
    purposes_seed()
    bob = user_create(username="bob", password=None, role=Role.CASEWORKER, first_name="Bob")
    membership_start(user=bob, department=wmo)
    _, token = api_token_create(user=bob, name="bench")
    return wmo, token, bob


def _cast_again() -> tuple[Any, str, Any]:
    """The cast an earlier run made, with a new token for bob."""
    from accounts.models import User
    from accounts.selectors import department_get
    from accounts.services import api_token_create

    bob = User.objects.get(username="bob")
    _, token = api_token_create(user=bob, name="bench again")
    return department_get(code="wmo"), token, bob


def _real_references(count: int, wmo: Any) -> list[str]:
    """bob's references to the real residents an earlier run made (the same ones again)."""
    from accounts.models import User
    from municipal_gateway.services.references import reference_get_or_create

    residents = User.objects.filter(username__in=[f"inwoner{n}" for n in range(count)])
    return [reference_get_or_create(resident=resident, department=wmo) for resident in residents]


def _real_residents(count: int, wmo: Any) -> list[str]:
    """Residents made through the services, as in life. Returns bob's references."""
    from consent.services import grant_create
    from municipal_gateway.services.references import reference_get_or_create
    from tests.factories import valid_bsn
    from vault.services import record_create, resident_create

    refs = []
    for number in range(count):
        resident = resident_create(
            username=f"inwoner{number}", password=None, bsn=valid_bsn(number)
        )
        for category, title in (("health", "Zorgbehoefte"), ("household", "Huishouden")):
            content = {"omschrijving": "x" * 400, "uren_per_week": number % 7}
            record_create(resident=resident, category=category, title=title, content=content)
        grant_create(resident=resident, purpose_code=PURPOSE, categories=["health", "household"])
        refs.append(reference_get_or_create(resident=resident, department=wmo))
    return refs


# -- data: the synthetic residents, in SQL (INSERT ... SELECT from generate_series) ---------

# Data sets by name: residents and log entries in all (the real residents count in). Each
# set grows the database the one before left, so ``small,large,xlarge`` loads 99,000 then
# 900,000 synthetic residents; ``--sizes xlarge`` alone loads all 999,000 at once.
SIZES = {"small": (0, 0), "large": (100_000, 1_000_000), "xlarge": (1_000_000, 10_000_000)}
# Synthetic residents per batch: each batch is a handful of statements, each its own commit.
SQL_BATCH = 100_000
# The tables the loader fills. Their non-unique indexes are dropped for the load and built
# again after it from their own definitions (pg_indexes), so the schema ends as the
# migrations made it. Unique indexes and constraints stay: every row is checked as in life.
LOADED_TABLES = (
    "accounts_user", "vault_vault", "vault_record", "consent_consentsubject",
    "consent_grant", "consent_consentevent", "municipal_gateway_residentreference",
    "municipal_gateway_logsubject", "municipal_gateway_chainhead",
    "municipal_gateway_accesslogentry", "notifications_outboxmessage",
)  # fmt: skip


# n bytes that stand in for ciphertext: as long as the real ones, never decrypted.
def _bytes_sql(seed: str, length: str) -> str:
    return f"substr(decode(repeat(md5({seed}), ceil({length} / 16.0)::int), 'hex'), 1, {length})"


USERS_SQL = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                           is_staff, is_active, date_joined, role, language)
SELECT '!', false, 'inwoner' || n, '', '', '', false, true, now(), 'resident', ''
FROM generate_series(%(first)s, %(stop)s - 1) AS n
"""
# A vault like resident_create's: a wrapped data key of the real ones' length under the
# real residents' key id (for the kek_id index), and a BSN hash as long as theirs (unique).
VAULTS_SQL = f"""
INSERT INTO vault_vault (id, resident_id, bsn_hash, kek_id, wrapped_dek, dek_generation,
                         state, created_at)
SELECT gen_random_uuid(), u.id, encode(sha256(convert_to('bench-bsn:' || u.id, 'UTF8')), 'hex'),
       %(kek_id)s, {_bytes_sql("'dek' || u.id", "%(dek_length)s")}, 1, 'active', now()
FROM accounts_user AS u WHERE u.id > %(low)s AND u.id <= %(high)s
"""
# The two records each real resident has, with ciphertext of the real ones' length. Ids
# derived from the resident, so that the entries can name them without a join.
RECORDS_SQL = f"""
INSERT INTO vault_record (id, vault_id, category, version, ciphertext, provenance,
                          created_at, updated_at)
SELECT md5('bench-record:' || c.category || ':' || v.resident_id)::uuid, v.id, c.category, 1,
       {_bytes_sql("c.category || v.id", "c.length")}, 'resident', now(), now()
FROM vault_vault AS v
CROSS JOIN (SELECT unnest(%(categories)s::text[]) AS category,
                   unnest(%(lengths)s::int[]) AS length) AS c
WHERE v.resident_id > %(low)s AND v.resident_id <= %(high)s
"""
CONSENT_SUBJECTS_SQL = """
INSERT INTO consent_consentsubject (pseudonym, resident_id, created_at)
SELECT gen_random_uuid(), u.id, now()
FROM accounts_user AS u WHERE u.id > %(low)s AND u.id <= %(high)s
"""
# The grant grant_create gives (the real residents' period and categories), and its event.
# Ids derived from the resident, as the records'.
GRANTS_SQL = """
WITH grants AS (
    INSERT INTO consent_grant (id, resident_id, subject_id, purpose_id, purpose_version_id,
                               department_id, categories, valid_from, valid_until, awaiting,
                               capacity, created_at)
    SELECT md5('bench-grant:' || s.resident_id)::uuid, s.resident_id, s.id, g.purpose_id,
           g.purpose_version_id, g.department_id, g.categories, g.valid_from, g.valid_until,
           '', '', now()
    FROM consent_consentsubject AS s
    CROSS JOIN (SELECT * FROM consent_grant WHERE id = %(template)s) AS g
    WHERE s.resident_id > %(low)s AND s.resident_id <= %(high)s
    RETURNING id, resident_id, subject_id, purpose_version_id, categories, valid_from
)
INSERT INTO consent_consentevent (kind, resident_id, subject_id, grant_id, purpose_version_id,
                                  categories, occurred_at, capacity, created_at)
SELECT 'granted', resident_id, subject_id, id, purpose_version_id, categories, valid_from,
       '', now()
FROM grants
"""
# references._new_reference: "ref_" and 18 random bytes, URL-safe base64 (24 characters).
REFERENCES_SQL = """
INSERT INTO municipal_gateway_residentreference (resident_id, department_id, reference,
                                                 created_at)
SELECT u.id, %(department)s,
       'ref_' || translate(encode(substr(sha256(convert_to('bench-ref:' || u.id, 'UTF8')),
                                         1, 18), 'base64'), '+/', '-_'),
       now()
FROM accounts_user AS u WHERE u.id > %(low)s AND u.id <= %(high)s
"""
# The pseudonym: a synthetic 32-byte key and the subject id the gateway derives from it
# (municipal_gateway.encoding.subject_id_from_key), so the link is valid.
LOG_SUBJECTS_SQL = """
INSERT INTO municipal_gateway_logsubject (resident_id, key, subject_id, created_at)
SELECT u.id, k.key, encode(sha256(%(domain)s || k.key), 'hex'), now()
FROM accounts_user AS u
CROSS JOIN LATERAL (SELECT sha256(convert_to('bench-key:' || u.id, 'UTF8')) AS key) AS k
WHERE u.id > %(low)s AND u.id <= %(high)s
"""
# ``length`` entries per resident of the batch (the first ``extra`` one more), spread evenly
# over the year before the load with a phase per resident, 3 % refused; allowed reads name
# the resident's grant and health record. Hashes link each entry to the one before
# (prev_hash, chain head) but are not the hash of the entry's content: see DATA_TEXT.
# Written in chain order (subject_id, seq). Each read of the last 30 days still has its
# outbox message, delivered (notifications.constants.OUTBOX_RETENTION keeps 30 days).
ENTRIES_SQL = """
WITH chains AS (
    SELECT s.subject_id, s.resident_id,
           md5('bench-grant:' || s.resident_id)::uuid AS grant_id,
           md5('bench-record:health:' || s.resident_id)::uuid AS record_id,
           %(length)s + (row_number() OVER (ORDER BY s.resident_id) <= %(extra)s)::int
               AS length,
           ((s.resident_id * 2654435761) %% 1000003) / 1000003.0 AS phase
    FROM municipal_gateway_logsubject AS s
    WHERE s.resident_id > %(low)s AND s.resident_id <= %(high)s
), heads AS (
    INSERT INTO municipal_gateway_chainhead (subject_id, seq, head_hash, updated_at)
    SELECT subject_id, length,
           encode(sha256(convert_to(subject_id || ':' || length, 'UTF8')), 'hex'), now()
    FROM chains WHERE length > 0
), attempts AS (
    SELECT c.*, n AS seq,
           now() - interval '365 days' * (1 - (n - 1 + c.phase) / c.length) AS occurred_at,
           ((c.resident_id * 7919 + n * 104729) %% 1000) < 30 AS refused
    FROM chains AS c CROSS JOIN LATERAL generate_series(1, c.length) AS n
), entries AS (
    INSERT INTO municipal_gateway_accesslogentry (
        id, subject_id, seq, prev_hash, entry_hash, occurred_at, started_at, operation,
        caseworker_id, caseworker_name, department_code, department_name,
        organisation_name, organisation_oin, purpose_code, purpose_version, purpose_name,
        legal_basis, grant_id, categories_requested, categories_returned, record_ids,
        outcome, reason, stated_reason, trace_id, span_id, parent_span_id, request_id,
        login_method, login_assurance)
    SELECT gen_random_uuid(), a.subject_id, a.seq,
           CASE WHEN a.seq = 1 THEN %(genesis)s::text
                ELSE encode(sha256(convert_to(a.subject_id || ':' || (a.seq - 1), 'UTF8')),
                            'hex') END,
           encode(sha256(convert_to(a.subject_id || ':' || a.seq, 'UTF8')), 'hex'),
           a.occurred_at, a.occurred_at, 'records.read',
           %(caseworker)s::bigint, 'Bob', 'wmo', 'Team Wmo', 'Gemeente Meenthuizen',
           %(oin)s::text, %(purpose)s::text, 1, %(purpose_name)s::text, 'dpv:Consent',
           CASE WHEN a.refused THEN '' ELSE a.grant_id::text END,
           '["health"]'::jsonb,
           CASE WHEN a.refused THEN '[]'::jsonb ELSE '["health"]'::jsonb END,
           CASE WHEN a.refused THEN '[]'::jsonb
                ELSE jsonb_build_array(a.record_id::text) END,
           CASE WHEN a.refused THEN 'refused' ELSE 'allowed' END,
           CASE WHEN a.refused THEN 'category_not_covered' ELSE 'allowed' END,
           %(stated)s::text, md5(a.subject_id || a.seq), substr(md5(a.seq || a.subject_id), 1, 16),
           '', gen_random_uuid()::text, 'api_token', ''
    FROM attempts AS a
    ORDER BY a.subject_id, a.seq
    RETURNING id, subject_id, occurred_at, outcome, grant_id, categories_returned,
              categories_requested, reason
)
INSERT INTO notifications_outboxmessage (kind, resident_id, source_id, payload, created_at,
                                         dispatched_at, attempts, delivered_at)
SELECT CASE WHEN e.outcome = 'allowed' THEN 'access' ELSE 'refused_access' END,
       s.resident_id, e.id::text,
       jsonb_build_object(
           'actor_id', %(caseworker)s::bigint, 'department', 'wmo',
           'purpose', %(purpose)s::text, 'purpose_name_nl', %(purpose_name)s::text,
           'purpose_name_en', %(purpose_name)s::text,
           'categories', CASE WHEN e.outcome = 'allowed' THEN e.categories_returned
                              ELSE e.categories_requested END,
           'reason', %(stated)s::text,
           'refusal', CASE WHEN e.outcome = 'allowed' THEN NULL ELSE e.reason END,
           'occurred_at', e.occurred_at, 'grant_id', nullif(e.grant_id, ''),
           'access_log_id', e.id::text),
       e.occurred_at, e.occurred_at, 1, e.occurred_at + interval '1 second'
FROM entries AS e JOIN municipal_gateway_logsubject AS s ON s.subject_id = e.subject_id
WHERE e.occurred_at > now() - interval '30 days'
"""


def _scalar(sql: str, params: dict[str, Any] | None = None) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.fetchone()[0]


def _execute(sql: str, params: dict[str, Any] | None = None) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # What a load commits is the same at either setting; it only waits less for the disk.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(sql, params)  # None: no placeholders (an index definition)


def _indexes() -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [list(LOADED_TABLES)],
        )
        return set(cursor.fetchall())


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the loaded tables' indexes that no constraint owns and that are
    not unique: the ones a load may build afterwards without changing what it checks."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes AS i
            JOIN pg_class AS c ON c.relname = i.indexname
            JOIN pg_index AS x ON x.indexrelid = c.oid
            WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = c.oid)
            ORDER BY i.indexname
            """,
            [list(LOADED_TABLES)],
        )
        return cursor.fetchall()


def _template(wmo: Any) -> dict[str, Any]:
    """What the synthetic rows copy from the real residents: key id, ciphertext lengths,
    the grant's purpose, period and categories."""
    from django.db import connection

    from municipal_gateway.constants import GENESIS_HASH, SUBJECT_ID_DOMAIN

    with connection.cursor() as cursor:
        cursor.execute("SELECT kek_id, octet_length(wrapped_dek) FROM vault_vault LIMIT 1")
        kek_id, dek_length = cursor.fetchone()
        cursor.execute(
            "SELECT category, max(octet_length(ciphertext)) FROM vault_record GROUP BY category"
        )
        lengths = dict(cursor.fetchall())
        cursor.execute("SELECT id FROM consent_grant ORDER BY created_at LIMIT 1")
        grant_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT v.name_nl FROM consent_purpose AS p "
            "JOIN consent_purposeversion AS v ON v.id = p.current_version_id WHERE p.code = %s",
            [PURPOSE],
        )
        purpose_name = cursor.fetchone()[0]
    return {
        "kek_id": kek_id, "dek_length": dek_length, "categories": sorted(lengths),
        "lengths": [lengths[name] for name in sorted(lengths)], "template": grant_id,
        "department": wmo.pk, "domain": SUBJECT_ID_DOMAIN, "genesis": GENESIS_HASH,
        "oin": "0" * 20, "purpose": PURPOSE, "purpose_name": purpose_name, "stated": REASON,
    }  # fmt: skip


def _sql_load(first: int, stop: int, entries: int, wmo: Any, bob: Any) -> dict[str, float]:
    """Synthetic residents ``first``..``stop``-1 and ``entries`` log entries over their chains,
    in SQL (no Python per row), in batches of SQL_BATCH residents. Seconds per step."""
    params = _template(wmo) | {"caseworker": bob.pk}
    residents = max(0, stop - first)
    length, extra = divmod(entries, max(1, residents))
    steps = {
        "vaults": VAULTS_SQL, "records": RECORDS_SQL, "consent subjects": CONSENT_SUBJECTS_SQL,
        "grants and events": GRANTS_SQL, "references": REFERENCES_SQL,
        "log subjects": LOG_SUBJECTS_SQL, "entries, heads and outbox": ENTRIES_SQL,
    }  # fmt: skip
    seconds = dict.fromkeys(["users", *steps, "indexes"], 0.0)
    indexes, dropped = _indexes(), _secondary_indexes()
    for name, _ in dropped:
        _execute(f'DROP INDEX "{name}"')
    for low_number in range(first, stop, SQL_BATCH):
        high_number = min(low_number + SQL_BATCH, stop)
        batch = high_number - low_number
        # The first ``extra`` residents of the whole load get one entry more.
        batch_extra = min(batch, max(0, extra - (low_number - first)))
        started = time.perf_counter()
        low = _scalar("SELECT coalesce(max(id), 0) FROM accounts_user")
        _execute(USERS_SQL, {"first": low_number, "stop": high_number})
        high = _scalar("SELECT max(id) FROM accounts_user")
        seconds["users"] += time.perf_counter() - started
        batch_params = params | {"low": low, "high": high, "length": length, "extra": batch_extra}
        for step, sql in steps.items():
            started = time.perf_counter()
            _execute(sql, batch_params)
            seconds[step] += time.perf_counter() - started
        print(f"  residents {high_number:,} of {stop:,}", flush=True)
    started = time.perf_counter()
    for _, definition in dropped:
        _execute(definition)
    seconds["indexes"] = time.perf_counter() - started
    assert _indexes() == indexes, "the load must leave the indexes as the migrations made them"
    return seconds


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _counts() -> dict[str, int]:
    from accounts.models import User
    from municipal_gateway.models import AccessLogEntry

    return {
        "residents": User.objects.filter(role="resident").count(),
        "entries": AccessLogEntry.objects.count(),
    }


# -- server and load -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int, workers: int, pg_url: str, redis_url: str) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "--chdir", str(ROOT), "datameent.wsgi:application",
    ]  # fmt: skip
    env = {**os.environ, **_environment(pg_url, redis_url)}
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not come up")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _processes() -> dict[int, tuple[str, int]]:
    """Every process: pid -> (command name, parent pid)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            found[int(entry.name)] = (head.split("(", 1)[1], int(tail.split()[1]))
    return found


def _postgres_pids() -> list[int]:
    """This benchmark's PostgreSQL processes: the backends connected to its database. Not
    every ``postgres`` process: the machine is shared, and other databases' backends (another
    benchmark's load, other test suites) would count as this run's reads. The server-wide
    WAL writer, background writer and checkpointer are left out for the same reason: a
    committing backend flushes its own WAL, and they mostly work for the others' writes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [row[0] for row in cursor.fetchall()]


def _cpu_snapshot(server: subprocess.Popen) -> dict[str, dict[int, int]]:
    """CPU ticks used so far, per process, by the web server, PostgreSQL and Redis (the one
    Redis server is shared with anything else that uses it)."""
    processes = _processes()
    groups = {
        "web": [server.pid, *(pid for pid, (_, ppid) in processes.items() if ppid == server.pid)],
        "postgres": _postgres_pids(),
        "redis": [pid for pid, (name, _) in processes.items() if name == "redis-server"],
    }
    return {name: {pid: _cpu_ticks(pid) for pid in pids} for name, pids in groups.items()}


def _cpu_used(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict:
    """CPU seconds per group between two snapshots. A process that ended in between is left
    out (what it used is gone with it); one that started counts from zero."""
    tick = os.sysconf("SC_CLK_TCK")
    return {
        name: sum(ticks - before[name].get(pid, 0) for pid, ticks in after[name].items()) / tick
        for name in after
    }


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _wrk(url: str, script: str, args: argparse.Namespace, server: subprocess.Popen) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", "10s", "-s", file.name, url,
    ]  # fmt: skip
    before, wrk_before = _cpu_snapshot(server), _children_cpu()
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60)
    after, wrk_after = _cpu_snapshot(server), _children_cpu()
    os.unlink(file.name)
    line = next(row for row in output.stdout.splitlines() if row.startswith("RESULT "))
    requests, duration_us, p50, p99, status, socket_errors, timeouts = map(int, line.split()[1:])
    used = _cpu_used(before, after) | {"wrk": wrk_after - wrk_before}
    cpu = {f"cpu_{name}": seconds * 1000 / requests for name, seconds in used.items()}
    return {
        "rps": requests / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
        "requests": requests,
        "errors": status + socket_errors + timeouts,
        **cpu,
    }


# What each variant asks for; the floors are bench views (bench/gateway_urls.py).
VARIANTS = ("bare", "select", "insert", "write", "lean", "gateway")
# The two reads, each with its path around the reference (*lean*: bench/lean_read.py).
READS = {
    "gateway": {"path": "/api/v1/gateway/residents/", "tail": "/records/"},
    "lean": {"path": "/bench/lean/", "tail": "/"},
}
_MEDIANS = ("rps", "p50_ms", "p99_ms", "cpu_web", "cpu_postgres", "cpu_redis", "cpu_wrk")


def _phase(
    base: str, scripts: dict[str, str], args: argparse.Namespace, server: subprocess.Popen
) -> dict[str, dict]:
    """Interleaved rounds of all variants; the median of the rounds.

    Warm-up runs first read every resident at least once, so each worker has compiled its
    queries and every chain exists: each phase then measures the steady state, not first
    reads. They repeat until they made as many reads as there are residents (wrk's one
    thread walks the list in turn, and each run starts where the one before stopped): on a
    busy machine one short run reads only some.
    """
    warm_up = argparse.Namespace(**{**vars(args), "duration": max(3, args.residents // 150)})
    read = 0
    for _ in range(20):
        script = scripts["gateway"].replace("local n = 0", f"local n = {read}")
        read += _wrk(base, script, warm_up, server)["requests"]
        if read >= args.residents:
            break
    runs: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for name in VARIANTS:
            if name in scripts:
                runs[name].append(_wrk(base, scripts[name], args, server))
            else:
                runs[name].append(_wrk(f"{base}/bench/{name}/", DONE_LUA, args, server))
    return {
        name: {key: statistics.median(run[key] for run in results) for key in _MEDIANS}
        | {"errors": sum(run["errors"] for run in results)}
        | {"requests": sum(run["requests"] for run in results)}
        for name, results in runs.items()
    }


def _check_one_read(base: str, ref: str, token: str) -> None:
    """Both reads answer alike (but for their entries' ids)."""
    bodies = []
    for read in READS.values():
        request = urllib.request.Request(
            f"{base}{read['path']}{ref}{read['tail']}?purpose={PURPOSE}&category=health",
            headers={"Authorization": f"Token {token}", "X-Reason": REASON},
        )
        body = json.load(urllib.request.urlopen(request, timeout=10))
        assert body["records"] and body["records"][0]["title"] == "Zorgbehoefte", body
        bodies.append({**body, "access_log_entry": None})
    assert bodies[0] == bodies[1], bodies
    # The lean read's entry is a real one: the resident's chain still verifies.
    from municipal_gateway.models import ResidentReference
    from municipal_gateway.selectors import access_log_verify_for_resident

    resident = ResidentReference.objects.get(reference=ref).resident
    report = access_log_verify_for_resident(resident=resident)
    assert not report.findings, report


# -- report --------------------------------------------------------------------------------


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        names = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')}; load average at start {load}"
    )


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def _row(label: str, counts: dict, result: dict) -> str:
    bare, select, insert, write, lean, gateway = (result[name] for name in VARIANTS)
    errors = sum(result[name]["errors"] for name in VARIANTS)
    return (
        f"| {label} ({counts['residents']:,} residents, {counts['entries']:,} entries) "
        f"| {bare['rps']:.0f} | {select['rps']:.0f} | {insert['rps']:.0f} | {write['rps']:.0f} "
        f"| {lean['rps']:.0f} "
        f"| {gateway['rps']:.0f} | {gateway['p50_ms']:.1f} / {gateway['p99_ms']:.1f} "
        f"| **{gateway['rps'] / bare['rps']:.2f}** | {insert['rps'] / bare['rps']:.2f} "
        f"| {write['rps'] / bare['rps']:.2f} "
        f"| {lean['rps'] / bare['rps']:.2f} | {gateway['rps'] / lean['rps']:.2f} "
        f"| {gateway['cpu_web']:.2f} | {lean['cpu_web']:.2f} | {errors} |"
    )


def _cpu_rows(label: str, result: dict) -> list[str]:
    rows = []
    for name in VARIANTS:
        cpu = [result[name][f"cpu_{part}"] for part in ("web", "postgres", "redis", "wrk")]
        figures = " | ".join(f"{value:.2f}" for value in cpu)
        latency = f"{result[name]['p50_ms']:.1f} / {result[name]['p99_ms']:.1f}"
        rows.append(f"| {label} | {name} | {figures} | {sum(cpu):.2f} | {latency} |")
    return rows


def _cpu_total(result: dict, variant: str) -> float:
    return sum(result[variant][f"cpu_{part}"] for part in ("web", "postgres", "redis", "wrk"))


def _reading(first: dict) -> str:
    bare, write, lean, gateway = (
        _cpu_total(first, name) for name in ("bare", "write", "lean", "gateway")
    )
    return (
        f"Reading (first data set): a gateway read costs {gateway:.2f} ms of CPU in all "
        f"processes, the *lean* read {lean:.2f} ms, the *write* floor {write:.2f} ms and the "
        f"bare view {bare:.2f} ms. On a "
        "machine where the CPU is the limit, reaching 0.30 of the bare view's throughput "
        f"means a read may cost at most {bare / 0.30:.2f} ms in all processes. The floor a "
        "logged read can approach is the lean read (the same work in two round trips, with "
        f"the least Python), which reaches {first['lean']['rps'] / first['write']['rps']:.0%} "
        "of the write view's throughput; the gateway reaches "
        f"{first['gateway']['rps'] / first['lean']['rps']:.0%} of the lean read's. Where the "
        "read's own CPU goes: `python bench/bench_gateway.py --profile 500` (cProfile, "
        "in-process)."
    )


# Goals of issue 15 for this benchmark.
GOAL_RATIO = 0.30  # gateway ÷ bare, every data set
GOAL_WEB_CPU_MS = 2.5  # web CPU per read, every data set
GOAL_P99_MS = 10.0  # at 4 connections, every data set
GOAL_CONNECTIONS = 4
GOAL_LOSS = 0.10  # throughput lost from the first data set to the largest


def _goals(args: argparse.Namespace, labels: list[str], results: list[dict]) -> str:
    verdict = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    gateway = [result["gateway"] for result in results]
    ratios = [g["rps"] / r["bare"]["rps"] for g, r in zip(gateway, results, strict=True)]
    each = lambda values, fmt: ", ".join(  # noqa: E731
        f"{fmt.format(value)} {label}" for label, value in zip(labels, values, strict=True)
    )
    leans = [r["lean"]["rps"] / r["bare"]["rps"] for r in results]
    lines = [
        f"- Throughput, gateway ÷ bare ≥ {GOAL_RATIO:.2f} on every data set: "
        f"{each(ratios, '{:.2f}')} ({verdict(min(ratios) >= GOAL_RATIO)}). The lean read "
        f"(the floor): {each(leans, '{:.2f}')} "
        f"({'at or above' if min(leans) >= GOAL_RATIO else 'below'} the goal).",
        f"- Web CPU per read ≤ {GOAL_WEB_CPU_MS} ms: "
        f"{each([g['cpu_web'] for g in gateway], '{:.2f} ms')} "
        f"({verdict(max(g['cpu_web'] for g in gateway) <= GOAL_WEB_CPU_MS)}). The lean "
        f"read: {each([r['lean']['cpu_web'] for r in results], '{:.2f} ms')}; the write "
        f"view: {each([r['write']['cpu_web'] for r in results], '{:.2f} ms')}.",
    ]
    p99 = each([g["p99_ms"] for g in gateway], "{:.1f} ms")
    if args.connections == GOAL_CONNECTIONS:
        met = max(g["p99_ms"] for g in gateway) <= GOAL_P99_MS
        lines.append(
            f"- p99 ≤ {GOAL_P99_MS:g} ms at {GOAL_CONNECTIONS} connections: {p99} ({verdict(met)})."
            f" The lean read: {each([r['lean']['p99_ms'] for r in results], '{:.1f} ms')}."
        )
    else:
        lines.append(
            f"- p99 ≤ {GOAL_P99_MS:g} ms at {GOAL_CONNECTIONS} connections: **not measured** "
            f"(this run used {args.connections} connections: {p99})."
        )
    if len(results) > 1:
        loss = 1 - gateway[-1]["rps"] / gateway[0]["rps"]
        # The same loss against the bare view of the same phase: the machine is shared, and
        # a busier machine slows both variants alike.
        relative = 1 - ratios[-1] / ratios[0]
        lines.append(
            f"- At most {GOAL_LOSS:.0%} lost from {labels[0]} to {labels[-1]}: {loss:.1%} "
            f"({verdict(loss <= GOAL_LOSS)}); relative to the bare view of the same phase "
            f"{relative:.1%} ({verdict(relative <= GOAL_LOSS)})."
        )
    else:
        lines.append(f"- At most {GOAL_LOSS:.0%} lost to the largest set: **not measured** "
                     "(one data set).")  # fmt: skip
    return "\n".join(lines)


DATA_TEXT = (
    "Data sets: *small* is the real residents alone (made through the services: login, "
    "vault, two encrypted records, grant, reference); every measured read goes to one of "
    "them, and their chains are real (the warm-up makes them). Each further set grows the "
    "same database with synthetic residents, loaded in SQL (`INSERT ... SELECT` from "
    "`generate_series`, no Python per row, `bench_gateway._sql_load`, in batches of "
    f"{SQL_BATCH:,} residents): per resident a login, a vault (a wrapped data key and a "
    "keyed BSN hash of the real ones' sizes), two records (health, household; ciphertext "
    "of the real ones' length, never decrypted), a consent subject, the grant the real "
    "residents have and its consent event, a reference for Team Wmo, a log pseudonym (a "
    "synthetic key and the subject id the gateway derives from it), an equal share of the "
    "log entries over the year before the load (3 % refused, the others naming the "
    "resident's grant and health record), a chain head, and for each entry of the last 30 "
    "days its delivered outbox message (what `OUTBOX_RETENTION` keeps). Synthetic, and why "
    "it does not change what is measured: the synthetic entries' hashes link each to the "
    "one before (prev_hash, chain heads) but are not the SHA-256 of the entry's canonical "
    "encoding, so `verify_access_log` would report them; a read only locks and moves the "
    "head of the chain it appends to, and the measured reads append to the real chains. "
    "No inbox entries are loaded (a read never touches the inbox; no worker runs here). "
    "The loaded tables' non-unique, non-constraint indexes are dropped for the load and "
    "built again from their own definitions after it (unique indexes stay and check every "
    "row); then `VACUUM ANALYZE`."
)


def _section(
    args: argparse.Namespace, labels: list[str], rows: list[str], results: list[dict],
    meta: dict,
) -> str:  # fmt: skip
    floors = [result["write"]["rps"] / result["bare"]["rps"] for result in results]
    cpu_rows = [row for label, r in zip(labels, results, strict=True) for row in
                _cpu_rows(label, r)]  # fmt: skip
    return "\n".join(
        [
            SECTION,
            "",
            "*gateway*: an allowed caseworker read through the gateway (API token, reference, "
            "consent decision with the grant FOR SHARE, decryption of one record, one "
            "access-log entry in the resident's chain, one pending outbox notification, "
            "commit; no worker runs, and the request never talks to Redis: the relay hands "
            "the notification over outside it). Baselines on the same server, with the "
            "same middleware: "
            "*bare*, a Django JSON view with no database; *select*, the same plus one "
            "`SELECT 1`; *insert*, the same plus one 200-byte row inserted in autocommit (one "
            "round trip); *write*, the same row inserted and committed in a transaction "
            "(BEGIN, INSERT, COMMIT), the least any logged read must do "
            "(`bench/gateway_urls.py`); *lean*, the least a "
            "logged read with the gateway's guarantees can do, as a floor for its Python: the "
            "same SQL as the gateway's own statement with the token folded in, sent with "
            "BEGIN in one message; the grant's check, the decryption, the entry's hash; the "
            "entry, the outbox message, the head's move and COMMIT in a second message; the "
            "same answer (`bench/lean_read.py`; allowed reads only, none of the gateway's "
            "input checks, refusals or trace headers). gunicorn with "
            f"{args.workers} sync workers on 127.0.0.1, wrk on loopback with {args.threads} "
            f"threads and {args.connections} connections, {args.duration} s per run, the "
            f"variants interleaved, {args.rounds} rounds each; medians of the rounds. Reads are "
            f"spread over {args.residents:,} real residents, each read once in a warm-up run "
            "before the measured runs. Persistent database connections "
            f"(CONN_MAX_AGE={args.conn_max_age}).",
            "",
            DATA_TEXT,
            "",
            f"- Command: `{meta['command']}`",
            f"- Date: {meta['date']}",
            f"- Machine: {meta['machine']}; {meta['postgres']}",
            f"- Load times: {meta['loads'] or 'none (no synthetic set)'}",
            "",
            "Throughput in requests per second; latency in milliseconds at "
            f"{args.connections} connections; web CPU in milliseconds per gateway read.",
            "",
            "| Data set | bare | select | insert | write | lean | gateway "
            f"| gateway p50 / p99 ({args.connections} connections) "
            "| gateway ÷ bare | insert ÷ bare | write ÷ bare | lean ÷ bare | gateway ÷ lean "
            "| web CPU per read | lean's web CPU | errors |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Goals (issue 15):",
            "",
            _goals(args, labels, results),
            "",
            "The *write* floor alone reaches "
            + ", ".join(
                f"{floor:.2f} {label}" for label, floor in zip(labels, floors, strict=True)
            )  # fmt: skip
            + " of the bare view.",
            "",
            _reading(results[0]),
            "",
            "CPU time per request in milliseconds, by process, measured from `/proc` around each "
            "run (median of the rounds): web, the gunicorn master and workers; PostgreSQL, the "
            "backends connected to the benchmark's database (not the server-wide WAL writer, "
            "background writer and checkpointer, which other databases on the machine use "
            "too); Redis, the one server (shared with anything else on the machine that uses "
            "Redis); wrk, the load generator. The machine has "
            f"{os.cpu_count()} CPUs, so throughput is at most {os.cpu_count()} ÷ total. Each "
            f"variant's latency at {args.connections} connections beside it.",
            "",
            "| Data set | Variant | web (gunicorn) | PostgreSQL | Redis | wrk | total "
            "| p50 / p99 ms |",
            "|---|---|---|---|---|---|---|---|",
            *cpu_rows,
            "",
        ]
    )


def _profile(args: argparse.Namespace) -> None:
    """Where a read's CPU goes, in-process: the test client on the bench database, cProfile on
    process time, then the project's own functions by cumulative time."""
    import cProfile
    import pstats

    from django.test import Client

    _setup(args.postgres_url, args.redis_url)
    wmo, token, _ = _cast()
    refs = _real_residents(min(args.residents, 200), wmo)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_X_REASON": REASON}

    def read(number: int) -> None:
        url = f"/api/v1/gateway/residents/{refs[number % len(refs)]}/records/"
        response = client.get(url, {"purpose": PURPOSE, "category": "health"}, **headers)
        assert response.status_code == 200, response.content

    for number in range(2 * len(refs)):  # compile, prepare and make every chain first
        read(number)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for number in range(args.profile):
        read(number)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(
        r"/(datameent|accounts|consent|vault|"
        r"municipal_gateway|notifications)/",
        40,
    )
    stats.sort_stats("cumulative").print_stats(r"(celery/app/task|rest_framework/views)", 4)


# -- main ----------------------------------------------------------------------------------


def _sizes(text: str) -> list[tuple[str, int, int]]:
    """``small,large,xlarge`` or ``residents:entries`` items: (label, residents, entries)."""
    sizes = []
    for item in text.split(","):
        if item in SIZES:
            sizes.append((item, *SIZES[item]))
        else:
            residents, entries = (int(part) for part in item.split(":"))
            sizes.append((item, residents, entries))
    return sizes


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url", default=os.environ.get("DATAMEENT_BENCH_GW_PG_URL", DEFAULT_PG_URL)
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--residents", type=int, default=1000, help="real residents (read)")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default="small,large,xlarge",
        help="data sets in growing order, by name (small: the real residents alone; "
        "large: 100,000 residents, 1,000,000 entries; xlarge: 1,000,000 and 10,000,000) "
        "or as residents:entries, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--load-only", action="store_true", help="load the sizes and time it, measure nothing"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database an earlier run loaded (migrated to this code first) "
        "instead of a new one: the xlarge load takes 15-30 minutes",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=GOAL_CONNECTIONS)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    # Longer than a phase: a connection that closes during a run takes its backend's CPU
    # with it (the /proc figures cannot count a process that ended), and at 60 s it closed
    # on the same variant each round.
    parser.add_argument("--conn-max-age", type=int, default=3600)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile N reads in-process instead"
    )
    return parser.parse_args()


def _load(residents: int, entries: int, wmo: Any, bob: Any) -> str:
    """Grow the database to ``residents`` and ``entries``; what it took, for the report."""
    counts = _counts()
    if residents <= counts["residents"] and entries <= counts["entries"]:
        return ""
    started = time.perf_counter()
    stop = max(residents, counts["residents"])
    print(f"loading up to {stop:,} residents, {entries:,} entries in SQL …", flush=True)
    steps = _sql_load(counts["residents"], stop, max(0, entries - counts["entries"]), wmo, bob)
    analyze = time.perf_counter()
    _analyze()
    steps["vacuum analyze"] = time.perf_counter() - analyze
    total = time.perf_counter() - started
    after = _counts()
    added = after["entries"] - counts["entries"]
    detail = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in steps.items())
    text = (
        f"{after['residents']:,} residents / {after['entries']:,} entries in {total:.0f} s "
        f"({added / max(total, 1e-9):,.0f} entries/s; {detail}; load average "
        + ", ".join(f"{value:.2f}" for value in os.getloadavg())
        + ")"
    )
    print("  loaded:", text, flush=True)
    return text


def main() -> None:
    args = _arguments()
    if args.profile:
        _profile(args)
        return
    if shutil.which("wrk") is None and not args.load_only:
        sys.exit("wrk is needed: apt-get install wrk")
    meta = {"command": "python " + " ".join(["bench/bench_gateway.py", *sys.argv[1:]])}
    meta["machine"] = _machine()
    os.environ["CONN_MAX_AGE"] = str(args.conn_max_age)
    _setup(args.postgres_url, args.redis_url, reuse=args.reuse)
    meta["postgres"] = _postgres_version()
    if args.reuse:
        wmo, token, bob = _cast_again()
        refs = _real_references(args.residents, wmo)
    else:
        wmo, token, bob = _cast()
        print(f"seeding {args.residents} real residents …", flush=True)
        refs = _real_residents(args.residents, wmo)
        _analyze()
    scripts = {
        name: DONE_LUA
        + GATEWAY_LUA
        % {
            "refs": ", ".join(f'"{ref}"' for ref in refs),
            "token": token,
            "reason": REASON,
            "purpose": PURPOSE,
            **read,
        }
        for name, read in READS.items()
    }
    labels, rows, results, loads = [], [], [], []
    for label, residents, entries in args.sizes:
        loaded = _load(residents, entries, wmo, bob)
        if loaded:
            loads.append(f"{label}: {loaded}")
        if args.load_only:
            continue
        counts = _counts()
        port = _free_port()
        server = _serve(port, args.workers, args.postgres_url, args.redis_url)
        try:
            base = f"http://127.0.0.1:{port}"
            _check_one_read(base, refs[0], token)
            result = _phase(base, scripts, args, server)
        finally:
            _stop(server)
        print(label, counts, json.dumps(result), flush=True)
        labels.append(label)
        rows.append(_row(label, counts, result))
        results.append(result)
    if args.load_only:
        print("\n".join(loads) or "nothing to load")
        return
    meta["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    meta["loads"] = "; ".join(loads)
    section = _section(args, labels, rows, results, meta)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
