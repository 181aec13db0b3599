"""Pages of the help plan (goals, actions, referrals with their step), the plan and summary
PDFs, the reviews, closing, reopening and the check-in. Each page: parse the form, fetch the
case with `access_case_file`, call one service, redirect with a message."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.cases import selectors_plan as plan
from lotse.cases import services_plan as services
from lotse.cases.forms_plan import (
    ActionDoneForm,
    ActionForm,
    CheckInForm,
    CloseForm,
    DigitalHelpActionForm,
    GoalForm,
    OfferFindForm,
    ReferActionForm,
    ReopenForm,
    ReviewForm,
    ReviewScheduleForm,
    goal_field_name,
    note_field_name,
)
from lotse.cases.models import CaseFile, Goal
from lotse.cases.selectors import CHANGE_CASE, access_case_file
from lotse.cases.views_common import case_context
from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.desk.models import Referral


def _plan_url(case_file: CaseFile, anchor: str = "") -> str:
    return reverse("cases:plan", args=[case_file.pk]) + (f"#{anchor}" if anchor else "")


def _may_change(request: ActorRequest, case_file: CaseFile) -> bool:
    return request.user.has_perm(CHANGE_CASE, case_file) and not case_file.is_closed


def _plan_page(request: ActorRequest, case_file: CaseFile, **forms: Any) -> HttpResponse:
    """The plan with its forms; `forms` replaces a blank form by one with errors."""
    goals = plan.plan_goals(case_file=case_file)
    loose = plan.plan_loose_actions(case_file=case_file)
    actions = [a for g in goals for a in g.actions.all()] + loose
    find = OfferFindForm(request.GET if "angebot" in request.GET else None)
    offers = plan.offer_find(text=find.cleaned_data["angebot"]) if find.is_valid() else []
    may_change = _may_change(request, case_file)
    blank: dict[str, Any] = {
        "goal_form": GoalForm(),
        "action_form": ActionForm(
            goals=goals,
            appointments=plan.person_appointments(case_file=case_file),
            help_requests=plan.person_help_requests(case_file=case_file),
        ),
        "refer_form": ReferActionForm(goals=goals),
        "digital_help_form": DigitalHelpActionForm(goals=goals),
    }
    context = case_context(
        case_file,
        section="plan",
        goals=goals,
        loose_actions=loose,
        referral_rows=plan.referral_rows(actions),
        may_change=may_change,
        may_work=request.user.has_perm(CHANGE_CASE, case_file),
        find=find,
        searched=find.is_valid() and bool(find.cleaned_data["angebot"].strip()),
        offers=offers,
        reasons=Referral.Reason.choices,
        plan_path=request.path,
        **{**blank, **forms},
    )
    has_errors = any(getattr(f, "errors", None) for f in forms.values())
    context["has_errors"] = has_errors
    return render(request, "cases/plan.html", context)


@personal_data_view
@require_GET
def plan_view(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    return _plan_page(request, case_file)


@personal_data_view
@require_POST
def goal_add(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(
                actor=request.actor,
                case_file=case_file,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Ziel steht im Hilfeplan."))
            return redirect(_plan_url(case_file, "ziele"))
    return _plan_page(request, case_file, goal_form=form)


@personal_data_view
@require_http_methods(["GET", "POST"])
def goal_edit(request: ActorRequest, case_id, goal_id) -> HttpResponse:
    """Changes a goal's words or area; "Entfernen" deletes one without actions and marks one
    with actions as no longer pursued."""
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goal = plan.goal_get(case_file=case_file, goal_id=goal_id)
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        initial={"text": goal.text, "area": goal.area},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_change(
                actor=request.actor,
                goal=goal,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Ziel ist geändert."))
            return redirect(_plan_url(case_file, "ziele"))
    context = case_context(case_file, section="plan", goal=goal, form=form)
    return render(request, "cases/plan_goal_edit.html", context)


@personal_data_view
@require_POST
def goal_remove(request: ActorRequest, case_id, goal_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goal = plan.goal_get(case_file=case_file, goal_id=goal_id)
    try:
        removed = services.goal_remove(actor=request.actor, goal=goal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Das Ziel ist entfernt.")
            if removed
            else _("Das Ziel hat Maßnahmen und bleibt als „Nicht mehr verfolgt“ im Hilfeplan."),
        )
    return redirect(_plan_url(case_file, "ziele"))


@personal_data_view
@require_POST
def action_add(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goals = plan.plan_goals(case_file=case_file)
    appointments = plan.person_appointments(case_file=case_file)
    help_requests = plan.person_help_requests(case_file=case_file)
    form = ActionForm(
        request.POST, goals=goals, appointments=appointments, help_requests=help_requests
    )
    if form.is_valid():
        data = form.cleaned_data
        goal = plan.goal_get(case_file=case_file, goal_id=data["goal"]) if data["goal"] else None
        try:
            services.action_add(
                actor=request.actor,
                case_file=case_file,
                goal=goal,
                kind=data["kind"],
                title=data["title"],
                doer=data["doer"],
                doer_name=data["doer_name"],
                due_on=data["due_on"],
                appointment=plan.appointment_of(
                    case_file=case_file, appointment_id=data["appointment"]
                ),
                help_request=plan.help_request_of(
                    case_file=case_file, request_id=data["help_request"]
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Maßnahme steht im Hilfeplan."))
            return redirect(_plan_url(case_file, "ziele"))
    return _plan_page(request, case_file, action_form=form)


@personal_data_view
@require_POST
def action_refer(request: ActorRequest, case_id) -> HttpResponse:
    """Refers the person to an offer found on the plan page, through the desk's service."""
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goals = plan.plan_goals(case_file=case_file)
    form = ReferActionForm(request.POST, goals=goals)
    if form.is_valid():
        data = form.cleaned_data
        goal = plan.goal_get(case_file=case_file, goal_id=data["goal"]) if data["goal"] else None
        try:
            offer = plan.offer_for_referral(offer_id=data["angebot"])
        except Http404:
            form.add_error(None, _("Dieses Angebot gibt es zurzeit nicht"))
        else:
            try:
                action = services.action_refer(
                    actor=request.actor,
                    case_file=case_file,
                    goal=goal,
                    service=offer,
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                assert action.referral is not None
                messages.success(
                    request,
                    _("Vermittelt an „%(offer)s“. Der Kurzcode ist %(code)s.")
                    % {"offer": offer.name, "code": action.referral.short_code},
                )
                return redirect(_plan_url(case_file, "ziele"))
    return _plan_page(request, case_file, refer_form=form)


@personal_data_view
@require_POST
def action_digital_help(request: ActorRequest, case_id) -> HttpResponse:
    """ "An die Digital-Hilfe geben": a request to the digital helpers, as an action."""
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goals = plan.plan_goals(case_file=case_file)
    form = DigitalHelpActionForm(request.POST, goals=goals)
    if form.is_valid():
        goal_id = form.cleaned_data["goal"]
        goal = plan.goal_get(case_file=case_file, goal_id=goal_id) if goal_id else None
        try:
            services.action_ask_digital_help(
                actor=request.actor, case_file=case_file, goal=goal, data=form.request_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Anfrage ist an die Digital-Hilfe weitergegeben."))
            return redirect(_plan_url(case_file, "ziele"))
    return _plan_page(request, case_file, digital_help_form=form)


@personal_data_view
@require_POST
def action_done(request: ActorRequest, case_id, action_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    action = plan.action_get(case_file=case_file, action_id=action_id)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_plan_url(case_file, "ziele"))
    try:
        services.action_done(
            actor=request.actor, action=action, done_on=form.cleaned_data["done_on"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("„%(title)s“ ist erledigt.") % {"title": action.title})
    return redirect(_plan_url(case_file, "ziele"))


@personal_data_view
@require_POST
def action_cancel(request: ActorRequest, case_id, action_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    action = plan.action_get(case_file=case_file, action_id=action_id)
    try:
        services.action_cancel(actor=request.actor, action=action)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("„%(title)s“ entfällt.") % {"title": action.title})
    return redirect(_plan_url(case_file, "ziele"))


# The PDFs ---------------------------------------------------------------------------------------


@personal_data_view
@require_GET
def plan_pdf(request: ActorRequest, case_id) -> HttpResponse:
    """The plan in large print for the person to keep and sign."""
    case_file = access_case_file(request.actor, case_id, purpose="Hilfeplan drucken")
    goals = plan.plan_goals(case_file=case_file)
    context = {
        "case_file": case_file,
        "goals": [g for g in goals if g.status != Goal.Status.DROPPED],
        "loose_actions": plan.plan_loose_actions(case_file=case_file),
        "office_phone": plan.office_phone(case_file=case_file),
        "today": timezone.localdate(),
    }
    return pdf_response(
        "cases/plan_pdf.html",
        context,
        request=request,
        filename=f"hilfeplan-{case_file.number}.pdf",
        inline=True,
    )


@personal_data_view
@require_GET
def summary_pdf(request: ActorRequest, case_id) -> HttpResponse:
    """The case summary: basics, latest assessment per life area, goals, actions, reviews,
    the network (only those the person agreed to) and the time spent."""
    case_file = access_case_file(request.actor, case_id, purpose="Zusammenfassung drucken")
    context = {
        "case_file": case_file,
        "ratings": plan.latest_ratings(case_file=case_file),
        "goals": plan.plan_goals(case_file=case_file),
        "actions": plan.action_list(case_file=case_file),
        "reviews": plan.review_list(case_file=case_file),
        "network": plan.network_agreed(case_file=case_file),
        "minutes": plan.journal_minutes(case_file=case_file),
        "office_phone": plan.office_phone(case_file=case_file),
        "today": timezone.localdate(),
    }
    return pdf_response(
        "cases/summary_pdf.html",
        context,
        request=request,
        filename=f"begleitung-{case_file.number}.pdf",
        inline=True,
    )


# Reviews ----------------------------------------------------------------------------------------


def _review_list_page(
    request: ActorRequest, case_file: CaseFile, schedule_form: ReviewScheduleForm | None = None
) -> HttpResponse:
    context = case_context(
        case_file,
        section="review",
        reviews=plan.review_list(case_file=case_file),
        may_change=_may_change(request, case_file),
        schedule_form=schedule_form
        or ReviewScheduleForm(
            initial={
                "review_weeks": case_file.review_weeks,
                "next_review_on": case_file.next_review_on,
            }
        ),
    )
    return render(request, "cases/review_list.html", context)


@personal_data_view
@require_GET
def review_list(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    return _review_list_page(request, case_file)


@personal_data_view
@require_POST
def review_schedule(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = ReviewScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.review_schedule(
                actor=request.actor,
                case_file=case_file,
                review_weeks=form.cleaned_data["review_weeks"],
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Plan für die Überprüfungen ist gespeichert."))
            return redirect("cases:review_list", case_id=case_file.pk)
    return _review_list_page(request, case_file, form)


@personal_data_view
@require_http_methods(["GET", "POST"])
def review_new(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goals = plan.plan_goals(case_file=case_file)
    assessments = plan.review_assessments(case_file=case_file)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        goals=goals,
        assessments=assessments,
        initial={"reviewed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                actor=request.actor,
                case_file=case_file,
                reviewed_on=data["reviewed_on"],
                what_changed=data["what_changed"],
                plan_note=data["plan_note"],
                goal_statuses=form.goal_statuses(),
                assessment=plan.assessment_of(
                    case_file=case_file, assessment_id=data["assessment"]
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Überprüfung ist gespeichert."))
            return redirect("cases:review_list", case_id=case_file.pk)
    context = case_context(
        case_file,
        section="review",
        form=form,
        reviews=plan.review_list(case_file=case_file),
        goal_rows=[(g, form[goal_field_name(g)]) for g in goals],
        closed=case_file.is_closed,
    )
    return render(request, "cases/review_new.html", context)


# Closing, reopening, the check-in ---------------------------------------------------------------


@personal_data_view
@require_http_methods(["GET", "POST"])
def close(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    goals = plan.plan_goals(case_file=case_file)
    today = timezone.localdate()
    form = CloseForm(
        request.POST if request.method == "POST" else None,
        goals=goals,
        initial={"closed_on": today, "check_in": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_in_on = None
        if data["check_in"] or data["check_in_on"]:
            check_in_on = data["check_in_on"] or data["closed_on"] + services.CHECK_IN_DELTA
        try:
            services.case_close(
                actor=request.actor,
                case_file=case_file,
                closed_on=data["closed_on"],
                reason=data["reason"],
                note=data["note"],
                outcomes=form.outcomes(),
                check_in_on=check_in_on,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Begleitung ist abgeschlossen."))
            return redirect(_plan_url(case_file))
    context = case_context(
        case_file,
        section="plan",
        form=form,
        goal_rows=[(g, form[goal_field_name(g)], form[note_field_name(g)]) for g in goals],
        closed=case_file.is_closed,
    )
    return render(request, "cases/close.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def reopen(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(
                actor=request.actor, case_file=case_file, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Begleitung ist wieder aufgenommen."))
            return redirect(_plan_url(case_file))
    context = case_context(case_file, section="plan", form=form, closed=case_file.is_closed)
    return render(request, "cases/close_reopen.html", context)


@personal_data_view
@require_POST
def check_in(request: ActorRequest, case_id) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = CheckInForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.case_check_in_done(actor=request.actor, case_file=case_file, note=note)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Nachfrage ist eingetragen."))
    return redirect(_plan_url(case_file))
