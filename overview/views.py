from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from datameent.portal import AuthenticatedRequest, resident_required
from overview.selectors import overview_for_resident


@resident_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    found = overview_for_resident(resident=request.user, now=timezone.now())
    accesses = [
        (entry, reverse("gateway-portal:access-log-entry", kwargs={"entry_id": entry.id}))
        for entry in found.accesses
    ]
    context = {"overview": found, "accesses": accesses}
    return render(request, "overview/overview.html", context)
