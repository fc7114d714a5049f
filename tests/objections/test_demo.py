"""The demo: petra logs in as privacy officer and finds alice's open objection."""

import io

from django.core.management import call_command

from accounts.models import User
from objections.models import Objection
from objections.selectors import objection_status
from tests.objections.conftest import client_for


def test_the_demo_has_a_privacy_officer_and_an_open_objection_from_alice(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    [objection] = Objection.objects.all()
    petra = User.objects.get(username="petra")
    assert petra.check_password("petra-demo-2026") and petra.is_privacy_officer
    assert objection_status(objection) == "open" and objection.department_code == "wmo"
    page = client_for(petra).get(f"/fg/melding/{objection.id}/").content.decode()
    assert "Keukentafelgesprek" in page
    alice_page = client_for(User.objects.get(username="alice")).get("/dit-klopt-niet/")
    assert "Ontvangen" in alice_page.content.decode()
