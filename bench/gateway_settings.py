"""Settings for bench_gateway.py: the product's own, plus a bare JSON view to compare with."""

import os

from datameent.settings import *  # noqa: F403

ROOT_URLCONF = "gateway_urls"

# Keep database connections between requests, as a deployment would (0: a new one each time).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "0"))  # noqa: F405
