"""Reads of the group formats: the dates of a Handy-Café (computed, not stored), its shifts and
gaps, the public list of next dates, courses, the hours helpers gave (help sessions and café
shifts) and `access_cafe` / `access_course`, the protected fetchers."""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of
from lotse.volunteers.models import (
    Cafe,
    CafeCancellation,
    CafeShift,
    Course,
    CourseParticipant,
    Helper,
    HelpSession,
    Topic,
    code_labels,
)
from lotse.volunteers.rules import HELPER_MANAGER_ROLES

# How far ahead the date computation looks at most (a café that ended or lies years ahead
# must not make the loop run long).
HORIZON_DAYS = 3 * 366
NEXT_DATES = 8


def _holidays(years: range) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE, years=years)


def weekly_dates(
    *,
    weekday: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    after: dt.date,
    count: int,
    skip: set[dt.date] = frozenset(),  # type: ignore[assignment]
    skip_holidays: bool = True,
) -> list[dt.date]:
    """The next `count` dates on `weekday` from `after` on (inclusive), not before `starts_on`,
    not after `ends_on`, without the dates in `skip` and (with `skip_holidays`) the public
    holidays of settings.LOTSE_HOLIDAY_STATE. Dates are calendar days: the change to and from
    summer time does not move them."""
    first = max(after, starts_on)
    first += dt.timedelta(days=(weekday - first.weekday()) % 7)
    last = first + dt.timedelta(days=HORIZON_DAYS)
    if ends_on is not None:
        last = min(last, ends_on)
    public = _holidays(range(first.year, last.year + 1)) if skip_holidays else {}
    dates: list[dt.date] = []
    day = first
    while day <= last and len(dates) < count:
        if day not in skip and day not in public:
            dates.append(day)
        day += dt.timedelta(days=7)
    return dates


def holiday_name(day: dt.date) -> str:
    return str(_holidays(range(day.year, day.year + 1)).get(day) or "")


def cafe_dates(
    *, cafe: Cafe, after: dt.date | None = None, count: int = NEXT_DATES
) -> list[dt.date]:
    """The café's next `count` dates from `after` (today) on, cancelled dates and holidays left
    out."""
    after = after or timezone.localdate()
    cancelled = set(cafe.cancellations.filter(date__gte=after).values_list("date", flat=True))
    return weekly_dates(
        weekday=cafe.weekday,
        starts_on=cafe.starts_on,
        ends_on=cafe.ends_on,
        after=after,
        count=count,
        skip=cancelled,
        skip_holidays=cafe.skip_holidays,
    )


def is_cafe_date(*, cafe: Cafe, day: dt.date) -> bool:
    """Whether the café takes place on `day` (a computed date, not cancelled)."""
    return day in cafe_dates(cafe=cafe, after=day, count=1)


@dataclass
class CafeDate:
    date: dt.date
    shifts: list[CafeShift] = field(default_factory=list)
    wanted: int = 0

    @property
    def count(self) -> int:
        return len(self.shifts)

    @property
    def missing(self) -> int:
        return max(0, self.wanted - self.count)


def cafe_plan(
    *, cafe: Cafe, after: dt.date | None = None, count: int = NEXT_DATES
) -> list[CafeDate]:
    """The next dates with the helpers on shift; `missing` > 0 marks a gap."""
    dates = cafe_dates(cafe=cafe, after=after, count=count)
    plan = {day: CafeDate(date=day, wanted=cafe.helpers_wanted) for day in dates}
    for shift in CafeShift.objects.filter(cafe=cafe, date__in=dates).select_related(
        "helper__person"
    ):
        plan[shift.date].shifts.append(shift)
    return list(plan.values())


def cancellation_list(*, cafe: Cafe, after: dt.date | None = None) -> QuerySet[CafeCancellation]:
    return cafe.cancellations.filter(date__gte=after or timezone.localdate())


def _org_ids(actor: Actor, roles: list[str]) -> set[uuid.UUID]:
    if actor is None or not actor.is_authenticated:
        return set()
    return {m.organisation_id for m in memberships_of(actor) if m.role in roles}


