from django.utils.translation import gettext_lazy as _

from datameent.api import NotFound


class CheckpointNotFound(NotFound):
    code = "checkpoint_not_found"
    default_detail = _("Er is nog geen controlepunt van het logboek.")  # type: ignore[assignment]
