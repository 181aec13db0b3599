"""An event's dates from its RFC 5545 rule (python-dateutil), the state's public holidays
(holidays) and its exceptions, kept as `Occurrence` rows up to a horizon.

The rule runs in local time: "jeden Dienstag 14–16 Uhr" stays at 14:00 across the change to and
from summer time. A date on a public holiday is kept as cancelled with the holiday's name, unless
the event takes place on holidays; so the week page can say why, and the calendar feed carries
it as an excluded date."""

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass

import holidays
from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.news.models import Event, EventException, Occurrence, PublicationStatus

# How far ahead dates are kept as rows; a daily task moves the horizon on.
HORIZON_DAYS = 400
# A rule gives at most this many dates from the window's start (a daily event for the horizon
# and a year more), however long ago it began.
MAX_DATES = 800
# Dates that began more than this long ago are history: a refresh leaves their times alone.
HISTORY_DAYS = 366
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def parse_rule(text: str, *, first_start: dt.datetime) -> rrule:
    """The rule of `text` ("FREQ=WEEKLY;BYDAY=TU") from the local `first_start`, or ValueError
    with a German message for a rule this platform does not take."""
    if len(text) > 300 or "\x00" in text:
        raise ValueError(_("Diese Wiederholung ist zu lang."))
    body = text.strip().removeprefix("RRULE:")
    parts = dict(part.split("=", 1) for part in body.upper().split(";") if "=" in part)
    if "FREQ" not in parts:
        raise ValueError(_("Die Wiederholung braucht eine Häufigkeit (FREQ)."))
    if parts["FREQ"] not in ALLOWED_FREQUENCIES:
        raise ValueError(
            _("Eine Veranstaltung wiederholt sich täglich, wöchentlich, monatlich oder jährlich.")
        )
    if not parts.get("INTERVAL", "1").isdigit() or int(parts.get("INTERVAL", "1")) > 366:
        raise ValueError(_("Der Abstand zwischen den Terminen ist zu groß."))
    local_start = timezone.localtime(first_start, local_zone()).replace(tzinfo=None)
    try:
        rule = rrulestr(body, dtstart=local_start, forceset=False)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(_("Diese Wiederholung ist nicht verständlich.")) from exc
    if not isinstance(rule, rrule):
        raise ValueError(_("Diese Wiederholung ist nicht verständlich."))
    return rule


@dataclass(frozen=True)
class Date:
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    note: str


def _holiday_names(years: range) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE, years=years)


def event_dates(
    event: Event, *, until: dt.datetime, since: dt.datetime | None = None
) -> list[Date]:
    """Every date of the event from `since` (or its first) up to `until` (both aware),
    exceptions and holidays applied."""
    zone = local_zone()
    duration = event.ends_at - event.starts_at
    if event.rrule:
        rule = parse_rule(event.rrule, first_start=event.starts_at)
        local_until = timezone.localtime(until, zone).replace(tzinfo=None)
        local_since = timezone.localtime(since or event.starts_at, zone).replace(tzinfo=None)
        starts = [
            start.replace(tzinfo=zone)
            for start in itertools.islice(rule.xafter(local_since, inc=True), MAX_DATES)
            if start <= local_until
        ]
        # The rule stops at its own end; the slice bounds a rule without one.
        starts = [start for start in starts if start <= until]
    else:
        starts = [event.starts_at] if since is None or event.starts_at >= since else []
    exceptions = {exc.original_start: exc for exc in event.exceptions.all()}
    years = range(event.starts_at.year, until.year + 2)
    holiday_names = _holiday_names(years) if event.rrule and event.skip_holidays else {}
    dates = []
    for original in starts:
        exception = exceptions.get(original)
        local_day = timezone.localtime(original, zone).date()
        if exception and exception.kind == EventException.Kind.MOVED:
            start = exception.new_start or original
            end = exception.new_end or start + duration
            dates.append(Date(original, start, end, False, exception.reason))
        elif exception:
            dates.append(Date(original, original, original + duration, True, exception.reason))
        elif local_day in holiday_names:
            name = holiday_names.get(local_day)
            note = _("Feiertag: %(name)s") % {"name": name}
            dates.append(Date(original, original, original + duration, True, note))
        else:
            dates.append(Date(original, original, original + duration, False, ""))
    if event.cancelled_reason:
        dates = [
            Date(d.original_start, d.start, d.end, True, event.cancelled_reason) for d in dates
        ]
    return dates


@transaction.atomic
def occurrences_refresh(event: Event, *, now: dt.datetime | None = None) -> None:
    """Brings the event's Occurrence rows in line with its rule, exceptions and state: new
    dates added, changed ones updated, dates the rule no longer gives deleted (or, when people
    registered for them, kept as cancelled so that they can be told). Dates older than
    HISTORY_DAYS keep their times and state; only where and whether they are shown follows
    the event."""
    now = now or timezone.now()
    until = now + dt.timedelta(days=HORIZON_DAYS)
    since = now - dt.timedelta(days=HISTORY_DAYS)
    wanted = {d.original_start: d for d in event_dates(event, until=until, since=since)}
    is_public = event.status == PublicationStatus.PUBLISHED
    event.occurrences.filter(original_start__lt=since).exclude(
        region_id=event.region_id, area_id=event.area_id, is_public=is_public
    ).update(region_id=event.region_id, area_id=event.area_id, is_public=is_public)
    existing = {
        occ.original_start: occ
        for occ in event.occurrences.filter(original_start__gte=since).select_for_update()
    }
    fields = ["region", "area", "is_public", "start", "end", "status", "note"]
    changed, created = [], []
    for original, date in wanted.items():
        status = Occurrence.Status.CANCELLED if date.cancelled else Occurrence.Status.SCHEDULED
        values = {
            "region_id": event.region_id,
            "area_id": event.area_id,
            "is_public": is_public,
            "start": date.start,
            "end": date.end,
            "status": status,
            "note": date.note,
        }
        occurrence = existing.pop(original, None)
        if occurrence is None:
            created.append(Occurrence(event=event, original_start=original, **values))
        elif any(getattr(occurrence, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(occurrence, key, value)
            changed.append(occurrence)
    gone = [occ for occ in existing.values()]
    with_registrations = set(
        Occurrence.objects.filter(pk__in=[occ.pk for occ in gone], registrations__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    for occurrence in gone:
        if occurrence.pk in with_registrations:
            occurrence.status = Occurrence.Status.CANCELLED
            occurrence.note = occurrence.note or _("Dieser Termin entfällt.")
            occurrence.is_public = is_public
            changed.append(occurrence)
    Occurrence.objects.filter(
        pk__in=[occ.pk for occ in gone if occ.pk not in with_registrations]
    ).delete()
    Occurrence.objects.bulk_create(created, batch_size=500)
    Occurrence.objects.bulk_update(changed, fields, batch_size=500)
