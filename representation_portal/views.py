"""Portal pages: "Ik regel dit voor", "Wie mag namens mij?", a machtiging, and the
registrars' pages. Thin: the rules are in ``rules``, the checks in the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from consent.forms import ApproveForm, GrantForm
from consent.selectors import (
    access_requests_for_resident,
    events_for_resident,
    grant_status,
    grants_for_resident,
    purposes_for_resident,
)
from consent.services import (
    access_request_approve,
    access_request_deny,
    grant_agree,
    grant_create,
    grant_revoke,
    latest_valid_until,
)
from datameent.api import DomainError
from datameent.portal import AuthenticatedRequest, post_only, resident_required, role_required
from municipal_gateway.selectors import (
    access_log_cards,
    access_log_entry_for_resident,
    access_log_list_for_resident,
)
from representation import selectors, services
from representation.constants import ACTING_SESSION_KEY, Action, ActWhat, Party, Reason
from representation.exceptions import NotAllowed
from representation.services import act_authorise
from representation_portal.acts import act_rows
from representation_portal.forms import MachtigingForm, ObjectionForm, RegisterForm
from representation_portal.visible import consent_categories, within

if TYPE_CHECKING:
    from accounts.models import User

registrar_required = role_required(Role.REGISTRAR)
_ONE_DAY = timedelta(days=1)
# The acting log shows this many of the newest accesses; each has its own page.
ACCESSES_SHOWN = 50


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_default_timezone())


# -- "Ik regel dit voor" ------------------------------------------------------------------


@resident_required
def act_for(request: AuthenticatedRequest) -> HttpResponse:
    people = selectors.represented_by(representative=request.user, at=timezone.now())
    if request.method == "POST":
        chosen = people.filter(pk=request.POST.get("subject") or 0).first()
        if chosen is None:
            request.session.pop(ACTING_SESSION_KEY, None)
            messages.info(request, _("U regelt nu weer uw eigen zaken."))
            return redirect("representation:act-for")
        request.session[ACTING_SESSION_KEY] = chosen.pk
        return redirect("representation:acting-consents")
    return render(request, "representation/act_for.html", {"people": people})


def _subject(request: AuthenticatedRequest) -> User:
    subject = selectors.acting_subject(
        actor=request.user, subject_id=request.session.get(ACTING_SESSION_KEY), at=timezone.now()
    )
    if subject is None:
        raise Http404()
    return subject


def _allowed(request: AuthenticatedRequest, subject: User, *actions: str) -> dict[str, list[str]]:
    allowed = selectors.allowed_for(actor=request.user, subject=subject, at=timezone.now())
    if not any(allowed[action] for action in actions):
        decision = selectors.may(
            actor=request.user, action=actions[0], category=None, subject=subject
        )
        raise _Refused(subject, decision.reason)
    return allowed


class _Refused(Exception):
    """The relation does not allow this page: answered with an explanation page."""

    def __init__(self, subject: User, reason: str) -> None:
        super().__init__(reason)
        self.subject, self.reason = subject, reason


def _refusal(request: AuthenticatedRequest, refused: _Refused) -> HttpResponse:
    context = {"subject": refused.subject, "reason": _reason_words(refused.reason)}
    return render(request, "representation/not_allowed.html", context, status=403)


def _reason_words(code: str) -> str:
    return str(Reason(code).label) if code in Reason.values else str(Reason.NO_RELATION.label)


def acting_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page done for someone else: the relation's refusal is an explanation page."""

    @resident_required
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return _refusal(request, refused)
        except NotAllowed as exc:
            return _refusal(request, _Refused(_subject(request), exc.code))

    return wrapped


@acting_page
def acting_consents(request: AuthenticatedRequest) -> HttpResponse:
    subject = _subject(request)
    allowed = _allowed(request, subject, Action.GRANT, Action.WITHDRAW)
    now = timezone.now()
    visible = consent_categories(actor=request.user, subject=subject, at=now)
    grants = [
        {"grant": g, "status": grant_status(g, at=now), "purpose": g.purpose_version.name}
        for g in within(grants_for_resident(resident=subject).order_by("-created_at"), visible)
    ]
    purposes = [
        v
        for v in purposes_for_resident(resident=subject)
        if set(v.categories) & set(allowed[Action.GRANT])
    ]
    context = {"subject": subject, "grants": grants, "purposes": purposes, "parent": Party.PARENT}
    return render(request, "representation/acting_consents.html", context)


