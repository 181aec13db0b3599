"""The help plan's services: goals, actions, referrals through the desk, reviews, closing,
reopening and the check-in; refusals by persona, a closed case, bad input."""

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.cases.models import Action, Assessment, CaseEvent, CaseFile, Goal, Stage
from lotse.cases.services import CaseClosed, case_open
from lotse.cases.services_plan import (
    StepRefused,
    action_add,
    action_cancel,
    action_done,
    action_refer,
    case_check_in_done,
    case_close,
    case_reopen,
    goal_add,
    goal_change,
    goal_remove,
    review_record,
    review_schedule,
)
from lotse.cases.tests.conftest import colleague_make
from lotse.core.models import AuditEntry, Organisation
from lotse.desk.models import Referral
from lotse.directory.models import Service

TODAY = timezone.localdate
NUL = "Ein\x00Ziel"
LONG = "x" * 10_000
OUTSIDERS = ["office_staff", "manager", "outsider", "provider_staff", "resident", "researcher"]


@pytest.fixture
def goal(case_file, care_navigator) -> Goal:
    return goal_add(
        actor=care_navigator,
        case_file=case_file,
        text="Ich möchte wieder selbst einkaufen gehen.",
        area="everyday",
    )


@pytest.fixture
def task(case_file, care_navigator, goal) -> Action:
    return action_add(
        actor=care_navigator,
        case_file=case_file,
        goal=goal,
        title="Rollator beantragen",
        due_on=TODAY() + dt.timedelta(days=14),
        doer=Action.Doer.RELATIVE,
        doer_name="Tochter Sabine",
    )


def _assessed(case_file, navigator, on=None) -> Assessment:
    return Assessment.objects.create(
        case_file=case_file, assessed_on=on or case_file.opened_on, recorded_by=navigator
    )


def _closed(case_file, navigator) -> CaseFile:
    return case_close(
        actor=navigator,
        case_file=case_file,
        closed_on=TODAY(),
        reason=CaseFile.ClosingReason.GOALS_REACHED,
        outcomes={g.pk: (Goal.Status.REACHED, "") for g in case_file.goals.all()},
    )


# Goals ------------------------------------------------------------------------------------------


def test_goal_add_keeps_the_persons_words_encrypted_and_moves_the_stage(case_file, care_navigator):
    _assessed(case_file, care_navigator)

    goal = goal_add(actor=care_navigator, case_file=case_file, text="  Wieder in den Chor gehen. ")

    assert goal.text == "Wieder in den Chor gehen."
    assert goal.status == Goal.Status.OPEN
    case_file.refresh_from_db()
    assert case_file.stage == Stage.PLAN
    assert AuditEntry.objects.filter(verb="goal.added").exists()


@pytest.mark.parametrize("text", ["", "   ", NUL, LONG])
def test_goal_add_refuses_empty_forbidden_or_too_long_text(case_file, care_navigator, text):
    with pytest.raises(ValidationError):
        goal_add(actor=care_navigator, case_file=case_file, text=text)

    assert not Goal.objects.exists()


def test_goal_add_refuses_an_unknown_life_area(case_file, care_navigator):
    with pytest.raises(ValidationError):
        goal_add(actor=care_navigator, case_file=case_file, text="Ziel", area="mars")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_goal_add_refuses_who_is_not_on_the_case(request, case_file, persona):
    with pytest.raises(PermissionDenied):
        goal_add(actor=request.getfixturevalue(persona), case_file=case_file, text="Ziel")

    assert not Goal.objects.exists()


def test_goal_add_refuses_a_colleague_not_on_the_team(case_file, colleague):
    with pytest.raises(PermissionDenied):
        goal_add(actor=colleague, case_file=case_file, text="Ziel")


