"""Reads of the case file's own parts: the choices when opening, the overview, the assessments
side by side, the journal with its minutes per month, the network."""

import dataclasses
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from lotse.accounts.models import User
from lotse.cases.models import (
    Action,
    Assessment,
    AssessmentRating,
    CaseEvent,
    CaseFile,
    JournalEntry,
    LifeArea,
    NetworkContact,
    SupportLevel,
)
from lotse.cases.rules import CASE_WORKER_ROLES
from lotse.core.models import Area, Organisation
from lotse.people.models import Person, Proxy

# The overview shows this many of the newest journal entries and of the open actions.
OVERVIEW_JOURNAL = 5
OVERVIEW_ACTIONS = 5
# Months of "Minuten je Monat".
MINUTES_MONTHS = 12


def case_persons(*, organisation: Organisation) -> QuerySet[Person]:
    """The persons a case of the organisation may be about."""
    return Person.objects.filter(organisation=organisation, anonymised_at__isnull=True)


def case_sites(*, organisation: Organisation) -> QuerySet[Area]:
    """The sites a case of the organisation may be at: quarters and municipalities of its
    region (as lotse.cases.services.check_site)."""
    return Area.objects.filter(
        region_id=organisation.region_id, kind__in=[Area.Kind.QUARTER, Area.Kind.MUNICIPALITY]
    ).order_by("name")


def case_workers(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's Kümmerer: who may be responsible or on a team."""
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=CASE_WORKER_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("name", "email")
    )


def case_events(*, case_file: CaseFile) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case_file=case_file).select_related(
        "actor", "from_user", "to_user"
    )


def case_team(*, case_file: CaseFile) -> QuerySet[User]:
    return case_file.team.order_by("name", "email")


def case_actions_due(*, case_file: CaseFile) -> list[Action]:
    """The open actions with a due date, soonest first (action_open_due_idx)."""
    return list(
        Action.objects.filter(case_file=case_file, status=Action.Status.OPEN, due_on__isnull=False)
        .select_related("goal")
        .order_by("due_on", "created_at")[:OVERVIEW_ACTIONS]
    )


# --- journal ---------------------------------------------------------------------------------


def journal_list(*, case_file: CaseFile) -> QuerySet[JournalEntry]:
    """The case's journal, newest first (journal_case_time_idx)."""
    return (
        JournalEntry.objects.filter(case_file=case_file)
        .select_related("author")
        .order_by("-happened_at", "-created_at")
    )


def journal_latest(*, case_file: CaseFile) -> list[JournalEntry]:
    return list(journal_list(case_file=case_file)[:OVERVIEW_JOURNAL])


@dataclasses.dataclass(frozen=True)
class MonthMinutes:
    month: dt.date
    minutes: int


def journal_minutes_by_month(
    *, case_file: CaseFile, today: dt.date | None = None
) -> list[MonthMinutes]:
    """Minutes per month of the last 12 months (this one included), oldest first, months
    without a contact as 0. One grouped query over the case's rows of that year."""
    today = today or timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _step in range(MINUTES_MONTHS):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    rows = (
        JournalEntry.objects.filter(case_file=case_file, happened_at__gte=since)
        .annotate(month=TruncMonth("happened_at", tzinfo=tz))
        .values("month")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    totals: dict[dt.date, int] = {}
    for row in rows:
        key = row["month"]
        key = key.date() if isinstance(key, dt.datetime) else key
        totals[key] = totals.get(key, 0) + (row["total"] or 0)
    return [MonthMinutes(month=m, minutes=totals.get(m, 0)) for m in months]


# --- assessment ------------------------------------------------------------------------------


def assessment_list(*, case_file: CaseFile) -> list[Assessment]:
    """The case's assessments, oldest first, each with its ratings."""
    return list(
        Assessment.objects.filter(case_file=case_file)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("ratings", queryset=AssessmentRating.objects.order_by("pk")))
        .order_by("assessed_on", "created_at")
    )


@dataclasses.dataclass(frozen=True)
class RatingCell:
    assessment: Assessment
    level: int | None
    label: str
    note: str


@dataclasses.dataclass(frozen=True)
class AreaRow:
    area: str
    label: str
    cells: list[RatingCell]


def assessment_grid(assessments: list[Assessment]) -> list[AreaRow]:
    """Life areas as rows, assessments as columns (the table and the chart on the page)."""
    by_assessment = {a.pk: {r.area: r for r in a.ratings.all()} for a in assessments}
    grid = []
    for area in LifeArea:
        cells = []
        for assessment in assessments:
            rating = by_assessment[assessment.pk].get(area.value)
            cells.append(
                RatingCell(
                    assessment=assessment,
                    level=rating.level if rating else None,
                    label=str(SupportLevel(rating.level).label) if rating else "–",
                    note=rating.note if rating else "",
                )
            )
        grid.append(AreaRow(area=area.value, label=str(area.label), cells=cells))
    return grid


# --- network ---------------------------------------------------------------------------------


def network_list(*, case_file: CaseFile) -> QuerySet[NetworkContact]:
    return NetworkContact.objects.filter(case_file=case_file).select_related("proxy")


def access_network_contact(*, case_file: CaseFile, contact_id: uuid.UUID | str) -> NetworkContact:
    """A contact of this case's network (the case already accessed); any other answers 404."""
    try:
        contact = network_list(case_file=case_file).get(id=contact_id)
    except (NetworkContact.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    contact.case_file = case_file
    return contact


def network_proxy_choices(*, case_file: CaseFile, current: Proxy | None = None) -> QuerySet[Proxy]:
    """The person's proxies that may be linked: those in force, and the one linked now."""
    today = timezone.localdate()
    in_force = Q(ended_at__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if current is not None:
        in_force |= Q(pk=current.pk)
    return Proxy.objects.filter(in_force, person_id=case_file.person_id).order_by("name")
