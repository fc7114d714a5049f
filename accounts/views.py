from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts import selectors
from datameent.portal import AuthenticatedRequest, resident_required

LOGINS_PER_PAGE = 50


@resident_required
def login_history(request: AuthenticatedRequest) -> HttpResponse:
    events = selectors.login_events_for_resident(resident=request.user)
    page = Paginator(events, LOGINS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/login_history.html", {"page": page})