def group_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose cafés and courses the actor plans or sees."""
    if actor is None or not actor.is_authenticated:
        return []
    found: dict[uuid.UUID, Organisation] = {}
    regions = set()
    for membership in memberships_of(actor):
        if membership.role in HELPER_MANAGER_ROLES:
            found[membership.organisation_id] = membership.organisation
        elif membership.role == Role.REGION_COORDINATOR:
            regions.add(membership.organisation.region_id)
    if regions:
        for organisation in Organisation.objects.filter(region_id__in=regions).filter(
            Q(coordinates__isnull=False) | Q(kind=Organisation.Kind.OFFICE)
        ):
            found.setdefault(organisation.pk, organisation)
    return sorted(found.values(), key=lambda organisation: organisation.name)


def _reach(actor: Actor) -> Q:
    reach = Q(pk__in=[])
    for membership in memberships_of(actor):
        if membership.role == Role.REGION_COORDINATOR:
            reach |= Q(region_id=membership.organisation.region_id)
        elif membership.role in HELPER_MANAGER_ROLES:
            area_ids = [area.pk for area in membership.areas.all()]
            here = Q(organisation_id=membership.organisation_id)
            if area_ids:
                here &= Q(quarter_id__in=area_ids) | Q(quarter__parent_id__in=area_ids)
            reach |= here
    return reach


def cafe_list(*, actor: Actor) -> QuerySet[Cafe]:
    """The cafés the actor plans or sees, by name."""
    if actor is None or not actor.is_authenticated:
        return Cafe.objects.none()
    return Cafe.objects.filter(_reach(actor)).select_related("quarter", "organisation")


def access_cafe(
    actor: Actor, cafe_id: uuid.UUID | str, *, perm: str = "volunteers.view_cafe"
) -> Cafe:
    """A café the actor may see: another organisation's answers 404 like a missing one."""
    try:
        cafe = Cafe.objects.select_related("quarter", "organisation", "location").get(id=cafe_id)
    except (Cafe.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, cafe):
        refuse_object(actor, organisation_id=cafe.organisation_id)
    return cafe


def shift_helper_choices(*, cafe: Cafe) -> QuerySet[Helper]:
    """Helpers a multiplier can put on a date: the organisation's active helpers and those in
    qualification."""
    return Helper.objects.filter(
        organisation_id=cafe.organisation_id,
        status__in=[Helper.Status.ACTIVE, Helper.Status.QUALIFYING],
    ).select_related("person")


def own_cafes(*, helper: Helper) -> QuerySet[Cafe]:
    """The cafés of the helper's organisation, those in their quarters first."""
    quarter_ids = {helper.home_quarter_id, *helper.quarters.values_list("pk", flat=True)}
    cafes = Cafe.objects.filter(organisation_id=helper.organisation_id).select_related("quarter")
    mine = Case(When(quarter_id__in=[q for q in quarter_ids if q], then=Value(0)), default=Value(1))
    return cafes.order_by(mine, "quarter__name", "name")


def own_shifts(*, helper: Helper, after: dt.date | None = None) -> QuerySet[CafeShift]:
    return CafeShift.objects.filter(
        helper=helper, date__gte=after or timezone.localdate()
    ).select_related("cafe")


