"""The help plan of a case file and what follows it: goals in the person's own words, actions
for each goal (tasks, referrals through the desk's closed loop, appointments, requests to the
digital helpers), reviews on the Kümmerer's schedule, closing with the outcome per goal,
reopening, and the check-in after closing.

Every change is one function here, used by the pages and the staff API alike. A closed case is
read-only: its changes raise `CaseClosed` (the API answers 409), as does a step that the
action's state does not allow (`StepRefused`)."""

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.cases.models import Action, Assessment, CaseEvent, CaseFile, Goal, LifeArea, Review
from lotse.cases.selectors import PURPOSE
from lotse.cases.services import (
    CaseClosed,
    CaseConflict,
    case_event_add,
    case_stage_of,
    case_stage_refresh,
)
from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, require
from lotse.core.text_input import MESSAGE as FORBIDDEN_MESSAGE
from lotse.core.text_input import has_forbidden
from lotse.desk.services.referrals import referral_create_for_person
from lotse.directory.models import Service
from lotse.office.models import Appointment
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.request_services import help_request_hand_over

CHANGE = "cases.change_casefile"
# Longest texts: a goal or an action's title in a sentence or two; notes a few paragraphs.
GOAL_MAX = 500
NOTE_MAX = 5000
# Dates further away than this are typing mistakes ("2062" for "2026").
FAR_YEARS = 5
# The check-in the closing page offers: about three months later.
CHECK_IN_DAYS = 91
CHECK_IN_DELTA = dt.timedelta(days=CHECK_IN_DAYS)


class StepRefused(CaseConflict):
    """The state of the case or action does not allow this step."""


def _text(value: str, *, field: str, max_length: int, required: str = "") -> str:
    """The text stripped; a forbidden character, too long, or missing when `required` (its
    message) is refused with a German message for `field`."""
    value = (value or "").strip()
    if has_forbidden(value):
        raise ValidationError({field: str(FORBIDDEN_MESSAGE)})
    if len(value) > max_length:
        raise ValidationError({field: _("Bitte höchstens %(max)s Zeichen.") % {"max": max_length}})
    if required and not value:
        raise ValidationError({field: required})
    return value


def _far(day: dt.date) -> bool:
    today = timezone.localdate()
    return abs((day - today).days) > FAR_YEARS * 366


def _writable(actor: Actor, case_file: CaseFile) -> CaseFile:
    """The case locked for the change, after the permission; refused when closed."""
    require(actor, CHANGE, case_file)
    locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if locked.closed_on is not None:
        raise CaseClosed(_("Diese Begleitung ist abgeschlossen. Nehmen Sie sie erst wieder auf."))
    return locked


def _own_goal(case_file: CaseFile, goal: Goal | None) -> Goal | None:
    if goal is not None and goal.case_file_id != case_file.pk:
        raise ValidationError({"goal": _("Wählen Sie ein Ziel dieser Begleitung.")})
    return goal


def _area(area: str) -> str:
    if area and area not in LifeArea.values:
        raise ValidationError({"area": _("Wählen Sie einen Lebensbereich aus der Liste.")})
    return area


def _audit(actor: Actor, verb: str, target, note: str = "") -> None:
    audit_record(actor=actor, verb=verb, target=target, note=note, purpose=PURPOSE)


# Goals ----------------------------------------------------------------------------------------


@transaction.atomic
def goal_add(*, actor: Actor, case_file: CaseFile, text: str, area: str = "") -> Goal:
    """A goal in the person's own words ("Ich möchte wieder selbst einkaufen gehen")."""
    case_file = _writable(actor, case_file)
    goal = Goal(
        case_file=case_file,
        text=_text(
            text,
            field="text",
            max_length=GOAL_MAX,
            required=_("Schreiben Sie das Ziel in den Worten der Person auf."),
        ),
        area=_area(area),
        position=case_file.goals.count(),
    )
    goal.full_clean()
    goal.save()
    case_stage_refresh(case_file)
    _audit(actor, "goal.added", case_file)
    return goal


