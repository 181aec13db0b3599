"""Staff JSON API of the case work's plan part (mounted by lotse/cases/api.py under
/api/v1/cases/): goals, actions (tasks and referrals), reviews, closing and reopening, with
the same selectors and services as the pages. A closed case, or a step the action's state does
not allow, answers 409; bad input 422 with the pages' German messages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from lotse.cases import selectors_plan as plan
from lotse.cases import services_plan as services
from lotse.cases.api_router import refusal, router
from lotse.cases.models import Action, CaseFile, Goal, Review
from lotse.cases.selectors import CHANGE_CASE, access_case_file
from lotse.core.api import refusals

READ = refusals(400, 401, 403, 404, 422)
WRITE = refusals(400, 401, 403, 404, 409, 422)


class ReferralStepOut(Schema):
    id: UUID
    status: str
    code: str = Field(..., alias="short_code")
    answer_due: dt.date
    succeeded: bool | None
    provider: str

    @staticmethod
    def resolve_provider(referral) -> str:
        return referral.receiving_organisation.name


class ActionOut(Schema):
    id: UUID
    goal: UUID | None = Field(None, alias="goal_id")
    kind: str
    title: str
    doer: str
    doer_name: str
    due_on: dt.date | None
    status: str
    done_on: dt.date | None
    referral: ReferralStepOut | None
    appointment: UUID | None = Field(None, alias="appointment_id")
    help_request: UUID | None = Field(None, alias="help_request_id")


class GoalOut(Schema):
    id: UUID
    text: str
    area: str
    status: str
    outcome_note: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(goal: Goal) -> list[Action]:
        return list(goal.actions.all())


class GoalIn(Schema):
    text: str = ""
    area: str = Field("", description="health, everyday, housing, money, social, mobility …")


class DigitalHelpIn(Schema):
    device: str = Field("", description="android, iphone, tablet, windows, mac, smart_tv …")
    topics: list[str] = Field([], description="Codes: messenger, photos, banking …")
    place: str = Field("", description="home, office, cafe oder phone")
    urgency: str = Field("normal", description="normal, soon oder urgent")


class ActionIn(Schema):
    goal: UUID | None = None
    kind: str = Field("task", description="task, appointment, digital_help oder referral")
    title: str = Field("", description="Bei referral: leer (der Name des Angebots)")
    doer: str = Field("navigator", description="navigator, person, relative, provider, other")
    doer_name: str = ""
    due_on: dt.date | None = None
    offer: UUID | None = Field(None, description="Bei referral: das Angebot (aktiv)")
    note: str = Field("", description="Bei referral: Hinweis für den Anbieter")
    appointment: UUID | None = None
    help_request: UUID | None = None
    digital_help: DigitalHelpIn | None = Field(
        None,
        description="Bei digital_help ohne help_request: eine neue Anfrage an die Digital-Hilfe",
    )


class DoneIn(Schema):
    done_on: dt.date | None = None


class ReviewIn(Schema):
    reviewed_on: dt.date | None = None
    what_changed: str = ""
    plan_note: str = ""
    goal_statuses: dict[UUID, str] = Field({}, description="Ziel-Id → open, reached, partly …")
    assessment: UUID | None = None


class ReviewOut(Schema):
    id: UUID
    reviewed_on: dt.date
    what_changed: str
    plan_note: str
    assessment: UUID | None = Field(None, alias="assessment_id")


class OutcomeIn(Schema):
    status: str
    note: str = ""


class CloseIn(Schema):
    closed_on: dt.date | None = None
    reason: str = Field("", description="goals_reached, declined, moved, residential_care …")
    note: str = ""
    outcomes: dict[UUID, OutcomeIn] = Field({}, description="Für jedes Ziel")
    check_in_on: dt.date | None = None


class ReopenIn(Schema):
    reason: str = ""


class CaseStateOut(Schema):
    id: UUID
    stage: str
    closed_on: dt.date | None
    closing_reason: str
    check_in_on: dt.date | None
    next_review_on: dt.date | None


def _case(request, case_id: UUID, *, change: bool = False) -> CaseFile:
    if change:
        return access_case_file(request.auth, case_id, perm=CHANGE_CASE)
    return access_case_file(request.auth, case_id)


def _goal(case_file: CaseFile, goal_id: UUID | None) -> Goal | None:
    if goal_id is None:
        return None
    try:
        return plan.goal_get(case_file=case_file, goal_id=goal_id)
    except Http404 as exc:
        raise HttpError(422, _("Wählen Sie ein Ziel dieser Begleitung.")) from exc


@router.get("/{uuid:case_id}/goals", response={200: list[GoalOut], **READ})
def goal_list(request, case_id: UUID):
    """The plan: goals in the person's words, each with its actions (referrals with their
    step)."""
    return plan.plan_goals(case_file=_case(request, case_id))


@router.post("/{uuid:case_id}/goals", response={201: GoalOut, **WRITE})
def goal_create(request, case_id: UUID, payload: GoalIn):
    case_file = _case(request, case_id, change=True)
    try:
        goal = services.goal_add(
            actor=request.auth, case_file=case_file, text=payload.text, area=payload.area
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, goal)


@router.get("/{uuid:case_id}/actions", response={200: list[ActionOut], **READ})
def action_list(request, case_id: UUID):
    return plan.action_list(case_file=_case(request, case_id))


@router.post("/{uuid:case_id}/actions", response={201: ActionOut, **WRITE})
def action_create(request, case_id: UUID, payload: ActionIn):
    """A task (or appointment, digital-help request) with who does it by when; `kind:
    referral` refers the person to `offer` through the desk's referral loop."""
    case_file = _case(request, case_id, change=True)
    goal = _goal(case_file, payload.goal)
    try:
        if payload.kind == Action.Kind.REFERRAL:
            if payload.offer is None:
                raise HttpError(422, _("Wählen Sie ein Angebot"))
            try:
                offer = plan.offer_for_referral(offer_id=payload.offer)
            except Http404 as exc:
                raise HttpError(422, _("Dieses Angebot gibt es zurzeit nicht")) from exc
            action = services.action_refer(
                actor=request.auth,
                case_file=case_file,
                goal=goal,
                service=offer,
                note=payload.note,
            )
        elif (
            payload.kind == Action.Kind.DIGITAL_HELP
            and payload.help_request is None
            and payload.digital_help is not None
        ):
            action = services.action_ask_digital_help(
                actor=request.auth,
                case_file=case_file,
                goal=goal,
                data=payload.digital_help.model_dump(),
            )
        else:
            action = services.action_add(
                actor=request.auth,
                case_file=case_file,
                goal=goal,
                kind=payload.kind,
                title=payload.title,
                doer=payload.doer,
                doer_name=payload.doer_name,
                due_on=payload.due_on,
                appointment=plan.appointment_of(
                    case_file=case_file, appointment_id=payload.appointment
                ),
                help_request=plan.help_request_of(
                    case_file=case_file, request_id=payload.help_request
                ),
            )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, plan.action_get(case_file=case_file, action_id=action.pk))


