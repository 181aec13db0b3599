"""Reads of the help plan, the reviews, the closing and the two PDFs of a case file. The case
itself comes from `access_case_file`; everything here is read through it."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lotse.cases.models import (
    Action,
    Assessment,
    AssessmentRating,
    CaseEvent,
    CaseFile,
    Goal,
    LifeArea,
    Review,
)
from lotse.desk.selectors import platform_organisation_ids
from lotse.desk.services.referrals import OPEN_STATUSES
from lotse.directory.models import Service
from lotse.directory.selectors import SearchFilters, offer_get, offer_search
from lotse.office.models import Appointment, Office
from lotse.volunteers.models import HelpRequest

# How many offers the plan's search shows.
OFFER_ROWS = 8


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related(
        "referral",
        "referral__service",
        "referral__receiving_organisation",
        "appointment",
        "help_request",
    ).order_by("created_at")


def plan_goals(*, case_file: CaseFile) -> list[Goal]:
    """The goals with their actions (referrals with their step), in the plan's order."""
    return list(case_file.goals.prefetch_related(Prefetch("actions", queryset=_actions())))


def plan_loose_actions(*, case_file: CaseFile) -> list[Action]:
    """Actions whose goal was deleted or that never had one."""
    return list(_actions().filter(case_file=case_file, goal__isnull=True))


def goal_get(*, case_file: CaseFile, goal_id: uuid.UUID | str) -> Goal:
    """A goal of the case; another case's or a missing one answers 404."""
    try:
        return case_file.goals.get(pk=goal_id)
    except (Goal.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def action_get(*, case_file: CaseFile, action_id: uuid.UUID | str) -> Action:
    try:
        return _actions().get(case_file=case_file, pk=action_id)
    except (Action.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def action_list(*, case_file: CaseFile) -> list[Action]:
    return list(_actions().filter(case_file=case_file).order_by("due_on", "created_at"))


def referral_rows(actions: list[Action]) -> dict[uuid.UUID, dict[str, Any]]:
    """For each referral action: whether its loop is still open and whether the provider answers
    on the platform (else the office records its answer from the plan)."""
    referrals = [a.referral for a in actions if a.referral is not None]
    on_platform = platform_organisation_ids([r.receiving_organisation_id for r in referrals])
    return {
        r.pk: {
            "open": r.status in OPEN_STATUSES,
            "on_platform": r.receiving_organisation_id in on_platform,
        }
        for r in referrals
    }


def offer_find(*, text: str) -> list[Service]:
    """Active offers whose name or words match, best first (the directory's search)."""
    text = text.strip()
    if not text:
        return []
    found = offer_search(filters=SearchFilters(text=text), page=1, now=timezone.localtime())
    return list(found.page.object_list)[:OFFER_ROWS]


def offer_for_referral(*, offer_id: uuid.UUID | str) -> Service:
    """An active offer (404 otherwise: archived, missing)."""
    return offer_get(offer_id=offer_id)


def person_appointments(*, case_file: CaseFile) -> QuerySet[Appointment]:
    """The person's office appointments from today on, to link to the plan."""
    today = timezone.localdate()
    return Appointment.objects.filter(
        person_id=case_file.person_id, start__date__gte=today
    ).order_by("start")[:20]


def person_help_requests(*, case_file: CaseFile) -> QuerySet[HelpRequest]:
    """The person's requests to the digital helpers, newest first."""
    return HelpRequest.objects.filter(person_id=case_file.person_id).order_by("-created_at")[:20]


def appointment_of(*, case_file: CaseFile, appointment_id: Any) -> Appointment | None:
    if not appointment_id:
        return None
    return person_appointments(case_file=case_file).filter(pk=appointment_id).first()


def help_request_of(*, case_file: CaseFile, request_id: Any) -> HelpRequest | None:
    if not request_id:
        return None
    return person_help_requests(case_file=case_file).filter(pk=request_id).first()


def review_list(*, case_file: CaseFile) -> list[Review]:
    return list(case_file.reviews.select_related("assessment", "recorded_by"))


def review_assessments(*, case_file: CaseFile) -> list[Assessment]:
    """Assessments a review may name: made on or after the previous review."""
    assessments = case_file.assessments.order_by("-assessed_on", "-created_at")
    previous = case_file.reviews.order_by("-reviewed_on").first()
    if previous is not None:
        assessments = assessments.filter(assessed_on__gte=previous.reviewed_on)
    return list(assessments)


def assessment_of(*, case_file: CaseFile, assessment_id: Any) -> Assessment | None:
    if not assessment_id:
        return None
    return next(
        (a for a in review_assessments(case_file=case_file) if str(a.pk) == str(assessment_id)),
        None,
    )


def case_events(*, case_file: CaseFile) -> list[CaseEvent]:
    return list(case_file.events.select_related("actor"))


def office_phone(*, case_file: CaseFile) -> str:
    """How the person reaches the Kümmerer: the office at the site, else any office of the
    organisation, else the platform's number."""
    offices = Office.objects.filter(organisation_id=case_file.organisation_id).exclude(phone="")
    office = offices.filter(quarter_id=case_file.site_id).first() or offices.first()
    return office.phone if office else settings.LOTSE_CONTACT_PHONE


@dataclass
class AreaRating:
    area: str
    level: str
    note: str
    assessed_on: dt.date


def latest_ratings(*, case_file: CaseFile) -> list[AreaRating]:
    """For each life area the rating of the latest assessment that rated it."""
    ratings = (
        AssessmentRating.objects.filter(assessment__case_file=case_file)
        .select_related("assessment")
        .order_by("assessment__assessed_on", "assessment__created_at")
    )
    latest: dict[str, AssessmentRating] = {}
    for rating in ratings:
        latest[rating.area] = rating
    return [
        AreaRating(
            area=str(LifeArea(area).label),
            level=str(latest[area].get_level_display()),
            note=latest[area].note,
            assessed_on=latest[area].assessment.assessed_on,
        )
        for area in LifeArea.values
        if area in latest
    ]


def network_agreed(*, case_file: CaseFile) -> list[str]:
    """Names and roles of the people around the person the person agreed we may talk to."""
    return [
        f"{contact.name} ({contact.get_role_display()})"
        for contact in case_file.network.filter(may_contact=True)
    ]


def journal_minutes(*, case_file: CaseFile) -> int:
    return case_file.journal.aggregate(total=Sum("minutes"))["total"] or 0
