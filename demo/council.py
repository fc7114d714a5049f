"""The demo's statistics, counted at once as the nightly rollup would count them: last year's
final count and this year's closed months. Without it the public page of a fresh demo says
the figures have not been counted yet, since an anonymous visitor never starts a count."""

from django.utils import timezone

from council.services import statistics_rollup


def statistics_seed() -> None:
    statistics_rollup(now=timezone.now())