@acting_page
def acting_grant_new(request: AuthenticatedRequest, code: str) -> HttpResponse:
    subject = _subject(request)
    allowed = _allowed(request, subject, Action.GRANT)
    version = purposes_for_resident(resident=subject).filter(purpose__code=code).first()
    if version is None:
        raise Http404()
    categories = [c for c in version.categories if c in allowed[Action.GRANT]]
    form = GrantForm(request.POST or None, categories=categories, max_days=version.max_consent_days)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            grant_create(
                resident=subject,
                actor=request.user,
                purpose_code=code,
                categories=form.cleaned_data["categories"],
                valid_from=now,
                valid_until=latest_valid_until(valid_from=now, days=form.cleaned_data["days"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(
                request,
                _("U heeft toestemming gegeven namens %(name)s.") % {"name": subject.display_name},
            )
            return redirect("representation:acting-consents")
    context = {"form": form, "version": version, "name": version.name, "subject": subject}
    return render(request, "representation/acting_grant_form.html", context)


def _done(request: AuthenticatedRequest, call: Callable[[], object], success: str) -> None:
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, success)


@resident_required
@post_only(lambda grant_id: reverse("representation:acting-consents"))
def acting_revoke(request: AuthenticatedRequest, grant_id: UUID) -> HttpResponse:
    subject = _subject(request)
    _done(
        request,
        lambda: grant_revoke(resident=subject, grant_id=grant_id, actor=request.user),
        _("De toestemming is ingetrokken. Dit werkt meteen."),
    )
    return redirect("representation:acting-consents")


@resident_required
@post_only(lambda grant_id: reverse("representation:acting-consents"))
def acting_agree(request: AuthenticatedRequest, grant_id: UUID) -> HttpResponse:
    subject = _subject(request)
    _done(
        request,
        lambda: grant_agree(resident=subject, grant_id=grant_id, actor=request.user),
        _("U bent akkoord. De toestemming geldt nu."),
    )
    return redirect("representation:acting-consents")


@resident_required
def acting_request(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    """The link in a representative's message: act for the person the request is about,
    and open it. Whom it is for is found here, so the link names nobody."""
    now = timezone.now()
    for person in selectors.represented_by(representative=request.user, at=now):
        if access_requests_for_resident(resident=person, at=now).filter(id=request_id).exists():
            request.session[ACTING_SESSION_KEY] = person.pk
            return redirect(reverse("representation:acting-requests") + f"#r{request_id}")
    return render(request, "representation/request_not_found.html", status=404)


@acting_page
def acting_requests(request: AuthenticatedRequest) -> HttpResponse:
    subject = _subject(request)
    allowed = _allowed(request, subject, Action.GRANT, Action.WITHDRAW)
    now = timezone.now()
    items = within(
        access_requests_for_resident(resident=subject, at=now).order_by("-created_at"),
        consent_categories(actor=request.user, subject=subject, at=now),
    )
    rows = [
        (
            item,
            ApproveForm(
                categories=[c for c in item.categories if c in allowed[Action.GRANT]],
                prefix=str(item.id),
            ),
        )
        for item in items
    ]
    return render(
        request, "representation/acting_requests.html", {"subject": subject, "items": rows}
    )


@resident_required
@post_only(lambda request_id: reverse("representation:acting-requests"))
def acting_approve(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    subject = _subject(request)
    categories = request.POST.getlist(f"{request_id}-categories") or None
    _done(
        request,
        lambda: access_request_approve(
            resident=subject, request_id=request_id, categories=categories, actor=request.user
        ),
        _("U heeft het verzoek goedgekeurd."),
    )
    return redirect("representation:acting-requests")


@resident_required
@post_only(lambda request_id: reverse("representation:acting-requests"))
def acting_deny(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    subject = _subject(request)
    _done(
        request,
        lambda: access_request_deny(resident=subject, request_id=request_id, actor=request.user),
        _("U heeft het verzoek afgewezen."),
    )
    return redirect("representation:acting-requests")


def _log_subject(request: AuthenticatedRequest) -> User:
    """The person whose log ``request.user`` may see now, the act recorded in that log; a
    relation that does not cover the log gets the explanation page. The log and each of
    its entries ask exactly this."""
    subject = _subject(request)
    _allowed(request, subject, Action.LOG)
    try:
        act_authorise(
            actor=request.user,
            subject=subject,
            action=Action.LOG,
            categories=None,
            what=ActWhat.LOG,
        )
    except NotAllowed:
        raise  # the relation does not cover the log: acting_page explains why
    except DomainError:
        raise Http404() from None
    return subject


@acting_page
def acting_log(request: AuthenticatedRequest) -> HttpResponse:
    subject = _log_subject(request)
    accesses = list(access_log_list_for_resident(resident=subject)[:ACCESSES_SHOWN])
    context = {
        "subject": subject,
        "events": events_for_resident(resident=subject).select_related("actor", "resident")[:200],
        "acts": act_rows(selectors.acts_for_subject(subject=subject)[:200], subject=subject),
        "accesses": list(
            zip(accesses, access_log_cards(accesses, whose=subject.display_name), strict=True)
        ),
    }
    return render(request, "representation/acting_log.html", context)


@acting_page
def acting_log_entry(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    """One entry of the subject's access log, where her log is allowed (``_log_subject``)."""
    subject = _log_subject(request)
    entry = access_log_entry_for_resident(resident=subject, entry_id=entry_id)
    if entry is None:
        raise Http404()
    context = {
        "subject": subject,
        "entry": entry,
        "card": access_log_cards([entry], whose=subject.display_name)[0],
        "back": reverse("representation:acting-log"),
    }
    return render(request, "municipal_gateway/access_log_entry.html", context)


# -- "Wie mag namens mij?" ----------------------------------------------------------------


@resident_required
def who_may(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "relations": selectors.relations_for_subject(subject=request.user),
        "acts": act_rows(
            selectors.acts_for_subject(subject=request.user)[:100], subject=request.user
        ),
        "awaiting": grants_for_resident(resident=request.user).filter(awaiting=Party.CHILD),
        "objection_form": ObjectionForm(),
    }
    return render(request, "representation/who_may.html", context)


@resident_required
@post_only(lambda relation_id: reverse("representation:who-may"))
def relation_object(request: AuthenticatedRequest, relation_id: int) -> HttpResponse:
    form = ObjectionForm(request.POST)
    text = form.cleaned_data["objection"] if form.is_valid() else ""
    _done(
        request,
        lambda: services.relation_object(
            subject=request.user, relation_id=relation_id, objection=text
        ),
        _(
            "Uw bezwaar is ontvangen. Deze persoon kan nu niets meer namens u doen, "
            "tot de gemeente het bezwaar heeft bekeken."
        ),
    )
    return redirect("representation:who-may")


@resident_required
@post_only(lambda relation_id: reverse("representation:who-may"))
def machtiging_end(request: AuthenticatedRequest, relation_id: int) -> HttpResponse:
    _done(
        request,
        lambda: services.machtiging_end(resident=request.user, relation_id=relation_id),
        _("De machtiging is gestopt. Dit werkt meteen."),
    )
    return redirect("representation:who-may")


@resident_required
@post_only(lambda grant_id: reverse("representation:who-may"))
def agree_own(request: AuthenticatedRequest, grant_id: UUID) -> HttpResponse:
    _done(
        request,
        lambda: grant_agree(resident=request.user, grant_id=grant_id),
        _("U bent akkoord. De toestemming geldt nu."),
    )
    return redirect("representation:who-may")


@resident_required
def machtiging_new(request: AuthenticatedRequest) -> HttpResponse:
    form = MachtigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder = selectors.resident_by_bsn(bsn=data["bsn"])
        if holder is None:
            form.add_error("bsn", _("Wij vinden niemand met dit BSN in Datameent."))
        else:
            try:
                services.machtiging_create(
                    resident=request.user,
                    holder=holder,
                    scopes=data["scopes"],
                    categories=data["categories"],
                    # Until and including the chosen day.
                    valid_until=_midnight(data["valid_until"]) + _ONE_DAY,
                )
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("De machtiging is gemaakt."))
                return redirect("representation:who-may")
    return render(request, "representation/machtiging_form.html", {"form": form})


# -- registrars ---------------------------------------------------------------------------


@registrar_required
def registrar_home(request: AuthenticatedRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _register(request, form):
            messages.success(request, _("Ingeschreven. Een tweede medewerker moet dit bevestigen."))
            return redirect("representation:registrar")
    context = {
        "form": form,
        "to_confirm": selectors.relations_to_confirm(registrar=request.user),
        "on_hold": selectors.relations_on_hold().exclude(registered_by=request.user),
    }
    return render(request, "representation/registrar.html", context)


def _register(request: AuthenticatedRequest, form: RegisterForm) -> bool:
    data = form.cleaned_data
    subject = selectors.resident_by_bsn(bsn=data["subject_bsn"])
    representative = selectors.resident_by_bsn(bsn=data["representative_bsn"])
    if subject is None or representative is None:
        form.add_error(None, _("Wij vinden niet allebei deze personen in Datameent."))
        return False
    try:
        services.relation_register(
            registrar=request.user,
            subject=subject,
            representative=representative,
            kind=data["kind"],
            evidence=data["evidence"],
            valid_from=_midnight(data["valid_from"]),
            valid_until=_midnight(data["valid_until"]) if data["valid_until"] else None,
            subject_born_on=data["born_on"],
        )
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return False
    return True


@registrar_required
@post_only(lambda relation_id: reverse("representation:registrar"))
def registrar_confirm(request: AuthenticatedRequest, relation_id: int) -> HttpResponse:
    _done(
        request,
        lambda: services.relation_confirm(registrar=request.user, relation_id=relation_id),
        _("Bevestigd. De vertegenwoordiging geldt nu."),
    )
    return redirect("representation:registrar")


@registrar_required
@post_only(lambda relation_id: reverse("representation:registrar"))
def registrar_review(request: AuthenticatedRequest, relation_id: int) -> HttpResponse:
    uphold = request.POST.get("uphold") == "1"
    _done(
        request,
        lambda: services.relation_review(
            registrar=request.user, relation_id=relation_id, uphold=uphold
        ),
        _("Het bezwaar is beoordeeld."),
    )
    return redirect("representation:registrar")
