"""Schemathesis against the council API: generated requests get answers that match the
OpenAPI description and never a 5xx; for anyone but the council it is not there. Bounded to
a few seconds."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    positive_data_acceptance,
    unsupported_method,
)

from council.selectors import statistics_years
from council.services import statistics_snapshot_update
from tests.contract import call_and_validate, carries_forbidden
from tests.council.conftest import STATISTICS_API
from tests.municipal_gateway.conftest import api_client_for

CSRF_TOKEN = "r" * 32
# "ignored_auth" cannot tell our valid session from generated credentials; callers without
# credentials are covered in test_views.py. "positive_data_acceptance": a year after this
# one is valid by the schema (its maximum changes every January, so the schema has none)
# and is rightly refused with a 400.
EXCLUDED = [ignored_auth, positive_data_acceptance]
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
council_api = schema.include(path_regex=r"^/api/v1/council/")


@pytest.fixture
def years(purposes) -> list[int]:
    """Every other offered year is counted, so both the 200 and the 202 answer are checked."""
    offered = statistics_years()
    for year in offered[::2]:
        statistics_snapshot_update(year=year, now=timezone.now())
    return offered


def _as(case, user) -> dict[str, str]:
    """Our session replaces whatever credentials Schemathesis generated for either scheme."""
    case.cookies = {"sessionid": api_client_for(user).cookies["sessionid"].value}
    case.cookies["csrftoken"] = CSRF_TOKEN
    if case.headers:
        case.headers.pop("Authorization", None)
    return {"X-CSRFToken": CSRF_TOKEN}


def _aim(case, years: list[int]) -> None:
    """Send about half the cases to a year that is offered; the rest stay as generated."""
    year = (case.query or {}).get("year")
    if year is not None and sum(map(ord, str(year))) % 2:
        case.query["year"] = years[sum(map(ord, str(year))) % len(years)]


def test_it_is_in_the_schema():
    assert STATISTICS_API in schema.raw_schema["paths"]


@council_api.parametrize()
@settings(max_examples=20, suppress_health_check=list(HealthCheck), deadline=None)
def test_it_answers_the_council_as_documented(case, in_process, carol, years):
    _aim(case, years)

    response = call_and_validate(case, headers=_as(case, carol), excluded_checks=EXCLUDED)

    if response.request.method == "GET":
        assert response.status_code in (200, 202, 400)


@council_api.parametrize()
@settings(max_examples=10, suppress_health_check=list(HealthCheck), deadline=None)
def test_it_is_not_there_for_a_resident(case, in_process, alice, years):
    _aim(case, years)

    # Not there for her: 404 for every method, not a 405 that would say which it has.
    excluded = [*EXCLUDED, unsupported_method]
    headers = _as(case, alice)
    response = call_and_validate(case, headers=headers, excluded_checks=excluded)

    # Control characters are refused at the edge, for any URL that exists (datameent.hygiene).
    refused = response.status_code == 400 and carries_forbidden(case, headers)
    assert response.status_code == 404 or refused
    assert b"tables" not in response.content