def test_goal_change_and_remove_without_actions(goal, care_navigator, case_file):
    goal_change(actor=care_navigator, goal=goal, text="Selbst zum Markt gehen", area="mobility")
    goal.refresh_from_db()
    assert (goal.text, goal.area) == ("Selbst zum Markt gehen", "mobility")

    assert goal_remove(actor=care_navigator, goal=goal) is True

    assert not Goal.objects.exists()


def test_goal_remove_with_actions_drops_the_goal(goal, task, care_navigator):
    assert goal_remove(actor=care_navigator, goal=goal) is False

    goal.refresh_from_db()
    assert goal.status == Goal.Status.DROPPED
    assert Action.objects.filter(goal=goal).exists()


# Actions ----------------------------------------------------------------------------------------


def test_action_add_records_who_does_what_by_when(task, goal, case_file, care_navigator):
    assert (task.goal, task.doer, task.doer_name, task.status) == (
        goal,
        Action.Doer.RELATIVE,
        "Tochter Sabine",
        Action.Status.OPEN,
    )
    _assessed(case_file, care_navigator)

    action_add(actor=care_navigator, case_file=case_file, goal=goal, title="Anrufen")

    case_file.refresh_from_db()
    assert case_file.stage == Stage.IMPLEMENTATION
    assert case_file.next_review_on == TODAY() + dt.timedelta(weeks=8)


def test_action_add_needs_a_name_for_a_relative(case_file, care_navigator, goal):
    with pytest.raises(ValidationError) as caught:
        action_add(
            actor=care_navigator,
            case_file=case_file,
            goal=goal,
            title="Anrufen",
            doer=Action.Doer.RELATIVE,
        )

    assert "doer_name" in caught.value.error_dict


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"title": NUL},
        {"title": LONG},
        {"doer": "robot"},
        {"kind": Action.Kind.REFERRAL},
        {"due_on": dt.date(2999, 1, 1)},
        {"due_on": dt.date(1900, 1, 1)},
        {"doer_name": LONG, "doer": Action.Doer.OTHER},
    ],
)
def test_action_add_refuses_bad_input(case_file, care_navigator, goal, change):
    data = {"title": "Anrufen", "doer": Action.Doer.NAVIGATOR, **change}

    with pytest.raises(ValidationError):
        action_add(actor=care_navigator, case_file=case_file, goal=goal, **data)

    assert not Action.objects.exists()


def test_action_add_refuses_another_case_goal(case_file, care_navigator, erna, office, site):
    other = case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=site,
        reason=CaseFile.Reason.OTHER,
        source=CaseFile.Source.DIRECT,
    )
    foreign_goal = goal_add(actor=care_navigator, case_file=other, text="Anderes Ziel")

    with pytest.raises(ValidationError):
        action_add(actor=care_navigator, case_file=case_file, goal=foreign_goal, title="X")


def test_action_done_and_cancel_once(task, care_navigator, case_file, goal):
    action_done(actor=care_navigator, action=task)
    task.refresh_from_db()
    assert (task.status, task.done_on) == (Action.Status.DONE, TODAY())

    with pytest.raises(StepRefused):
        action_cancel(actor=care_navigator, action=task)

    other = action_add(actor=care_navigator, case_file=case_file, goal=goal, title="Anrufen")
    action_cancel(actor=care_navigator, action=other)
    other.refresh_from_db()
    assert other.status == Action.Status.CANCELLED


@pytest.mark.parametrize("days", [1, -10_000])
def test_action_done_refuses_a_date_in_the_future_or_before_the_case(task, care_navigator, days):
    with pytest.raises(ValidationError):
        action_done(actor=care_navigator, action=task, done_on=TODAY() + dt.timedelta(days=days))


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_action_done_refuses_who_is_not_on_the_case(request, task, persona):
    with pytest.raises(PermissionDenied):
        action_done(actor=request.getfixturevalue(persona), action=task)


