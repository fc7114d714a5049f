"""One sentence per log entry (``entry_summary``): for the resident, and about her for
someone who acts for her (``whose``)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation

from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.summaries import entry_summary

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            "bob van Team Wmo (Gemeente Meenthuizen) probeerde op 3 maart 2026 om 14:02 de "
            "gegevens van Noor te bekijken, voor het doel 'Bijzondere bijstand'. Reden: "
            "Zaak 2026-0042. Dat lukte niet door een storing. Er zijn geen gegevens getoond.",
        ),
        (
            "en",
            "bob from Team Wmo (Gemeente Meenthuizen) tried to view Noor's data on 3 March "
            "2026 at 14:02, for the purpose 'Bijzondere bijstand'. Reason: "
            "Zaak 2026-0042. That failed because of a fault. No data was shown.",
        ),
    ],
)
def test_it_names_her_when_no_categories_were_asked(language, expected, alice, append_entry):
    with time_machine.travel(datetime(2026, 3, 3, 13, 2, tzinfo=UTC), tick=False):
        error = {"outcome": Outcome.ERROR, "reason": Reason.VAULT_UNAVAILABLE, "record_ids": []}
        entry = append_entry(alice, **error, categories_requested=[], categories_returned=[])

    with translation.override(language):
        assert entry_summary(entry, whose="Noor") == expected
        own = entry_summary(entry)
    assert {"nl": "uw gegevens te bekijken", "en": "view your data"}[language] in own
