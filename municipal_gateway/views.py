"""Portal pages of the gateway. Caseworkers: my residents, look one up, read what consent
covers (through the same service as the API). Residents: who looked at my data."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consent.constants import MAX_REASON_LENGTH
from consent.selectors import purposes_for_caseworker
from datameent import hygiene
from datameent.portal import (
    AuthenticatedRequest,
    View,
    caseworker_required,
    post_only,
    resident_required,
)
from datameent.timing import bsn_answer_floor
from identity.selectors import login_method
from municipal_gateway import selectors
from municipal_gateway.constants import Operation
from municipal_gateway.exceptions import AccessLogUnavailable, AccessRefused, ResidentNotFound
from municipal_gateway.forms import AccessLogFilterForm, LookupForm, ReadForm
from municipal_gateway.services import lookups, reads, references
from municipal_gateway.summaries import entry_cards, witness_warning
from vault.selectors import CryptoError

ENTRIES_PER_PAGE = 25


def _caller(request: AuthenticatedRequest, stated_reason: str = "") -> reads.Caller:
    trace = getattr(request, "trace", None)
    login = login_method(request.session)  # the password form, or the identity provider
    return reads.Caller(
        caseworker=request.user,
        stated_reason=stated_reason,
        trace=trace,
        login_method=login.provider,
        login_assurance=login.acr,
    )


def _my_purposes(request: AuthenticatedRequest):
    return purposes_for_caseworker(caseworker=request.user, at=timezone.now())


@caseworker_required
def caseworker_home(request: AuthenticatedRequest) -> HttpResponse:
    purposes = _my_purposes(request)
    context = {
        "residents": references.references_for_caseworker(caseworker=request.user),
        "purposes": purposes,
        "form": LookupForm(purposes=purposes),
    }
    return render(request, "municipal_gateway/caseworker_home.html", context)


def _refuses_invalid_input(operation: str) -> Callable[[View], View]:
    """After the role check: bad characters (datameent.hygiene) get the 400 page, and a
    POST, the attempt itself, is logged in the caseworker's unknown-resident chain."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not hygiene.refused(request):
                return view(request, *args, **kwargs)
            if request.method == "POST":
                reads.invalid_input_log(caller=_caller(request), operation=operation)
            return hygiene.refusal(request)

        return wrapped

    return decorator


@hygiene.checks_input_itself
@bsn_answer_floor
@caseworker_required
@_refuses_invalid_input(Operation.RESIDENT_LOOKUP)
@post_only(lambda: reverse("gateway-portal:caseworker-home"))
def resident_lookup(request: AuthenticatedRequest) -> HttpResponse:
    form = LookupForm(request.POST, purposes=_my_purposes(request))
    if not form.is_valid():
        messages.error(
            request,
            _("Vul een BSN in, kies een doel en schrijf de reden op (hoogstens %(n)s tekens).")
            % {"n": MAX_REASON_LENGTH},
        )
        return redirect("gateway-portal:caseworker-home")
    try:
        reference = lookups.resident_lookup(
            caller=_caller(request, form.stated_reason()),
            bsn=form.cleaned_data["bsn"],
            purpose_code=form.cleaned_data["purpose"],
        )
    except (ResidentNotFound, AccessLogUnavailable):
        # One message for every failure, so the page does not tell who has a vault.
        messages.error(
            request,
            _(
                "Wij kunnen deze inwoner niet vinden met dit doel. Misschien gaf de inwoner "
                "(nog) geen toestemming. U kunt toestemming vragen."
            ),
        )
        return redirect("gateway-portal:caseworker-home")
    return redirect("gateway-portal:resident-read", reference=reference)


@hygiene.checks_input_itself
@caseworker_required
@_refuses_invalid_input(Operation.RECORDS_READ)
def resident_read(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    form = ReadForm(request.POST or None, purposes=_my_purposes(request))
    context = {"reference": reference, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "municipal_gateway/resident_read.html", context)
    try:
        context["result"] = reads.records_read(
            caller=_caller(request, form.stated_reason()),
            reference=reference,
            purpose_code=form.cleaned_data["purpose"],
            category=form.cleaned_data["category"] or None,
        )
    except ResidentNotFound:
        raise Http404() from None
    except (AccessRefused, AccessLogUnavailable, CryptoError) as refused:
        context["refusal"] = refused.detail
        status = 403 if isinstance(refused, AccessRefused) else 503
        return render(request, "municipal_gateway/resident_read.html", context, status=status)
    return render(request, "municipal_gateway/resident_read.html", context)


@resident_required
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    filters = (
        {key: value for key, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    )
    entries = selectors.access_log_list_for_resident(resident=request.user, **filters)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(zip(page, entry_cards(page), strict=True))
    witness = selectors.witness_status()
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "witness": witness,
        "warning": witness_warning(witness),
    }
    return render(request, "municipal_gateway/access_log.html", context)


@resident_required
def access_log_entry(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    """One entry of her log as its card, with 'Dit klopt niet' (someone acting for her sees
    it in representation_portal, as her log)."""
    entry = selectors.access_log_entry_for_resident(resident=request.user, entry_id=entry_id)
    if entry is None:  # another resident's entry, or none at all: the same answer
        raise Http404()
    context = {
        "entry": entry,
        "card": entry_cards([entry])[0],
        "back": reverse("gateway-portal:access-log"),
    }
    return render(request, "municipal_gateway/access_log_entry.html", context)