def test_action_links_only_the_persons_own_appointment_or_request(case_file, care_navigator, goal):
    stranger = SimpleNamespace(person_id=uuid.uuid4())

    for kind, link in (
        (Action.Kind.APPOINTMENT, {"appointment": stranger}),
        (Action.Kind.DIGITAL_HELP, {"help_request": stranger}),
    ):
        with pytest.raises(ValidationError):
            action_add(
                actor=care_navigator,
                case_file=case_file,
                goal=goal,
                title="Beratung",
                kind=kind,
                **link,  # type: ignore[arg-type]
            )

    assert not Action.objects.exists()


# Referrals --------------------------------------------------------------------------------------


def test_action_refer_goes_through_the_desk_loop(case_file, care_navigator, goal, make_offer):
    offer = make_offer("Einkaufshilfe")

    action = action_refer(
        actor=care_navigator, case_file=case_file, goal=goal, service=offer, note="Dienstags"
    )

    referral = action.referral
    assert referral is not None and referral.inquiry is None
    assert (referral.person, referral.organisation, referral.note) == (
        case_file.person,
        case_file.organisation,
        "Dienstags",
    )
    assert referral.status == Referral.Status.REQUESTED
    assert (action.kind, action.goal, action.due_on) == (
        Action.Kind.REFERRAL,
        goal,
        referral.answer_due,
    )
    assert referral.events.count() == 1


def test_action_refer_refuses_an_inactive_offer(case_file, care_navigator, goal, make_offer):
    offer = make_offer("Einkaufshilfe")
    offer.status = Service.Status.DEFUNCT
    offer.save()

    with pytest.raises(ValidationError):
        action_refer(actor=care_navigator, case_file=case_file, goal=goal, service=offer)

    assert not Referral.objects.exists() and not Action.objects.exists()


def test_action_refer_refuses_a_forbidden_or_long_note(case_file, care_navigator, goal, make_offer):
    offer = make_offer("Einkaufshilfe")
    for note in (NUL, LONG):
        with pytest.raises(ValidationError):
            action_refer(
                actor=care_navigator, case_file=case_file, goal=goal, service=offer, note=note
            )

    assert not Referral.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "office_staff", "outsider"])
def test_action_refer_refuses_who_is_not_on_the_case(request, case_file, goal, make_offer, persona):
    with pytest.raises(PermissionDenied):
        action_refer(
            actor=request.getfixturevalue(persona),
            case_file=case_file,
            goal=goal,
            service=make_offer("Einkaufshilfe"),
        )

    assert not Referral.objects.exists()


# Reviews ----------------------------------------------------------------------------------------


def test_review_record_sets_goal_statuses_and_the_next_date(case_file, care_navigator, goal, task):
    assessment = _assessed(case_file, care_navigator, on=TODAY())

    review = review_record(
        actor=care_navigator,
        case_file=case_file,
        reviewed_on=TODAY(),
        what_changed="Geht wieder mit dem Rollator zum Bäcker.",
        plan_note="Fahrdienst dazu",
        goal_statuses={goal.pk: Goal.Status.PARTLY},
        assessment=assessment,
    )

    goal.refresh_from_db()
    case_file.refresh_from_db()
    assert goal.status == Goal.Status.PARTLY
    assert review.assessment == assessment
    assert case_file.next_review_on == TODAY() + dt.timedelta(weeks=case_file.review_weeks)


