"""The groups-to-departments mapping is edited in the admin."""

import pytest

from accounts.constants import Role
from identity.models import GroupMapping

pytestmark = pytest.mark.django_db


def test_an_administrator_maps_a_group_to_a_department(root_client, wmo_department):
    assert root_client.get("/admin/identity/groupmapping/add/").status_code == 200

    response = root_client.post(
        "/admin/identity/groupmapping/add/",
        {"group": "GG-Datameent-Wmo", "role": Role.CASEWORKER, "department": wmo_department.pk},
    )

    assert response.status_code == 302
    mapping = GroupMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.department) == (
        "GG-Datameent-Wmo",
        Role.CASEWORKER,
        wmo_department,
    )
    assert root_client.get("/admin/identity/externalidentity/").status_code == 200
