"""Rules that combine: every mix of changes to a resident's controls is refused, and the
coarse network never keeps the host part of an address."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.clients import coarse_network
from accounts.constants import Role
from accounts.exceptions import ResidentProtected
from accounts.models import RESIDENT_CONTROLS, User

CHANGES = {
    "username": ("username", "someone-else"),
    "password": ("password", "md5$salt$0123456789abcdef0123456789abcdef"),
    "deactivate": ("is_active", False),
    "staff": ("is_staff", True),
    "superuser": ("is_superuser", True),
    "caseworker": ("role", Role.CASEWORKER),
    "admin": ("role", Role.ADMIN),
    "language": ("language", "en"),
}


@pytest.mark.django_db
@given(st.sets(st.sampled_from(sorted(CHANGES)), min_size=1))
def test_any_mix_of_control_changes_to_a_resident_is_refused(names):
    resident, _ = User.objects.get_or_create(username="hypo", defaults={"role": Role.RESIDENT})
    before = User.objects.filter(pk=resident.pk).values(*RESIDENT_CONTROLS).get()
    for name in names:
        setattr(resident, *CHANGES[name])

    with pytest.raises(ResidentProtected):
        resident.save()

    assert User.objects.filter(pk=resident.pk).values(*RESIDENT_CONTROLS).get() == before


@given(st.ip_addresses())
def test_the_network_holds_the_address_and_no_host_part(address):
    network = ipaddress.ip_network(coarse_network(str(address)))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped

    assert address in network
    assert network.prefixlen == (24 if address.version == 4 else 48)
    assert int(network.network_address) & int(network.hostmask) == 0
