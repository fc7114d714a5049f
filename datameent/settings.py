"""Datameent settings. Everything that differs between machines comes from the environment.

Defaults give the embedded development setup: SQLite under var/, Celery tasks run eagerly,
and a development key ring created under var/ on first run. ``DJANGO_ENV=production``
switches on the strict checks below.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from datameent import keys, theme
from identity.constants import DIGID_ACR_VALUES, DIGID_SUBSTANTIEEL

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
IS_PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.str("DATAMEENT_VAR_DIR", default=str(BASE_DIR / "var")))
DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)

_dev = {} if IS_PRODUCTION else keys.dev_secrets(VAR_DIR)


def _secret(name: str) -> str:
    value = keys.read_secret(name) or _dev.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
    return value


SECRET_KEY = _secret("SECRET_KEY")
VAULT_KEYRING = keys.parse_keyring(_secret("VAULT_KEYRING"))
BSN_HASH_KEY = keys.decode_key("BSN_HASH_KEY", _secret("BSN_HASH_KEY"))
# The /readyz of every web process; rotate_keyring activates a key only once all list it.
VAULT_READINESS_URLS = env.list("VAULT_READINESS_URLS", default=[])
ACCESS_LOG_SIGNING_KEY = keys.decode_key(
    "ACCESS_LOG_SIGNING_KEY", _secret("ACCESS_LOG_SIGNING_KEY")
)
# The transparency log (docs/transparency.md). The origin names this log in its checkpoints;
# set one per municipality, a schema-less URL such as "datameent.meenthuizen.nl/access-log".
ACCESS_LOG_ORIGIN = env.str("ACCESS_LOG_ORIGIN", default="datameent.example/access-log")
# The witnesses whose cosignatures count: C2SP verifier keys (name+key id+key), comma-separated.
ACCESS_LOG_WITNESSES = env.list("ACCESS_LOG_WITNESSES", default=[])
# After this many seconds without a cosignature on the newest checkpoint, residents are warned.
ACCESS_LOG_WITNESS_MAX_AGE = env.int("ACCESS_LOG_WITNESS_MAX_AGE", default=3 * 60 * 60)
# Development only: the key of the demo's witness, the client council's, which
# ``run_witness`` uses and the server then trusts under ACCESS_LOG_DEMO_WITNESS_NAME.
ACCESS_LOG_DEMO_WITNESS_KEY = (
    keys.decode_key("DEMO_WITNESS_KEY", _dev["DEMO_WITNESS_KEY"]) if _dev else None
)
ACCESS_LOG_DEMO_WITNESS_NAME = "clientenraad.meenthuizen.example/witness"

if IS_PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production")
    # Django's own deploy check (security.W009) asks for this much.
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY is a default or too short")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["*"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First, so its management commands replace Django's (changepassword refuses residents).
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "vault",
    "consent",
    "municipal_gateway",
    "notifications",
    "council",
    "witness",
    "identity",
    "overview",
    "objections",
    "representation",
]
# The demo (demo/: ``seed_demo`` and its cast, whose passwords are in the README): in
# development and the tests; in production only when DATAMEENT_DEMO=1 asks for it.
DATAMEENT_DEMO = env.bool("DATAMEENT_DEMO", default=not IS_PRODUCTION)
if DATAMEENT_DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: probes answer before the host check, the SSL redirect and the session.
    "datameent.health.HealthMiddleware",
    "datameent.tracing.TraceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: bad characters never reach a query.
    "datameent.hygiene.InputHygieneMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "datameent.sessions.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "datameent.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "datameent.urls"
WSGI_APPLICATION = "datameent.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "datameent.portal.portal_menu",
                "notifications.context_processors.inbox_unread",
                "representation.context.acting_for",
            ],
            "libraries": {"theme": "datameent.theme"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'datameent.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so tests can inspect what really reaches the disk.
    # Per process, so parallel runs on one machine never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # Readers never block the writer (WAL); a writer takes the write lock when its
    # transaction begins (IMMEDIATE), so two transactions that read and then write queue on
    # the busy timeout instead of one failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # FULL: a committed withdrawal survives a power loss too.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
        }
    )
else:
    # Kept open between requests: a new connection per request costs more than a gateway
    # read, and the read path's prepared statements live as long as the connection.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # psycopg's own statement preparation: a query run this many times on a connection is
    # prepared there (PostgreSQL plans it once). Off with -1 or "none", as a transaction
    # pooler (PgBouncer in transaction mode before 1.21) needs. Preparation needs the
    # parameters bound by the server, not spliced into the SQL by the client.
    _threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="2").strip().lower()
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "prepare_threshold": None if _threshold in ("", "none", "-1") else int(_threshold),
            "server_side_binding": env.bool("DATABASE_SERVER_SIDE_BINDING", default=True),
        }
    )
# A connection the database dropped is noticed and replaced before a request (or a task)
# uses it, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Username and password, while LOCAL_LOGIN allows them.
    "identity.backends.LocalBackend",
    # OpenID Connect: DigiD through a broker, and the municipality's own provider.
    "identity.backends.ResidentBackend",
    "identity.backends.StaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"


def _oidc_provider(prefix: str, **defaults: object) -> dict[str, object] | None:
    """One OpenID Connect provider from ``<prefix>_*`` variables; None without a client id.
    docs/login.md lists them."""
    client_id = env.str(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return None
    issuer = env.str(f"{prefix}_ISSUER").rstrip("/")
    acr_values = env.list(f"{prefix}_ACR_VALUES", default=defaults.get("acr_values", []))
    min_acr = env.str(f"{prefix}_MIN_ACR", default=str(defaults.get("min_acr", "")))
    if min_acr and min_acr not in acr_values:
        raise ImproperlyConfigured(f"{prefix}_MIN_ACR must be one of {prefix}_ACR_VALUES")
    return {
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": keys.read_secret(f"{prefix}_CLIENT_SECRET") or "",
        "authorization_endpoint": env.str(f"{prefix}_AUTHORIZATION_ENDPOINT"),
        "token_endpoint": env.str(f"{prefix}_TOKEN_ENDPOINT"),
        "jwks_endpoint": env.str(f"{prefix}_JWKS_ENDPOINT"),
        "userinfo_endpoint": env.str(f"{prefix}_USERINFO_ENDPOINT", default=""),
        "end_session_endpoint": env.str(f"{prefix}_END_SESSION_ENDPOINT", default=""),
        "scopes": env.str(f"{prefix}_SCOPES", default=str(defaults["scopes"])),
        "sign_algo": env.str(f"{prefix}_SIGN_ALGO", default="RS256"),
        "bsn_claim": env.str(f"{prefix}_BSN_CLAIM", default="bsn"),
        "groups_claim": env.str(f"{prefix}_GROUPS_CLAIM", default="groups"),
        "acr_values": acr_values,
        "min_acr": min_acr,
    }


# Residents log in with DigiD through a broker, staff with the municipality's provider.
DATAMEENT_OIDC = {
    "residents": _oidc_provider(
        "DIGID_OIDC",
        scopes="openid bsn",
        acr_values=DIGID_ACR_VALUES,
        min_acr=DIGID_SUBSTANTIEEL,
    ),
    "staff": _oidc_provider("STAFF_OIDC", scopes="openid profile email groups"),
}
# The password form: the default for development and the demo; switch it off in production
# once a provider is configured.
LOCAL_LOGIN = env.bool("LOCAL_LOGIN", default=True)
if not LOCAL_LOGIN and not any(DATAMEENT_OIDC.values()):
    raise ImproperlyConfigured(
        "LOCAL_LOGIN=false needs DIGID_OIDC_* or STAFF_OIDC_*: else no one can log in"
    )

# Locks count per username-and-address pair and per address, never per username alone, so
# a stranger's failures cannot lock the owner out (accounts/lockout.py). Order matters: the
# handler reads the pair first, then the address.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
# The first lock lasts this long; each failure after a lock doubles it, up to the maximum.
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_MAX_MINUTES = env.int("AXES_COOLOFF_MAX_MINUTES", default=24 * 60)
# Tries during a lock neither count nor restart it: the lock ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies every visitor arrives from the proxy's address, and one address
# limit would lock everyone out. TRUSTED_PROXY_COUNT says how many proxies in front append
# to X-Forwarded-For; accounts.lockout.client_address trusts only what they appended.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# English pages keep the Dutch order of day and month, and the 24-hour clock.
FORMAT_MODULE_PATH = ["datameent.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The municipality's theme: name, logo and design tokens (datameent/theme.py). The demo's
# municipality in development; a neutral one in production until the municipality sets its own.
DATAMEENT_THEME = Path(
    env.str(
        "DATAMEENT_THEME",
        default=str(BASE_DIR / "themes" / ("datameent" if IS_PRODUCTION else "meenthuizen")),
    )
)
# A broken theme stops every process at start, rather than failing each page (and error page).
theme.theme_read(DATAMEENT_THEME)
STATICFILES_DIRS = [BASE_DIR / "static", ("thema", DATAMEENT_THEME)]


def _proxy_ssl_header(value: str) -> tuple[str, str] | None:
    if not value:
        return None
    header, _sep, proto = value.partition(",")
    if not header.startswith("HTTP_") or not proto.strip():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO,https"
        )
    return header.strip(), proto.strip()


SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
# An idle session ends after 15 minutes (as DigiD requires): every request renews the cookie,
# so only inactivity lets it lapse. SESSION_ABSOLUTE_SECONDS ends it however active it is.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=15 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)

# Transport security. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER to the
# header that proxy sets (and strips from clients), e.g. "HTTP_X_FORWARDED_PROTO,https".
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if IS_PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=IS_PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=IS_PRODUCTION)
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env.str("SECURE_PROXY_SSL_HEADER", default=""))
# The health probes are asked over plain HTTP by the orchestrator, inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No 'unsafe-inline' anywhere: pages carry no style attribute, <style> or inline script
# (tests/test_settings.py checks every template).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Logging out after a provider login answers the portal's logout form with a redirect to
# the provider's logout page; browsers hold that redirect to form-action too.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(str(provider["end_session_endpoint"])))
        for provider in DATAMEENT_OIDC.values()
        if provider and provider["end_session_endpoint"]
    }
)

# Bodies are bounded; the vault services enforce the finer limits with clear errors.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
VAULT_MAX_CONTENT_BYTES = env.int("VAULT_MAX_CONTENT_BYTES", default=64 * 1024)
VAULT_MAX_DOCUMENT_BYTES = env.int("VAULT_MAX_DOCUMENT_BYTES", default=5 * 1024 * 1024)

# Other apps add their part to a resident's export and erasure through these explicit lists.
DATAMEENT_EXPORT_SECTIONS = [
    "vault.selectors.vault_export_section",
    "consent.selectors.consent_export_section",
    "municipal_gateway.selectors.access_log_export_section",
    "accounts.selectors.login_export_section",
    "objections.selectors.objection_export_section",
    "representation.selectors.representation_export_section",
]
DATAMEENT_ERASURE_STEPS: list[str] = [
    "consent.services.consent_erase_for_resident",
    "notifications.services.notifications_erase",
    "municipal_gateway.services.access_log_forget_subject",
    "accounts.services.login_history_erase",
]

# Unanswered access requests expire after this many days.
CONSENT_REQUEST_TTL_DAYS = env.int("CONSENT_REQUEST_TTL_DAYS", default=14)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "datameent.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "datameent.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "datameent.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Datameent API",
    "DESCRIPTION": "Citizen-controlled personal data vault for the Dutch social domain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "datameent.api_schema.document_invalid_characters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "NotificationChannelEnum": "notifications.constants.Channel",
        "CategoryEnum": "vault.constants.Category",
        "GrantStatusEnum": "consent.constants.GrantStatus",
        "AccessRequestStatusEnum": "consent.constants.RequestStatus",
    },
}

# Celery: eager and in-process unless a broker is configured. In production: a Redis broker,
# one or more workers and one beat process (docs/operations.md).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Tasks report through the database; a result backend would only be one more copy of ids.
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it is done, and requeued when its worker dies; the
# tasks are idempotent so a second run changes nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connection around every task unless told to
# reuse it; a new PostgreSQL connection per task cost more than the task itself (bench).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=100)
# The visibility timeout must outlast the longest task, or Redis hands a running task to a
# second worker. The hard time limit keeps every task below it.
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
# A request publishes after its commit and must never hang on a dead broker: connecting and
# publishing give up within about a second; the outbox sweep sends what did not get through.
# The worker itself keeps retrying until the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Each worker runs an outbox relay (notifications/relay.py). Off when the relay runs as its
# own process instead (manage.py outbox_relay; docs/operations.md).
DATAMEENT_OUTBOX_RELAY_IN_WORKERS = env.bool("DATAMEENT_OUTBOX_RELAY_IN_WORKERS", default=True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 1,
    # How often a worker looks for tasks of a dead worker whose visibility timeout passed.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    # A worker killed while it held the restore lock blocks every restore until this passes.
    "unacked_mutex_expire": env.int("CELERY_UNACKED_MUTEX_EXPIRE", default=300),
}
# Task names as strings, so the schedule does not import the apps.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Every 30 s: a message whose hand-over failed is picked up within about 40 s.
    "notifications-outbox-sweep": {
        "task": "notifications.tasks.outbox_sweep",
        "schedule": 30.0,
    },
    "notifications-grant-expiring-warnings": {
        "task": "notifications.tasks.warn_expiring_grants",
        "schedule": crontab(minute=20),
    },
    # A child who turned 16 is told she now decides alone (representation).
    "representation-coming-of-age": {
        "task": "representation.tasks.coming_of_age_notify",
        "schedule": crontab(minute=5, hour="*"),
    },
    "notifications-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "consent-grant-expiries": {
        "task": "consent.tasks.record_grant_expiries",
        "schedule": 5 * 60.0,
    },
    "consent-access-request-expiry": {
        "task": "consent.tasks.expire_access_requests",
        "schedule": 15 * 60.0,
    },
    "vault-erase-expired-records": {
        "task": "vault.tasks.erase_expired_records",
        "schedule": crontab(hour=2, minute=30),
    },
    "gateway-access-log-checkpoint": {
        "task": "municipal_gateway.tasks.create_checkpoint",
        "schedule": crontab(minute=0),
    },
    "objections-deadline-warnings": {
        "task": "objections.tasks.warn_deadlines",
        "schedule": crontab(minute=40),
    },
    "objections-alerts": {
        "task": "objections.tasks.evaluate_alerts",
        "schedule": 15 * 60.0,
    },
    "statistics-rollups": {
        "task": "datameent.run_rollups",
        "schedule": crontab(hour=3, minute=0),
    },
}
# Statistics rollups hook in here: dotted paths of functions taking ``now``, run by
# ``datameent.run_rollups`` in this order.
DATAMEENT_ROLLUP_STEPS: list[str] = ["council.services.statistics_rollup"]

# Objections ("Dit klopt niet"): the privacy officer must answer within a month (GDPR art.
# 12(3)) and is warned this many days before that month ends.
OBJECTIONS_DEADLINE_WARNING_DAYS = env.int("OBJECTIONS_DEADLINE_WARNING_DAYS", default=7)
# The alert rules on the access log (objections/alerts.py), evaluated in the background.
# An alert is a signal for the privacy officer; it never blocks a read.
OBJECTIONS_ALERTS = {
    # More than this many refused attempts by one caseworker on one (local) day.
    "refused_per_day": env.int("ALERT_REFUSED_PER_DAY", default=5),
    # A resident looked up by BSN, then no read, request for consent within this many hours.
    "lookup_follow_up_hours": env.int("ALERT_LOOKUP_FOLLOW_UP_HOURS", default=72),
    # Office hours, Europe/Amsterdam, Monday to Friday: [start, end) in whole hours.
    "office_hours": (
        env.int("ALERT_OFFICE_START", default=7),
        env.int("ALERT_OFFICE_END", default=19),
    ),
    # More than this many different residents read by one caseworker within the minutes.
    "many_residents": env.int("ALERT_MANY_RESIDENTS", default=20),
    "many_residents_minutes": env.int("ALERT_MANY_RESIDENTS_MINUTES", default=60),
    # How far back each evaluation looks; alerts already raised are not raised again.
    "lookback_hours": env.int("ALERT_LOOKBACK_HOURS", default=96),
}

# The client council's statistics hide every figure about fewer different residents than
# this (council/disclosure.py). Below 5 a figure can point to a person in a small town.
COUNCIL_MIN_RESIDENTS = env.int("COUNCIL_MIN_RESIDENTS", default=10)
if COUNCIL_MIN_RESIDENTS < 5:
    raise ImproperlyConfigured("COUNCIL_MIN_RESIDENTS must be at least 5")
# Opening the statistics recounts the year in the background when its last count is older
# than this many seconds (the nightly rollup counts it anyway).
COUNCIL_STATISTICS_MAX_AGE = env.int("COUNCIL_STATISTICS_MAX_AGE", default=3600)
# Every view that takes a BSN answers no sooner than this many milliseconds after it started,
# so its time does not tell whether the BSN has a vault (datameent/timing.py). Raise it when
# the log warns that real work took longer. 0 switches the floor off (tests only).
BSN_ANSWER_FLOOR_MS = env.int("BSN_ANSWER_FLOOR_MS", default=250)
if BSN_ANSWER_FLOOR_MS < 0 or (IS_PRODUCTION and BSN_ANSWER_FLOOR_MS == 0):
    raise ImproperlyConfigured("BSN_ANSWER_FLOOR_MS must be positive in production")
# The same statistics for anyone at /statistieken/, without a login, as open data (CC BY 4.0).
# On in the demo and development; a municipality switches it on in production.
COUNCIL_PUBLIC_STATISTICS = env.bool("COUNCIL_PUBLIC_STATISTICS", default=not IS_PRODUCTION)
# Test hook only: makes notification delivery pause while it holds its lock, so a test can
# kill a worker mid-task. Never honoured in production.
DATAMEENT_TEST_TASK_DELAY = (
    0.0 if IS_PRODUCTION else env.float("DATAMEENT_TEST_TASK_DELAY", default=0.0)
)
# Test hook only: delivery pauses this long right after the mail server accepted a mail, so
# a fault drill can kill the worker or its database connection at that moment.
DATAMEENT_TEST_PAUSE_AFTER_SEND = (
    0.0 if IS_PRODUCTION else env.float("DATAMEENT_TEST_PAUSE_AFTER_SEND", default=0.0)
)
# Test hook only: the outbox relay pauses this long between claiming a batch and publishing
# it, so a drill can kill its worker at that moment.
DATAMEENT_TEST_RELAY_PAUSE = (
    0.0 if IS_PRODUCTION else env.float("DATAMEENT_TEST_RELAY_PAUSE", default=0.0)
)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = keys.read_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A send gives up after this many seconds (Django's default waits forever); well below
# notifications' EMAIL_UNKNOWN_AFTER, after which an unfinished send is listed as unknown.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Datameent <noreply@datameent.local>")
# The one public address of the portal: every link in an e-mail or a receipt starts with it.
# Development defaults to runserver's address (`make run PORT=...` sets it to match).
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default="" if IS_PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if IS_PRODUCTION and not PORTAL_BASE_URL.startswith("https://"):
    # Without it a mail would send residents to the development address, or to no page.
    raise ImproperlyConfigured("PORTAL_BASE_URL must be the portal's public https:// address")

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"skip_probes": {"()": "datameent.health.SkipProbes"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["skip_probes"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
