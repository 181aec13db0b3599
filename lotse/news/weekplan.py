"""Der Wochenplan: what happens in a quarter in a week (or a month), for paper.

The plan lists the dates of the published events (lotse.news.selectors_events) day by day,
cancelled and moved ones with their reason, and after them the regular hours of the quarter's
directory offers that work like events: offers people come to, in the quarter, whose schedule
holds them that day for at most REGULAR_MAX_HOURS (a Seniorentreff 14 to 16 Uhr, not an
advice centre open all day). At the bottom the quarter office's phone and hours. Everything is
said in words (no colour, no symbols), and the number of entries is bounded so that a quarter
with a very full week still prints in a few seconds.

The same words (time, place, cost, step-free access) serve the calendar feeds and the digest."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lotse.core.models import Area
from lotse.directory.hours import grouped_lines, intervals_on
from lotse.directory.models import Schedule, Service, ServiceAtLocation
from lotse.news.models import Event, Occurrence
from lotse.news.occurrences import local_zone
from lotse.news.selectors_events import public_occurrences, week_start
from lotse.office.finder import OfficeCard, office_card_for_quarter

# At most this many dates are printed; the plan says how many more there are.
MAX_ENTRIES = {"week": 150, "month": 250}
# A regular offer counts as "held" on a day when its hours there last at most this long.
REGULAR_MAX_HOURS = 4
# Regular offers read per plan, and printed per day.
REGULAR_OFFERS_MAX = 200
REGULAR_PER_DAY = 10
# Plans exist from a year back to two years ahead.
YEARS_BACK, YEARS_AHEAD = 1, 2

WEEK = re.compile(r"^(\d{4})-[Ww](\d{1,2})$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class PeriodError(ValueError):
    """A `woche` or `monat` that names no week or month we print (the message is German)."""


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    first: dt.date
    last: dt.date  # inclusive

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def query(self) -> str:
        """The address's query for this period ("woche=2026-W50", "monat=2026-12")."""
        if self.kind == "week":
            year, week, _day = self.first.isocalendar()
            return f"woche={year}-W{week:02d}"
        return f"monat={self.first.year}-{self.first.month:02d}"

    @property
    def span(self) -> str:
        """ "7. bis 13. Dezember 2026", "Dezember 2026"."""
        if self.kind == "month":
            return formats.date_format(self.first, "F Y")
        if self.first.year != self.last.year:
            start = formats.date_format(self.first, "j. F Y")
        elif self.first.month != self.last.month:
            start = formats.date_format(self.first, "j. F")
        else:
            start = formats.date_format(self.first, "j.")
        end = formats.date_format(self.last, "j. F Y")
        return _("%(start)s bis %(end)s") % {"start": start, "end": end}

    @property
    def label(self) -> str:
        """ "Woche vom 7. bis 13. Dezember 2026", "Dezember 2026"."""
        if self.kind == "month":
            return self.span
        return _("Woche vom %(span)s") % {"span": self.span}

    @property
    def filename(self) -> str:
        return self.query.replace("=", "-")


def week_period(day: dt.date) -> Period:
    first = week_start(day)
    return Period("week", first, first + dt.timedelta(days=6))