@transaction.atomic
def goal_change(*, actor: Actor, goal: Goal, text: str, area: str = "") -> Goal:
    _writable(actor, goal.case_file)
    goal.text = _text(
        text,
        field="text",
        max_length=GOAL_MAX,
        required=_("Schreiben Sie das Ziel in den Worten der Person auf."),
    )
    goal.area = _area(area)
    goal.full_clean()
    goal.save(update_fields=["text", "area", "updated_at"])
    _audit(actor, "goal.changed", goal.case_file)
    return goal


@transaction.atomic
def goal_remove(*, actor: Actor, goal: Goal) -> bool:
    """Deletes a goal without actions (written by mistake); one with actions stays in the
    file as "Nicht mehr verfolgt". True when it was deleted."""
    case_file = _writable(actor, goal.case_file)
    if goal.actions.exists():
        goal.status = Goal.Status.DROPPED
        goal.save(update_fields=["status", "updated_at"])
        _audit(actor, "goal.dropped", case_file)
        return False
    goal.delete()
    case_stage_refresh(case_file)
    _audit(actor, "goal.removed", case_file)
    return True


# Actions --------------------------------------------------------------------------------------


def _doer(doer: str, doer_name: str) -> tuple[str, str]:
    if doer not in Action.Doer.values:
        raise ValidationError({"doer": _("Wählen Sie, wer es macht.")})
    name = _text(doer_name, field="doer_name", max_length=120)
    if doer in (Action.Doer.RELATIVE, Action.Doer.PROVIDER, Action.Doer.OTHER) and not name:
        raise ValidationError({"doer_name": _("Schreiben Sie den Namen dazu.")})
    if doer in (Action.Doer.NAVIGATOR, Action.Doer.PERSON):
        name = ""
    return doer, name