@router.post("/{uuid:case_id}/actions/{uuid:action_id}/done", response={200: ActionOut, **WRITE})
def action_done(request, case_id: UUID, action_id: UUID, payload: DoneIn):
    """Offen → Erledigt (409 from any other state)."""
    case_file = _case(request, case_id, change=True)
    action = plan.action_get(case_file=case_file, action_id=action_id)
    try:
        return services.action_done(actor=request.auth, action=action, done_on=payload.done_on)
    except ValidationError as exc:
        raise refusal(exc) from exc


@router.post("/{uuid:case_id}/actions/{uuid:action_id}/cancel", response={200: ActionOut, **WRITE})
def action_cancel(request, case_id: UUID, action_id: UUID):
    """Offen → Entfällt (409 from any other state)."""
    case_file = _case(request, case_id, change=True)
    action = plan.action_get(case_file=case_file, action_id=action_id)
    try:
        return services.action_cancel(actor=request.auth, action=action)
    except ValidationError as exc:
        raise refusal(exc) from exc


@router.get("/{uuid:case_id}/reviews", response={200: list[ReviewOut], **READ})
def review_list(request, case_id: UUID):
    return plan.review_list(case_file=_case(request, case_id))


@router.post("/{uuid:case_id}/reviews", response={201: ReviewOut, **WRITE})
def review_create(request, case_id: UUID, payload: ReviewIn):
    """Records a review; the next one is due `review_weeks` later."""
    case_file = _case(request, case_id, change=True)
    assessment = plan.assessment_of(case_file=case_file, assessment_id=payload.assessment)
    if payload.reviewed_on is None:
        raise HttpError(422, _("Geben Sie ein Datum ein"))
    if payload.assessment is not None and assessment is None:
        raise HttpError(422, _("Wählen Sie eine Einschätzung seit der letzten Überprüfung."))
    try:
        review: Review = services.review_record(
            actor=request.auth,
            case_file=case_file,
            reviewed_on=payload.reviewed_on,
            what_changed=payload.what_changed,
            plan_note=payload.plan_note,
            goal_statuses={str(k): v for k, v in payload.goal_statuses.items()},
            assessment=assessment,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, review)


@router.post("/{uuid:case_id}/close", response={200: CaseStateOut, **WRITE})
def case_close(request, case_id: UUID, payload: CloseIn):
    """Closes the case with the outcome of every goal and a reason (409 if already closed)."""
    case_file = _case(request, case_id, change=True)
    if payload.closed_on is None:
        raise HttpError(422, _("Geben Sie ein Datum ein"))
    outcomes: dict[Any, tuple[str, str]] = {
        goal_id: (outcome.status, outcome.note) for goal_id, outcome in payload.outcomes.items()
    }
    try:
        return services.case_close(
            actor=request.auth,
            case_file=case_file,
            closed_on=payload.closed_on,
            reason=payload.reason,
            note=payload.note,
            outcomes=outcomes,
            check_in_on=payload.check_in_on,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc


@router.post("/{uuid:case_id}/reopen", response={200: CaseStateOut, **WRITE})
def case_reopen(request, case_id: UUID, payload: ReopenIn):
    """Takes a closed case up again, with a reason (409 if it is not closed)."""
    case_file = _case(request, case_id, change=True)
    try:
        return services.case_reopen(actor=request.auth, case_file=case_file, reason=payload.reason)
    except ValidationError as exc:
        raise refusal(exc) from exc