def test_review_record_takes_an_assessment_only_since_the_last_review(
    case_file, care_navigator, goal
):
    CaseFile.objects.filter(pk=case_file.pk).update(opened_on=TODAY() - dt.timedelta(days=60))
    case_file.refresh_from_db()
    old = _assessed(case_file, care_navigator, on=TODAY() - dt.timedelta(days=30))
    review_record(
        actor=care_navigator, case_file=case_file, reviewed_on=TODAY(), what_changed="Erstes"
    )

    with pytest.raises(ValidationError):
        review_record(
            actor=care_navigator,
            case_file=case_file,
            reviewed_on=TODAY(),
            what_changed="Zweites",
            assessment=old,
        )

    assert case_file.reviews.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"what_changed": ""},
        {"what_changed": NUL},
        {"what_changed": LONG},
        {"plan_note": LONG},
        {"reviewed_on": dt.date(2999, 1, 1)},
        {"reviewed_on": dt.date(1900, 1, 1)},
        {"goal_statuses": {uuid.uuid4(): "reached"}},
        {"goal_statuses": "bad-status"},
    ],
)
def test_review_record_refuses_bad_input(case_file, care_navigator, goal, change):
    data = {"reviewed_on": TODAY(), "what_changed": "Besser", **change}
    if data.get("goal_statuses") == "bad-status":
        data["goal_statuses"] = {goal.pk: "fabulous"}

    with pytest.raises(ValidationError):
        review_record(actor=care_navigator, case_file=case_file, **data)

    assert not case_file.reviews.exists()


def test_review_schedule_changes_weeks_and_next_date(case_file, care_navigator):
    review_schedule(
        actor=care_navigator,
        case_file=case_file,
        review_weeks=4,
        next_review_on=TODAY() + dt.timedelta(days=3),
    )

    case_file.refresh_from_db()
    assert (case_file.review_weeks, case_file.next_review_on) == (4, TODAY() + dt.timedelta(3))


@pytest.mark.parametrize(
    ("weeks", "next_on"), [(0, None), (53, None), (10**9, None), (4, dt.date(1999, 1, 1))]
)
def test_review_schedule_refuses_bad_input(case_file, care_navigator, weeks, next_on):
    with pytest.raises(ValidationError):
        review_schedule(
            actor=care_navigator, case_file=case_file, review_weeks=weeks, next_review_on=next_on
        )


# Closing, reopening, check-in -------------------------------------------------------------------


def test_case_close_records_outcomes_reason_event_and_check_in(case_file, care_navigator, goal):
    case_close(
        actor=care_navigator,
        case_file=case_file,
        closed_on=TODAY(),
        reason=CaseFile.ClosingReason.GOALS_REACHED,
        note="Alles geklappt.",
        outcomes={goal.pk: (Goal.Status.REACHED, "Geht jeden Tag einkaufen.")},
        check_in_on=TODAY() + dt.timedelta(days=91),
    )

    case_file.refresh_from_db()
    goal.refresh_from_db()
    assert (case_file.stage, case_file.closed_on) == (Stage.CLOSED, TODAY())
    assert case_file.closing_reason == CaseFile.ClosingReason.GOALS_REACHED
    assert case_file.check_in_on == TODAY() + dt.timedelta(days=91)
    assert (goal.status, goal.outcome_note) == (Goal.Status.REACHED, "Geht jeden Tag einkaufen.")
    assert case_file.events.filter(kind=CaseEvent.Kind.CLOSED).exists()
    assert AuditEntry.objects.filter(verb="casefile.closed").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "bored"},
        {"outcomes": {}},
        {"outcomes": "open"},
        {"closed_on": dt.date(2999, 1, 1)},
        {"closed_on": dt.date(1900, 1, 1)},
        {"check_in_on": dt.date(1900, 1, 1)},
        {"check_in_on": dt.date(2999, 1, 1)},
        {"note": NUL},
        {"note": LONG},
    ],
)
def test_case_close_refuses_bad_input(case_file, care_navigator, goal, change):
    data = {
        "closed_on": TODAY(),
        "reason": CaseFile.ClosingReason.MOVED,
        "outcomes": {goal.pk: (Goal.Status.NOT_REACHED, "")},
        **change,
    }
    if data["outcomes"] == "open":
        data["outcomes"] = {goal.pk: (Goal.Status.OPEN, "")}

    with pytest.raises(ValidationError):
        case_close(actor=care_navigator, case_file=case_file, **data)

    case_file.refresh_from_db()
    assert case_file.closed_on is None


