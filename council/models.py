"""The council's statistics, counted in the background: one snapshot per year.

A snapshot holds counts only (no subject ids, names or records). Small counts are kept
as counted; ``council.disclosure`` hides them whenever they are shown, so a stricter
``COUNCIL_MIN_RESIDENTS`` takes effect at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsSnapshot(models.Model):
    year = models.PositiveIntegerField(_("year"), unique=True)
    counted_at = models.DateTimeField(_("counted at"))
    # {"access": {grouping: [row, ...]}, "consent": {grouping: [row, ...]}}, rows as the
    # apps' count selectors return them, months as ISO dates.
    counts = models.JSONField(_("counts"))

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.counted_at:%Y-%m-%d %H:%M})"