def month_period(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period("month", first, following - dt.timedelta(days=1))


def period_parse(*, woche: str | None, monat: str | None, today: dt.date) -> Period:
    """The week (`woche=2026-W50`, ISO 8601) or month (`monat=2026-12`) asked for, this week
    when neither is given; PeriodError with a German message for anything else."""
    if woche is not None:
        match = WEEK.match(woche.strip())
        try:
            if not match:
                raise ValueError
            period = week_period(dt.date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError as exc:
            raise PeriodError(
                _("Die Woche ist nicht richtig angegeben. Richtig ist zum Beispiel: 2026-W50.")
            ) from exc
    elif monat is not None:
        match = MONTH.match(monat.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise PeriodError(
                _("Der Monat ist nicht richtig angegeben. Richtig ist zum Beispiel: 2026-12.")
            )
        period = month_period(int(match[1]), int(match[2]))
    else:
        return week_period(today)
    if not today.year - YEARS_BACK <= period.first.year <= today.year + YEARS_AHEAD:
        raise PeriodError(
            _(
                "Einen Plan gibt es nur vom letzten Jahr bis in zwei Jahren. "
                "Bitte wählen Sie eine andere Zeit."
            )
        )
    return period


# Words ------------------------------------------------------------------------------------------


def clock_text(moment: dt.datetime) -> str:
    local = timezone.localtime(moment, local_zone())
    return f"{local.hour}:{local.minute:02d}"


def time_text(start: dt.datetime, end: dt.datetime) -> str:
    """ "14:00 bis 16:00 Uhr"; "ab 18:00 Uhr" when it ends on another day. The time and "Uhr"
    never part at the end of a line."""
    zone = local_zone()
    if timezone.localtime(start, zone).date() != timezone.localtime(end, zone).date():
        text = _("ab %(start)s Uhr") % {"start": clock_text(start)}
    else:
        text = _("%(start)s bis %(end)s Uhr") % {
            "start": clock_text(start),
            "end": clock_text(end),
        }
    return text.replace(" Uhr", "\u00a0Uhr")


def _span_text(opens: dt.time, closes: dt.time) -> str:
    return _("%(start)s bis %(end)s Uhr") % {
        "start": f"{opens.hour}:{opens.minute:02d}",
        "end": f"{closes.hour}:{closes.minute:02d}",
    }


def place_text(event: Event) -> str:
    """Where: "Nachbarschaftstreff, Kirchplatz 1, 45657 Recklinghausen", "Am Telefon: …"."""
    if event.mode == Event.Mode.PHONE:
        return _("Am Telefon: %(details)s") % {"details": event.access_details}
    if event.mode == Event.Mode.ONLINE:
        return _("Im Internet: %(details)s") % {"details": event.access_details}
    name, street, town = event.place_name, event.street, f"{event.postcode} {event.city}".strip()
    if event.location_id and event.location is not None:
        name = name or event.location.name
        addresses = list(event.location.addresses.all())
        if addresses and not street:
            street = addresses[0].address_1
            town = f"{addresses[0].postal_code} {addresses[0].city}".strip()
    return ", ".join(part for part in (name, street, town) if part)


def cost_text(event: Event) -> str:
    if event.is_free:
        return _("Kostenlos")
    return _("Kosten: %(cost)s") % {"cost": event.cost}


def step_free_text(event: Event) -> str:
    """In words; nothing when it is not known."""
    if event.step_free is None:
        return ""
    return _("Stufenlos erreichbar") if event.step_free else _("Nicht stufenlos erreichbar")


def registration_text(event: Event) -> str:
    if not event.registration_required:
        return ""
    if event.contact_phone:
        return _("Anmeldung nötig: Telefon %(phone)s") % {"phone": event.contact_phone}
    return _("Anmeldung nötig")


def day_text(day: dt.date) -> str:
    """ "Montag, 7. Dezember"."""
    return formats.date_format(day, "l, j. F")


def moment_text(moment: dt.datetime) -> str:
    """ "Dienstag, 8. Dezember, 14:00 Uhr"."""
    local = timezone.localtime(moment, local_zone())
    return _("%(day)s, %(time)s Uhr") % {"day": day_text(local.date()), "time": clock_text(local)}


def status_text(occurrence: Occurrence) -> str:
    """ "Fällt aus: Feiertag: 1. Weihnachtstag", "Verlegt: … (statt Dienstag, …)", or ""."""
    if occurrence.status == Occurrence.Status.CANCELLED:
        if occurrence.note:
            return _("Fällt aus: %(reason)s") % {"reason": occurrence.note}
        return _("Fällt aus")
    if occurrence.note or occurrence.start != occurrence.original_start:
        return _("Verlegt: %(reason)s (statt %(when)s)") % {
            "reason": occurrence.note or _("neuer Termin"),
            "when": moment_text(occurrence.original_start),
        }
    return ""


# The plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One date of an event, as printed."""

    time: str
    title: str
    organiser: str
    place: str
    details: list[str]
    status: str
    cancelled: bool


@dataclass(frozen=True)
class RegularItem:
    time: str
    name: str
    organiser: str
    place: str


@dataclass
class PlanDay:
    day: dt.date
    label: str
    entries: list[Entry] = field(default_factory=list)
    regular: list[RegularItem] = field(default_factory=list)
    regular_more: int = 0


@dataclass(frozen=True)
class RegularOffer:
    """A regular offer for the month's list: its name and its weekly hours in words."""

    name: str
    organiser: str
    place: str
    lines: list[str]


@dataclass
class Plan:
    area: Area
    period: Period
    days: list[PlanDay]
    event_count: int
    # Dates left out because the plan would grow too long.
    left_out: int
    office: OfficeCard | None
    # A month lists the regular offers once, not under each day.
    month_regular: list[RegularOffer]
    made_on: dt.date

    @property
    def title(self) -> str:
        return _("Was ist los in %(area)s?") % {"area": self.area.name}


def _entry(occurrence: Occurrence) -> Entry:
    event = occurrence.event
    details = [cost_text(event), step_free_text(event), registration_text(event)]
    return Entry(
        time=time_text(occurrence.start, occurrence.end),
        title=event.title,
        organiser=event.organisation.name,
        place=place_text(event),
        details=[detail for detail in details if detail],
        status=status_text(occurrence),
        cancelled=occurrence.status == Occurrence.Status.CANCELLED,
    )


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    since = dt.datetime.combine(period.first, dt.time(0), zone)
    until = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time(0), zone)
    return since, until


def plan_occurrences(*, area: Area, period: Period, limit: int) -> tuple[list[Occurrence], int]:
    """The public dates of the period for the area (and the areas above it), at most `limit`,
    and how many there are in all."""
    since, until = _bounds(period)
    dates = public_occurrences(
        region_id=area.region_id or area.pk, area=area, since=since, until=until
    )
    found = list(
        dates.select_related("event__organisation").prefetch_related("event__location__addresses")[
            : limit + 1
        ]
    )
    if len(found) <= limit:
        return found, len(found)
    return found[:limit], dates.count()


def _regular_services(area: Area) -> list[Service]:
    """The quarter's active offers people come to, that have a schedule of their own."""
    return list(
        Service.objects.filter(
            status=Service.Status.ACTIVE,
            reach=Service.Reach.COME,
            service_at_locations__location__quarter=area,
            schedules__isnull=False,
        )
        .distinct()
        .select_related("organization")
        .prefetch_related(
            "schedules",
            "closures",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses"
                ),
            ),
        )
        .order_by("name")[:REGULAR_OFFERS_MAX]
    )


