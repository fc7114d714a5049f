"""The privacy officer is a staff role like the others: given by the staff provider's groups
(or the admin), and it reaches the officer's pages only."""

from identity.models import GroupMapping
from identity.services import staff_login
from tests.objections.conftest import client_for


def test_the_staff_provider_gives_the_role_and_it_outranks_caseworker(wmo_department):
    GroupMapping.objects.create(group="fg", role="privacy_officer")
    GroupMapping.objects.create(group="wmo", role="caseworker", department=wmo_department)

    officer = staff_login(subject="s-1", groups=["wmo", "fg"], username="petra")

    assert officer is not None and officer.is_privacy_officer


def test_the_privacy_officer_reaches_her_pages_and_no_one_elses(petra):
    client = client_for(petra)

    assert client.get("/fg/").status_code == 200
    for url in ("/wie-keek-er/", "/medewerker/", "/medewerker/vragen/", "/raad/statistieken/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/gateway/purposes/").status_code == 404


def test_her_menu_has_her_page(petra):
    page = client_for(petra).get("/fg/").content.decode()

    assert 'href="/fg/"' in page and "Meldingen en signalen" in page
