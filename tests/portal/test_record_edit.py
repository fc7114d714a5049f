"""Editing a record in the portal keeps who entered it and every field."""

from django.test import Client

from tests.forms import unchanged_form
from vault.constants import Category, Provenance
from vault.selectors import record_get_for_resident
from vault.services import record_create


def test_saving_an_unchanged_record_keeps_its_fields_and_source(alice, municipality):
    record = record_create(
        resident=alice,
        category=Category.DEBTS,
        title="Betalingsregeling toeslagen",
        content={"schuldeiser": "Belastingdienst", "restschuld": 820.0},
        provenance=Provenance.ORGANISATION,
        source_organisation=municipality,
    )
    client = Client()
    client.force_login(alice)
    url = f"/mijn-gegevens/{record.id}/wijzigen/"
    form = unchanged_form(client.get(url).content.decode())

    response = client.post(url, form)

    assert response.status_code == 302

    after = record_get_for_resident(resident=alice, record_id=record.id)
    assert after.content == {"schuldeiser": "Belastingdienst", "restschuld": 820.0}
    assert after.provenance == Provenance.ORGANISATION
    assert after.source_organisation == "Gemeente Meenthuizen"
    assert after.version == 1
