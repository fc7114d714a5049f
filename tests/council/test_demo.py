"""A fresh demo shows figures on the public page at once (seed_demo counts them)."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from demo.gateway import NEIGHBOURS, history_moments


def test_a_fresh_demo_shows_last_years_figures_on_the_public_page(db, client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    last_year = timezone.localtime().year - 1

    page = client.get(f"/statistieken/?jaar={last_year}").content.decode()

    # The neighbours' reads (demo.gateway): last March, and last month when that
    # was December. The seed counted them; nobody opened the council's page.
    waves = sum(moment.year == last_year for moment in history_moments(timezone.now()))
    reads = waves * NEIGHBOURS
    assert f"In {last_year} keken medewerkers {reads} keer naar gegevens van 14 inwoners." in page
