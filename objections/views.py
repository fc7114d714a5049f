"""Portal pages. Resident: 'Dit klopt niet' on a log entry, her objections. Privacy officer:
objections, alerts, asking and ruling. Caseworker: the questions to her own teams."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from datameent.api import DomainError
from datameent.portal import (
    AuthenticatedRequest,
    caseworker_required,
    privacy_officer_required,
    resident_required,
)
from objections import selectors, services
from objections.forms import AnswerForm, ObjectionForm, QuestionForm, RulingForm


def _rows(objections):
    return [(objection, selectors.objection_status(objection)) for objection in objections]


@resident_required
def objection_create(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    existing = selectors.objection_for_entry(resident=request.user, entry_id=entry_id)
    if existing is not None:
        return redirect("objections:mine")
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_file(
                resident=request.user, entry_id=entry_id, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            if error.status_code == 404:
                raise Http404() from None
            messages.error(request, error.detail)
            return redirect("objections:mine")
        messages.success(request, _("Dank u. Wij hebben uw melding ontvangen."))
        return redirect("objections:mine")
    entry = selectors.own_entry(resident=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404()
    return render(request, "objections/objection_form.html", {"form": form, "entry": entry})


@resident_required
def objections_mine(request: AuthenticatedRequest) -> HttpResponse:
    rows = _rows(selectors.objections_for_resident(resident=request.user))
    return render(request, "objections/mine.html", {"rows": rows})


@resident_required
def objection_withdraw(request: AuthenticatedRequest, objection_id: UUID) -> HttpResponse:
    if request.method == "POST":
        try:
            services.objection_withdraw(resident=request.user, objection_id=objection_id)
        except DomainError as error:
            messages.error(request, error.detail)
    return redirect("objections:mine")


@privacy_officer_required
def officer_home(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "rows": _rows(selectors.objections_for_officer(officer=request.user)),
        "alerts": selectors.alerts_for_officer(officer=request.user),
    }
    return render(request, "objections/officer_home.html", context)


@privacy_officer_required
def officer_objection(request: AuthenticatedRequest, objection_id: UUID) -> HttpResponse:
    objection = selectors.objection_for_officer(officer=request.user, objection_id=objection_id)
    if objection is None:
        raise Http404()
    question, ruling = QuestionForm(prefix="q"), RulingForm(prefix="r")
    if request.method == "POST":
        question = QuestionForm(request.POST, prefix="q") if "ask" in request.POST else question
        ruling = RulingForm(request.POST, prefix="r") if "rule" in request.POST else ruling
        if _officer_act(request, objection_id, question, ruling):
            return redirect("objections:officer-objection", objection_id=objection_id)
    context = {
        "objection": objection,
        "status": selectors.objection_status(objection),
        "closed": selectors.objection_is_closed(objection),
        "question": question,
        "ruling": ruling,
    }
    return render(request, "objections/officer_objection.html", context)


def _officer_act(request, objection_id, question: QuestionForm, ruling: RulingForm) -> bool:
    try:
        if question.is_bound and question.is_valid():
            services.objection_ask_team(
                officer=request.user,
                objection_id=objection_id,
                question=question.cleaned_data["text"],
            )
            return True
        if ruling.is_bound and ruling.is_valid():
            services.objection_rule(
                officer=request.user,
                objection_id=objection_id,
                justified=ruling.cleaned_data["outcome"] == "justified",
                breach_reported=ruling.cleaned_data["breach_reported"],
                note=ruling.cleaned_data["note"],
            )
            return True
    except DomainError as error:
        messages.error(request, error.detail)
        return True
    return False


@caseworker_required
def team_questions(request: AuthenticatedRequest) -> HttpResponse:
    objections = selectors.questions_for_caseworker(caseworker=request.user)
    rows = [
        (
            objection,
            selectors.objection_status(objection),
            services.may_answer(caseworker=request.user, objection=objection),
        )
        for objection in objections
    ]
    return render(request, "objections/team_questions.html", {"rows": rows, "form": AnswerForm()})


@caseworker_required
def team_answer(request: AuthenticatedRequest, objection_id: UUID) -> HttpResponse:
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_answer(
                caseworker=request.user, objection_id=objection_id, answer=form.cleaned_data["text"]
            )
            messages.success(request, _("Uw antwoord is verstuurd."))
        except DomainError as error:
            if error.status_code == 404:
                raise Http404() from None
            messages.error(request, error.detail)
    return redirect("objections:team-questions")
