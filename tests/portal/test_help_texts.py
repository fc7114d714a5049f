"""Screen readers read a field's help text: every aria-describedby names an element on the
page (issue 10: help texts had the id *_help while Django points at *_helptext)."""

import re

import pytest
from django.test import Client

from consent.selectors import current_purposes
from consent.services import purposes_seed
from vault.record_types import record_types


def _dangling_descriptions(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    return [ref for refs in described for ref in refs.split() if ref not in ids]


@pytest.fixture
def wmo_code(bob):
    purposes_seed()
    return next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")


def test_every_described_field_of_the_residents_forms_has_its_description(alice, wmo_code):
    client = Client()
    client.force_login(alice)

    record_forms = [f"/mijn-gegevens/nieuw/{kind.code}/" for kind in record_types()]
    for path in [*record_forms, f"/toestemmingen/geven/{wmo_code}/"]:
        page = client.get(path).content.decode()
        assert "aria-describedby" in page, path
        assert _dangling_descriptions(page) == [], path


def test_every_described_field_of_the_caseworkers_forms_has_its_description(bob, wmo_code):
    client = Client()
    client.force_login(bob)

    for path in ["/medewerker/", "/medewerker/toegang-vragen/"]:
        page = client.get(path).content.decode()
        assert _dangling_descriptions(page) == [], path