def shift_get(
    *, shift_id: uuid.UUID | str, cafe: Cafe | None = None, helper: Helper | None = None
) -> CafeShift:
    """A shift of `cafe` (its planners) or of `helper` (their own); any other answers 404."""
    shifts = CafeShift.objects.select_related("cafe", "helper")
    if cafe is not None:
        shifts = shifts.filter(cafe=cafe)
    if helper is not None:
        shifts = shifts.filter(helper=helper)
    try:
        return shifts.get(id=shift_id)
    except (CafeShift.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass
class PublicCafe:
    cafe: Cafe
    dates: list[dt.date]
    cancelled: list[CafeCancellation]


def public_cafes(
    *, quarter: Area | None = None, count: int = 4, after: dt.date | None = None
) -> dict[Area, list[PublicCafe]]:
    """Cafés with their next dates (and the cancellations among them), per quarter, for
    residents; of one quarter only when given."""
    after = after or timezone.localdate()
    cafes = Cafe.objects.select_related("quarter", "location").order_by("quarter__name", "name")
    cafes = cafes.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=after))
    if quarter is not None:
        cafes = cafes.filter(quarter=quarter)
    found: dict[Area, list[PublicCafe]] = defaultdict(list)
    for cafe in cafes:
        dates = cafe_dates(cafe=cafe, after=after, count=count)
        if not dates:
            continue
        cancelled = list(cafe.cancellations.filter(date__gte=after, date__lte=dates[-1]))
        found[cafe.quarter].append(PublicCafe(cafe=cafe, dates=dates, cancelled=cancelled))
    return dict(found)


def cafes_of_offer(*, service_id: uuid.UUID) -> list[PublicCafe]:
    after = timezone.localdate()
    result = []
    for cafe in Cafe.objects.filter(service_id=service_id).select_related("quarter"):
        dates = cafe_dates(cafe=cafe, after=after, count=4)
        if dates:
            cancelled = list(cafe.cancellations.filter(date__gte=after, date__lte=dates[-1]))
            result.append(PublicCafe(cafe=cafe, dates=dates, cancelled=cancelled))
    return result


# --- Courses ------------------------------------------------------------------------------------


