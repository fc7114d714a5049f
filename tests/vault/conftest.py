import pytest
from rest_framework.test import APIClient

from tests.factories import RecordFactory, pdf_upload
from vault.constants import Category


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def alice_api(alice) -> APIClient:
    return client_for(alice)


@pytest.fixture
def alice_record(alice):
    """A health record with a document and one earlier version."""
    from vault.services import record_update

    record = RecordFactory(
        resident=alice,
        category=Category.HEALTH,
        title="Indicatie huishoudelijke hulp",
        content={"uren_per_week": 2},
        document=pdf_upload(),
    )
    return record_update(resident=alice, record_id=record.id, content={"uren_per_week": 3})


@pytest.fixture
def dave_record(dave):
    return RecordFactory(resident=dave, category=Category.HOUSING, title="Huurcontract")
