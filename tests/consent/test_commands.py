from io import StringIO

from django.core.management import call_command

from consent.models import Purpose


def test_it_seeds_the_register_from_the_command_line(db):
    out = StringIO()
    call_command("seed_purposes", stdout=out)
    call_command("seed_purposes", stdout=out)
    assert Purpose.objects.count() == 6
    assert out.getvalue().splitlines() == ["6 purpose(s) added.", "0 purpose(s) added."]