def course_list(*, actor: Actor) -> QuerySet[Course]:
    """The courses the actor runs or sees, newest first."""
    if actor is None or not actor.is_authenticated:
        return Course.objects.none()
    reach = Q(pk__in=[])
    for membership in memberships_of(actor):
        if membership.role == Role.REGION_COORDINATOR:
            reach |= Q(region_id=membership.organisation.region_id)
        elif membership.role in HELPER_MANAGER_ROLES:
            reach |= Q(organisation_id=membership.organisation_id)
    helper = getattr(actor, "helper", None)
    if helper is not None and helper.is_multiplier_qualified:
        reach |= Q(organisation_id=helper.organisation_id)
    return (
        Course.objects.filter(reach)
        .select_related("organisation", "led_by")
        .annotate(
            participant_count=Count("participants", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
    )


def course_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations in which the actor may run a course."""
    if actor is None or not actor.is_authenticated:
        return []
    found = {
        m.organisation_id: m.organisation
        for m in memberships_of(actor)
        if m.role in (Role.MULTIPLIER, Role.HELPER)
    }
    return [o for o in found.values() if actor.has_perm("volunteers.run_course", o)]


def access_course(
    actor: Actor, course_id: uuid.UUID | str, *, perm: str = "volunteers.view_course"
) -> Course:
    try:
        course = Course.objects.select_related("organisation", "led_by").get(id=course_id)
    except (Course.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, course):
        refuse_object(actor, organisation_id=course.organisation_id)
    return course


def participant_get(*, course: Course, participant_id: uuid.UUID | str) -> CourseParticipant:
    try:
        return course.participants.select_related("helper__person").get(id=participant_id)
    except (CourseParticipant.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def participant_list(*, course: Course) -> QuerySet[CourseParticipant]:
    return course.participants.select_related("helper__person").annotate(
        attended=Count("attendance", distinct=True)
    )


def course_helper_choices(*, course: Course) -> QuerySet[Helper]:
    """Helpers who can join: of the course's organisation, not left, not in it yet."""
    return (
        Helper.objects.filter(organisation_id=course.organisation_id)
        .exclude(status=Helper.Status.LEFT)
        .exclude(courses__course=course)
        .select_related("person")
    )


# --- Hours --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    helper_id: uuid.UUID
    quarter_id: uuid.UUID | None
    month: dt.date
    kind: str  # "session" (help session) or "shift" (café)
    count: int
    minutes: int


def helper_hours(
    *,
    region: Area | None = None,
    organisation: Organisation | None = None,
    helper: Helper | None = None,
    year: int | None = None,
) -> list[HoursRow]:
    """Hours helpers gave, per helper, quarter and month: help sessions (in the helper's home
    quarter) and café shifts (in the café's quarter), for the programme's figures. Only days
    that have passed count."""
    today = timezone.localdate()
    sessions = HelpSession.objects.filter(date__lte=today)
    shifts = CafeShift.objects.filter(date__lte=today)
    if region is not None:
        sessions, shifts = sessions.filter(region=region), shifts.filter(region=region)
    if organisation is not None:
        sessions = sessions.filter(helper__organisation=organisation)
        shifts = shifts.filter(cafe__organisation=organisation)
    if helper is not None:
        sessions, shifts = sessions.filter(helper=helper), shifts.filter(helper=helper)
    if year is not None:
        sessions, shifts = sessions.filter(date__year=year), shifts.filter(date__year=year)
    rows = [
        HoursRow(r["helper_id"], r["quarter_id"], _day(r["month"]), "session", r["n"], r["m"])
        for r in sessions.annotate(month=TruncMonth("date"), quarter_id=F("helper__home_quarter"))
        .values("helper_id", "quarter_id", "month")
        .annotate(n=Count("id"), m=Sum("duration_minutes"))
        .order_by()
    ]
    rows += [
        HoursRow(r["helper_id"], r["quarter_id"], _day(r["month"]), "shift", r["n"], r["m"])
        for r in shifts.annotate(month=TruncMonth("date"), quarter_id=F("cafe__quarter"))
        .values("helper_id", "quarter_id", "month")
        .annotate(n=Count("id"), m=Sum("minutes"))
        .order_by()
    ]
    return sorted(rows, key=lambda row: (row.month, str(row.helper_id), row.kind))


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass
class YearSummary:
    year: int
    sessions: int = 0
    session_minutes: int = 0
    shifts: int = 0
    shift_minutes: int = 0
    topics: list[str] = field(default_factory=list)
    cafes: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return self.session_minutes + self.shift_minutes

    @property
    def hours_text(self) -> str:
        """ "31 Stunden", "2 Stunden 30 Minuten", "1 Stunde 5 Minuten"."""
        hours, minutes = divmod(self.minutes, 60)
        text = ngettext("%(n)s Stunde", "%(n)s Stunden", hours) % {"n": hours}
        if minutes:
            text += " " + ngettext("%(n)s Minute", "%(n)s Minuten", minutes) % {"n": minutes}
        return text


def recognition_years(*, helper: Helper) -> list[YearSummary]:
    """Per year (newest first): help sessions and café shifts with their time, the topics
    helped with and the cafés served; for the confirmation of volunteering."""
    today = timezone.localdate()
    years: dict[int, YearSummary] = {}
    sessions = HelpSession.objects.filter(helper=helper, date__lte=today)
    for row in (
        sessions.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("id"), m=Sum("duration_minutes"))
        .order_by()
    ):
        summary = years.setdefault(row["year"], YearSummary(row["year"]))
        summary.sessions, summary.session_minutes = row["n"], row["m"] or 0
    topics: dict[int, set[str]] = defaultdict(set)
    for day, codes in sessions.values_list("date", "topics"):
        topics[day.year].update(codes or [])
    shifts = CafeShift.objects.filter(helper=helper, date__lte=today)
    for row in (
        shifts.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("id"), m=Sum("minutes"))
        .order_by()
    ):
        summary = years.setdefault(row["year"], YearSummary(row["year"]))
        summary.shifts, summary.shift_minutes = row["n"], row["m"] or 0
    cafes: dict[int, set[str]] = defaultdict(set)
    for day, name in shifts.values_list("date", "cafe__name"):
        cafes[day.year].add(name)
    for year, summary in years.items():
        summary.topics = code_labels(Topic, [c for c in Topic.values if c in topics[year]])
        summary.cafes = sorted(cafes[year])
    return [years[year] for year in sorted(years, reverse=True)]
