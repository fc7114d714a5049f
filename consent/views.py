"""Portal pages for consent. Thin: each view calls one service or selector."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consent.forms import AccessRequestForm, ApproveForm, DenyForm, GrantForm
from consent.selectors import (
    access_requests_for_caseworker,
    access_requests_for_resident,
    events_for_resident,
    grant_receipt,
    grant_status,
    grants_current_for_resident,
    purposes_for_caseworker,
    purposes_for_resident,
)
from consent.services import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    grant_create,
    grant_revoke,
    latest_valid_until,
)
from datameent.api import DATABASE_UNAVAILABLE_ERRORS, DomainError, ServiceUnavailable
from datameent.portal import (
    AuthenticatedRequest,
    caseworker_required,
    json_download,
    post_only,
    resident_required,
)
from datameent.timing import bsn_answer_floor


@resident_required
def consents(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    grants = [
        {
            "grant": grant,
            "status": grant_status(grant, at=now),
            "purpose": grant.purpose_version.name,
        }
        for grant in grants_current_for_resident(resident=request.user).order_by("-created_at")
    ]
    return render(request, "consent/consents.html", {"grants": grants})


@resident_required
def purposes(request: AuthenticatedRequest) -> HttpResponse:
    versions = purposes_for_resident(resident=request.user)
    english = get_language() == "en"
    return render(request, "consent/purposes.html", {"versions": versions, "english": english})


def _purpose(request: AuthenticatedRequest, code: str):  # type: ignore[no-untyped-def]
    version = purposes_for_resident(resident=request.user).filter(purpose__code=code).first()
    if version is None:
        raise Http404()
    return version


@resident_required
def grant_new(request: AuthenticatedRequest, code: str) -> HttpResponse:
    version = _purpose(request, code)
    form = GrantForm(
        request.POST or None, categories=version.categories, max_days=version.max_consent_days
    )
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            grant_create(
                resident=request.user,
                purpose_code=code,
                categories=form.cleaned_data["categories"],
                valid_from=now,
                # Calendar days on the Dutch clock, as the purpose's maximum is counted:
                # 24-hour days would overshoot it by an hour across summer time.
                valid_until=latest_valid_until(valid_from=now, days=form.cleaned_data["days"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("U heeft toestemming gegeven."))
            return redirect("consent-portal:consents")
    context = {"form": form, "version": version, "name": version.name}
    return render(request, "consent/grant_form.html", context)


@resident_required
@post_only(lambda grant_id: reverse("consent-portal:consents") + f"#g{grant_id}")
def revoke(request: AuthenticatedRequest, grant_id: UUID) -> HttpResponse:
    try:
        grant_revoke(resident=request.user, grant_id=grant_id)
    except DATABASE_UNAVAILABLE_ERRORS as exc:
        # The one write that must never fail silently: say plainly that it did not happen.
        raise ServiceUnavailable(
            _("Uw toestemming is niet ingetrokken. Er is niets veranderd.")
        ) from exc
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Uw toestemming is ingetrokken. Dit werkt meteen."))
    return redirect("consent-portal:consents")


@resident_required
def receipt(request: AuthenticatedRequest, grant_id: UUID) -> HttpResponse:
    document = grant_receipt(resident=request.user, grant_id=grant_id)
    return json_download(document, f"toestemming-{grant_id}.json")


@resident_required
def history(request: AuthenticatedRequest) -> HttpResponse:
    events = events_for_resident(resident=request.user)[:200]
    return render(request, "consent/history.html", {"events": events})


@resident_required
def requests(request: AuthenticatedRequest) -> HttpResponse:
    items = access_requests_for_resident(resident=request.user, at=timezone.now())
    items = items.order_by("-created_at")
    forms = [
        (item, ApproveForm(categories=item.categories, prefix=str(item.id)), DenyForm())
        for item in items
    ]
    return render(request, "consent/requests.html", {"items": forms})


def _open_request(request: AuthenticatedRequest, request_id: UUID):  # type: ignore[no-untyped-def]
    found = access_requests_for_resident(resident=request.user, at=timezone.now())
    item = found.filter(id=request_id).first()
    if item is None:
        raise Http404()
    return item


@resident_required
@post_only(lambda request_id: reverse("consent-portal:requests"))
def approve(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    item = _open_request(request, request_id)
    form = ApproveForm(request.POST, categories=item.categories, prefix=str(item.id))
    if not form.is_valid():
        messages.error(request, _("Kies ten minste één soort gegevens."))
        return redirect("consent-portal:requests")
    try:
        access_request_approve(
            resident=request.user, request_id=request_id, categories=form.cleaned_data["categories"]
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("U heeft het verzoek goedgekeurd."))
    return redirect("consent-portal:requests")


@resident_required
@post_only(lambda request_id: reverse("consent-portal:requests"))
def deny(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    form = DenyForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        access_request_deny(resident=request.user, request_id=request_id, message=message)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("U heeft het verzoek afgewezen."))
    return redirect("consent-portal:requests")


@bsn_answer_floor
@caseworker_required
def caseworker_requests(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    choices = [
        (v.purpose.code, v.name) for v in purposes_for_caseworker(caseworker=request.user, at=now)
    ]
    form = AccessRequestForm(request.POST or None, purposes=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access_request_create(
                caseworker=request.user,
                purpose_code=data["purpose"],
                categories=data["categories"],
                reason=data["reason"],
                bsn=data["bsn"],
                case_reference=data["case_reference"],
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            # The same words whether or not this BSN has a vault: existence must not leak.
            messages.success(request, _("Uw verzoek is verstuurd."))
            return redirect("consent-portal:caseworker-requests")
    items = access_requests_for_caseworker(caseworker=request.user, at=now).order_by("-created_at")
    return render(request, "consent/caseworker_requests.html", {"form": form, "items": items})
