from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from datameent.portal import AuthenticatedRequest, access_log_day_url, resident_required
from overview.selectors import overview_for_resident


@resident_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    found = overview_for_resident(resident=request.user, now=timezone.now())
    accesses = [(entry, access_log_day_url(entry.occurred_at)) for entry in found.accesses]
    context = {"overview": found, "accesses": accesses}
    return render(request, "overview/overview.html", context)
