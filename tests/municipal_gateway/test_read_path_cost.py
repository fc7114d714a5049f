"""What one gateway read costs the database: a fixed, small number of statements.

The read path is the product's hot path (docs/benchmarks.md, "Gateway read throughput"):
these counts guard it against a query creeping back in, whatever the data size.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_token_create
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url

pytestmark = pytest.mark.django_db

# PostgreSQL: the token; one statement for reference, purpose, grants (FOR SHARE), records
# and chain head (FOR UPDATE); one for the entry, the outbox row and the head's move. (The
# first read of a vault in a process also asks whose vault it is: the vault's own check.)
# SQLite: the token, reference, decision, records, chain head, entry, outbox, head.
# Transaction control (BEGIN and COMMIT, or a savepoint inside a test's transaction) comes on
# top.
STATEMENTS = {"postgresql": 3, "sqlite": 8}
# Reading every category needs the purpose's categories: on SQLite one query more.
PURPOSE = {"postgresql": 0, "sqlite": 1}
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture
def bob_token_api(bob):
    _, token = api_token_create(user=bob, name="case system")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _statements(client, reference, category="health") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            records_url(reference), {"purpose": WMO, "category": category}, **READ_HEADERS
        )
    assert response.status_code == 200, response.content
    return _work(captured)


def _work(captured: CaptureQueriesContext) -> list[str]:
    queries = [query["sql"] for query in captured.captured_queries]
    return [sql for sql in queries if not sql.startswith(CONTROL)]


def test_an_allowed_read_takes_a_fixed_number_of_statements(
    bob_token_api, alice, bob_reference, wmo_grant
):
    _statements(bob_token_api, bob_reference)  # the first read makes the chain and compiles

    for category in ("health", "household", "health"):
        statements = _statements(bob_token_api, bob_reference, category)
        assert len(statements) == STATEMENTS[connection.vendor], "\n".join(
            s[:100] for s in statements
        )


def test_a_read_of_every_category_decides_them_all_in_one_query(
    bob_token_api, alice, bob_reference, wmo_grant
):
    for _ in range(2):  # the second read is measured: the first compiles
        with CaptureQueriesContext(connection) as captured:
            response = bob_token_api.get(
                records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS
            )
    assert response.status_code == 200
    assert sorted(response.json()["categories"]) == ["health", "household"]

    # Only the purpose itself comes on top: its categories are decided over one read.
    expected = STATEMENTS[connection.vendor] + PURPOSE[connection.vendor]
    statements = _work(captured)
    assert len(statements) == expected, "\n".join(sql[:100] for sql in statements)