def _due(due_on: dt.date | None) -> dt.date | None:
    if due_on is not None and _far(due_on):
        raise ValidationError(
            {
                "due_on": _("Das Datum muss in den nächsten %(years)s Jahren liegen.")
                % {"years": FAR_YEARS}
            }
        )
    return due_on


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    case_file: CaseFile,
    goal: Goal | None,
    title: str,
    due_on: dt.date | None = None,
    doer: str = Action.Doer.NAVIGATOR,
    doer_name: str = "",
    kind: str = Action.Kind.TASK,
    appointment: Appointment | None = None,
    help_request: HelpRequest | None = None,
) -> Action:
    """A task with who does it by when; an appointment or a request to the digital helpers
    links the person's own record. Referrals go through `action_refer`."""
    case_file = _writable(actor, case_file)
    if kind not in (Action.Kind.TASK, Action.Kind.APPOINTMENT, Action.Kind.DIGITAL_HELP):
        raise ValidationError({"kind": _("Wählen Sie, was für eine Maßnahme es ist.")})
    if kind != Action.Kind.APPOINTMENT:
        appointment = None
    if kind != Action.Kind.DIGITAL_HELP:
        help_request = None
    if appointment is not None and appointment.person_id != case_file.person_id:
        raise ValidationError({"appointment": _("Wählen Sie einen Termin dieser Person.")})
    if help_request is not None and help_request.person_id != case_file.person_id:
        raise ValidationError({"help_request": _("Wählen Sie eine Anfrage dieser Person.")})
    doer, doer_name = _doer(doer, doer_name)
    action = Action(
        case_file=case_file,
        goal=_own_goal(case_file, goal),
        kind=kind,
        title=_text(
            title, field="title", max_length=200, required=_("Schreiben Sie auf, was zu tun ist.")
        ),
        doer=doer,
        doer_name=doer_name,
        due_on=_due(due_on),
        appointment=appointment,
        help_request=help_request,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    case_stage_refresh(case_file)
    _audit(actor, "action.added", case_file, note=kind)
    return action


@transaction.atomic
def action_refer(
    *, actor: Actor, case_file: CaseFile, goal: Goal | None, service: Service, note: str = ""
) -> Action:
    """Refers the person to an offer through the desk's referral service (code, consent rule,
    provider notice, the closed loop) and puts the referral into the plan as an action."""
    case_file = _writable(actor, case_file)
    goal = _own_goal(case_file, goal)
    note = _text(note, field="note", max_length=1000)
    referral = referral_create_for_person(
        actor=actor,
        organisation=case_file.organisation,
        person=case_file.person,
        service=service,
        note=note,
    )
    action = Action(
        case_file=case_file,
        goal=goal,
        kind=Action.Kind.REFERRAL,
        title=service.name[:200],
        doer=Action.Doer.PROVIDER,
        doer_name=service.organization.name[:120],
        due_on=referral.answer_due,
        referral=referral,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    case_stage_refresh(case_file)
    _audit(actor, "action.referred", case_file, note=referral.short_code)
    return action


@transaction.atomic
def action_ask_digital_help(
    *, actor: Actor, case_file: CaseFile, goal: Goal | None, data: dict[str, Any]
) -> Action:
    """Hands the person over to the digital helpers (device, topics, place, urgency, as the
    desk's "An Digital-Hilfe weitergeben") through the volunteers' service, which checks the
    right to record requests and the consent when another organisation coordinates the
    person's quarter; the request goes into the plan as an action."""
    case_file = _writable(actor, case_file)
    goal = _own_goal(case_file, goal)
    help_request = help_request_hand_over(actor=actor, person=case_file.person, data=data)
    action = Action(
        case_file=case_file,
        goal=goal,
        kind=Action.Kind.DIGITAL_HELP,
        title=(_("Digital-Hilfe: %(device)s") % {"device": help_request.get_device_display()})[
            :200
        ],
        doer=Action.Doer.OTHER,
        doer_name=str(_("Digital-Helfer"))[:120],
        help_request=help_request,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    case_stage_refresh(case_file)
    _audit(actor, "action.digital_help", case_file)
    return action


def _open_action(actor: Actor, action: Action) -> CaseFile:
    case_file = _writable(actor, action.case_file)
    if action.status != Action.Status.OPEN:
        raise StepRefused(
            _("Das geht nicht: Die Maßnahme hat den Stand „%(status)s“.")
            % {"status": action.get_status_display()}
        )
    return case_file


@transaction.atomic
def action_done(*, actor: Actor, action: Action, done_on: dt.date | None = None) -> Action:
    case_file = _open_action(actor, action)
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise ValidationError({"done_on": _("Das Datum darf nicht in der Zukunft liegen.")})
    if done_on < case_file.opened_on:
        raise ValidationError({"done_on": _("Das Datum liegt vor dem Beginn der Begleitung.")})
    action.status = Action.Status.DONE
    action.done_on = done_on
    action.full_clean()
    action.save(update_fields=["status", "done_on", "updated_at"])
    case_stage_refresh(case_file)
    _audit(actor, "action.done", case_file)
    return action


@transaction.atomic
def action_cancel(*, actor: Actor, action: Action) -> Action:
    """The action is no longer needed ("Entfällt"). A referral's own loop is not touched: the
    office withdraws it at the desk."""
    case_file = _open_action(actor, action)
    action.status = Action.Status.CANCELLED
    action.save(update_fields=["status", "updated_at"])
    case_stage_refresh(case_file)
    _audit(actor, "action.cancelled", case_file)
    return action


# Reviews --------------------------------------------------------------------------------------


@transaction.atomic
def review_schedule(
    *, actor: Actor, case_file: CaseFile, review_weeks: int, next_review_on: dt.date | None
) -> CaseFile:
    """The Kümmerer sets how often the case is reviewed and when next."""
    case_file = _writable(actor, case_file)
    if not isinstance(review_weeks, int) or not 1 <= review_weeks <= 52:
        raise ValidationError({"review_weeks": _("Geben Sie eine Zahl von 1 bis 52 ein.")})
    today = timezone.localdate()
    if next_review_on is not None and (next_review_on < today or _far(next_review_on)):
        raise ValidationError(
            {"next_review_on": _("Das Datum muss heute oder in den nächsten Jahren liegen.")}
        )
    case_file.review_weeks = review_weeks
    case_file.next_review_on = next_review_on
    case_file.full_clean()
    case_file.save(update_fields=["review_weeks", "next_review_on", "updated_at"])
    _audit(actor, "casefile.review_scheduled", case_file)
    return case_file


def _goal_statuses(
    case_file: CaseFile, statuses: Mapping[uuid.UUID | str, str], *, closing: bool
) -> dict[Goal, str]:
    goals = {str(goal.pk): goal for goal in case_file.goals.all()}
    chosen: dict[Goal, str] = {}
    for goal_id, status in statuses.items():
        goal = goals.get(str(goal_id))
        if goal is None:
            raise ValidationError({"goals": _("Wählen Sie nur Ziele dieser Begleitung.")})
        if status not in Goal.Status.values or (closing and status == Goal.Status.OPEN):
            raise ValidationError(
                {"goals": _("Wählen Sie für jedes Ziel, wie weit es erreicht ist.")}
            )
        chosen[goal] = status
    return chosen


@transaction.atomic
def review_record(
    *,
    actor: Actor,
    case_file: CaseFile,
    reviewed_on: dt.date,
    what_changed: str,
    plan_note: str = "",
    goal_statuses: Mapping[uuid.UUID | str, str] | None = None,
    assessment: Assessment | None = None,
) -> Review:
    """An Überprüfung: what changed, how far each goal got, what changes in the plan; the next
    review is due `review_weeks` later. An assessment made for it (on or after the previous
    review) may be named."""
    case_file = _writable(actor, case_file)
    today = timezone.localdate()
    if reviewed_on > today:
        raise ValidationError({"reviewed_on": _("Das Datum darf nicht in der Zukunft liegen.")})
    if reviewed_on < case_file.opened_on:
        raise ValidationError({"reviewed_on": _("Das Datum liegt vor dem Beginn der Begleitung.")})
    what_changed = _text(
        what_changed,
        field="what_changed",
        max_length=NOTE_MAX,
        required=_("Schreiben Sie auf, was sich verändert hat."),
    )
    plan_note = _text(plan_note, field="plan_note", max_length=NOTE_MAX)
    chosen = _goal_statuses(case_file, goal_statuses or {}, closing=False)
    if assessment is not None:
        previous = case_file.reviews.order_by("-reviewed_on").first()
        if assessment.case_file_id != case_file.pk or (
            previous is not None and assessment.assessed_on < previous.reviewed_on
        ):
            raise ValidationError(
                {"assessment": _("Wählen Sie eine Einschätzung seit der letzten Überprüfung.")}
            )
    review = Review(
        case_file=case_file,
        reviewed_on=reviewed_on,
        what_changed=what_changed,
        plan_note=plan_note,
        assessment=assessment,
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    for goal, status in chosen.items():
        if goal.status != status:
            goal.status = status
            goal.save(update_fields=["status", "updated_at"])
    case_file.next_review_on = reviewed_on + dt.timedelta(weeks=case_file.review_weeks)
    case_file.save(update_fields=["next_review_on", "updated_at"])
    case_stage_refresh(case_file)
    _audit(actor, "review.recorded", case_file)
    return review


# Closing, reopening, the check-in -------------------------------------------------------------


@transaction.atomic
def case_close(
    *,
    actor: Actor,
    case_file: CaseFile,
    closed_on: dt.date,
    reason: str,
    note: str = "",
    outcomes: Mapping[uuid.UUID | str, tuple[str, str]] | None = None,
    check_in_on: dt.date | None = None,
) -> CaseFile:
    """Closes the case with the outcome of every goal (status and a note) and a reason; an
    optional check-in date ("in drei Monaten nachfragen")."""
    case_file = _writable(actor, case_file)
    outcomes = outcomes or {}
    if reason not in CaseFile.ClosingReason.values:
        raise ValidationError({"reason": _("Wählen Sie einen Grund für den Abschluss.")})
    today = timezone.localdate()
    if closed_on > today or closed_on < case_file.opened_on:
        raise ValidationError(
            {"closed_on": _("Das Datum muss zwischen Beginn der Begleitung und heute liegen.")}
        )
    if check_in_on is not None and (check_in_on <= closed_on or _far(check_in_on)):
        raise ValidationError(
            {
                "check_in_on": _(
                    "Die Nachfrage muss nach dem Abschluss liegen, höchstens in %(years)s Jahren."
                )
                % {"years": FAR_YEARS}
            }
        )
    note = _text(note, field="note", max_length=NOTE_MAX)
    statuses = _goal_statuses(
        case_file, {goal_id: status for goal_id, (status, _note) in outcomes.items()}, closing=True
    )
    missing = [goal for goal in case_file.goals.all() if goal not in statuses]
    if missing:
        raise ValidationError({"goals": _("Wählen Sie für jedes Ziel, wie weit es erreicht ist.")})
    notes = {
        str(goal_id): _text(goal_note, field="goals", max_length=NOTE_MAX)
        for goal_id, (_status, goal_note) in outcomes.items()
    }
    for goal, status in statuses.items():
        goal.status = status
        goal.outcome_note = notes[str(goal.pk)]
        goal.save(update_fields=["status", "outcome_note", "updated_at"])
    case_file.closed_on = closed_on
    case_file.closing_reason = reason
    case_file.closing_note = note
    case_file.check_in_on = check_in_on
    case_file.check_in_done_on = None
    # Stage and date are saved together (a check constraint pairs them).
    case_file.stage = case_stage_of(case_file)
    case_file.full_clean()
    case_file.save(
        update_fields=[
            "closed_on",
            "closing_reason",
            "closing_note",
            "check_in_on",
            "check_in_done_on",
            "stage",
            "updated_at",
        ]
    )
    case_stage_refresh(case_file)
    case_event_add(case_file=case_file, kind=CaseEvent.Kind.CLOSED, actor=actor)
    _audit(actor, "casefile.closed", case_file, note=reason)
    return case_file


@transaction.atomic
def case_reopen(*, actor: Actor, case_file: CaseFile, reason: str) -> CaseFile:
    """Takes a closed case up again; the reason is kept with the event."""
    require(actor, CHANGE, case_file)
    case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if case_file.closed_on is None:
        raise StepRefused(_("Diese Begleitung ist nicht abgeschlossen."))
    reason = _text(
        reason,
        field="reason",
        max_length=NOTE_MAX,
        required=_("Schreiben Sie auf, warum die Begleitung wieder aufgenommen wird."),
    )
    case_file.closed_on = None
    case_file.closing_reason = ""
    case_file.closing_note = ""
    case_file.check_in_on = None
    case_file.check_in_done_on = None
    case_file.stage = case_stage_of(case_file)
    case_file.save(
        update_fields=[
            "closed_on",
            "closing_reason",
            "closing_note",
            "check_in_on",
            "check_in_done_on",
            "stage",
            "updated_at",
        ]
    )
    case_stage_refresh(case_file)
    case_event_add(case_file=case_file, kind=CaseEvent.Kind.REOPENED, actor=actor, note=reason)
    _audit(actor, "casefile.reopened", case_file)
    return case_file


@transaction.atomic
def case_check_in_done(
    *, actor: Actor, case_file: CaseFile, done_on: dt.date | None = None, note: str = ""
) -> CaseFile:
    """The call some months after closing ("Wie geht es Ihnen?") has been made."""
    require(actor, CHANGE, case_file)
    case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if case_file.closed_on is None or case_file.check_in_done_on is not None:
        raise StepRefused(_("Für diese Begleitung steht keine Nachfrage an."))
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today or done_on < case_file.closed_on:
        raise ValidationError({"done_on": _("Das Datum muss zwischen Abschluss und heute liegen.")})
    note = _text(note, field="note", max_length=NOTE_MAX)
    case_file.check_in_done_on = done_on
    case_file.save(update_fields=["check_in_done_on", "updated_at"])
    case_event_add(case_file=case_file, kind=CaseEvent.Kind.CHECKED_IN, actor=actor, note=note)
    _audit(actor, "casefile.checked_in", case_file)
    return case_file