def test_a_closed_case_is_read_only(case_file, care_navigator, goal, task, make_offer):
    _closed(case_file, care_navigator)
    case_file.refresh_from_db()

    refused = [
        lambda: goal_add(actor=care_navigator, case_file=case_file, text="Neu"),
        lambda: goal_change(actor=care_navigator, goal=goal, text="Neu"),
        lambda: goal_remove(actor=care_navigator, goal=goal),
        lambda: action_add(actor=care_navigator, case_file=case_file, goal=goal, title="X"),
        lambda: action_done(actor=care_navigator, action=task),
        lambda: action_cancel(actor=care_navigator, action=task),
        lambda: action_refer(
            actor=care_navigator, case_file=case_file, goal=goal, service=make_offer("A")
        ),
        lambda: review_record(
            actor=care_navigator, case_file=case_file, reviewed_on=TODAY(), what_changed="X"
        ),
        lambda: review_schedule(
            actor=care_navigator, case_file=case_file, review_weeks=4, next_review_on=None
        ),
        lambda: _closed(case_file, care_navigator),
    ]
    for attempt in refused:
        with pytest.raises(CaseClosed):
            attempt()


def test_case_reopen_needs_a_reason_and_clears_the_closing(case_file, care_navigator, goal, task):
    _closed(case_file, care_navigator)
    for reason in ("", NUL, LONG):
        with pytest.raises(ValidationError):
            case_reopen(actor=care_navigator, case_file=case_file, reason=reason)

    case_reopen(actor=care_navigator, case_file=case_file, reason="Erneuter Sturz")

    case_file.refresh_from_db()
    assert case_file.closed_on is None and case_file.closing_reason == ""
    assert case_file.stage == Stage.FIRST_CONTACT  # no assessment in this file yet
    event = case_file.events.get(kind=CaseEvent.Kind.REOPENED)
    assert event.note == "Erneuter Sturz"


def test_case_reopen_refuses_an_open_case_and_outsiders(case_file, care_navigator, manager):
    with pytest.raises(StepRefused):
        case_reopen(actor=care_navigator, case_file=case_file, reason="?")

    _closed(case_file, care_navigator)
    with pytest.raises(PermissionDenied):
        case_reopen(actor=manager, case_file=case_file, reason="Wieder da")


def test_case_check_in_done_once_after_closing(case_file, care_navigator):
    with pytest.raises(StepRefused):
        case_check_in_done(actor=care_navigator, case_file=case_file)
    _closed(case_file, care_navigator)

    case_check_in_done(actor=care_navigator, case_file=case_file, note="Geht ihr gut.")

    case_file.refresh_from_db()
    assert case_file.check_in_done_on == TODAY()
    assert case_file.events.get(kind=CaseEvent.Kind.CHECKED_IN).note == "Geht ihr gut."
    with pytest.raises(StepRefused):
        case_check_in_done(actor=care_navigator, case_file=case_file)


def test_a_team_member_may_work_on_the_plan(case_file, care_navigator, office):
    member = colleague_make(office, "team@test.de")
    case_file.team.add(member)

    goal = goal_add(actor=member, case_file=CaseFile.objects.get(pk=case_file.pk), text="Ziel")

    assert goal.case_file_id == case_file.pk
    assert Organisation.objects.filter(pk=office.pk).exists()


def test_action_links_the_persons_help_request(case_file, care_navigator, goal, office, erna):
    from lotse.volunteers.models import HelpRequest

    help_request = HelpRequest.objects.create(
        organisation=office, region_id=office.region_id, person=erna, device="iphone"
    )

    action = action_add(
        actor=care_navigator,
        case_file=case_file,
        goal=goal,
        title="Handy einrichten lassen",
        kind=Action.Kind.DIGITAL_HELP,
        help_request=help_request,
    )

    assert action.help_request == help_request and action.appointment is None