def _short(rule: Schedule) -> bool:
    opens = dt.datetime.combine(dt.date(2000, 1, 1), rule.opens_at)
    closes = dt.datetime.combine(dt.date(2000, 1, 1), rule.closes_at)
    return dt.timedelta(0) < closes - opens <= dt.timedelta(hours=REGULAR_MAX_HOURS)


def _service_place(service: Service) -> str:
    for link in service.service_at_locations.all():
        location = link.location
        addresses = list(location.addresses.all())
        street = addresses[0].address_1 if addresses else ""
        return ", ".join(part for part in (location.name, street) if part)
    return ""


def regular_by_day(*, area: Area, days: list[dt.date]) -> dict[dt.date, list[RegularItem]]:
    """What the quarter's regular offers hold on each day (see the module's words)."""
    found: dict[dt.date, list[tuple[dt.time, RegularItem]]] = {day: [] for day in days}
    for service in _regular_services(area):
        rules = [rule for rule in service.schedules.all() if _short(rule)]
        if not rules:
            continue
        closures = list(service.closures.all())
        place = _service_place(service)
        for day in days:
            for opens, closes in intervals_on(rules, closures, day):
                item = RegularItem(
                    time=_span_text(opens, closes),
                    name=service.name,
                    organiser=service.organization.name,
                    place=place,
                )
                found[day].append((opens, item))
    return {
        day: [item for _opens, item in sorted(items, key=lambda pair: (pair[0], pair[1].name))]
        for day, items in found.items()
    }


def regular_offers(*, area: Area) -> list[RegularOffer]:
    """The quarter's regular offers with their weekly hours, for a month's plan."""
    offers = []
    for service in _regular_services(area):
        rules = [rule for rule in service.schedules.all() if _short(rule)]
        if rules:
            offers.append(
                RegularOffer(
                    name=service.name,
                    organiser=service.organization.name,
                    place=_service_place(service),
                    lines=grouped_lines(rules),
                )
            )
    return offers


def weekplan_build(*, area: Area, period: Period, now: dt.datetime | None = None) -> Plan:
    now = now or timezone.now()
    limit = MAX_ENTRIES[period.kind]
    occurrences, total = plan_occurrences(area=area, period=period, limit=limit)
    days = {day: PlanDay(day=day, label=day_text(day)) for day in period.days}
    for occurrence in occurrences:
        day = timezone.localtime(occurrence.start, local_zone()).date()
        if day in days:
            days[day].entries.append(_entry(occurrence))
    month_regular: list[RegularOffer] = []
    if period.kind == "week":
        for day, items in regular_by_day(area=area, days=period.days).items():
            days[day].regular = items[:REGULAR_PER_DAY]
            days[day].regular_more = max(0, len(items) - REGULAR_PER_DAY)
        shown = list(days.values())
    else:
        month_regular = regular_offers(area=area)
        # A month shows the days that have something; a week shows every day.
        shown = [plan_day for plan_day in days.values() if plan_day.entries]
    return Plan(
        area=area,
        period=period,
        days=shown,
        event_count=total,
        left_out=total - len(occurrences),
        office=office_card_for_quarter(quarter=area, now=timezone.localtime(now)),
        month_regular=month_regular,
        made_on=timezone.localdate(now),
    )
