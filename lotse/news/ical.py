"""Calendar feeds (iCalendar, RFC 5545) of published events: per area, per organisation, and one
event for "In meinen Kalender".

Each event is one VEVENT that carries its rule as stored (RRULE), in local time with the
Europe/Berlin VTIMEZONE, so "jeden Dienstag 14 Uhr" stays at 14 Uhr across summer time in the
residents' calendar apps. Its dates that do not take place (public holidays, cancelled dates)
are EXDATEs, taken from the derived Occurrence rows, and each moved date is a VEVENT of its own
with the same UID and a RECURRENCE-ID. An event called off as a whole is STATUS:CANCELLED.

The output depends only on the data (DTSTAMP is the last change, as RFC 5545 says for objects
without METHOD), so the feed's ETag changes only when an event does."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.models import Area, Organisation
from lotse.news.models import Event, Occurrence, PublicationStatus
from lotse.news.occurrences import local_zone
from lotse.news.rules import area_chain
from lotse.news.weekplan import cost_text, place_text, registration_text, step_free_text

# A feed holds the events with a date from this many days ago on, at most MAX_EVENTS of them.
PAST_DAYS = 60
MAX_EVENTS = 1500
# How often calendar apps should fetch a subscribed feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH = dt.timedelta(hours=6)
PRODID = "-//Quartierslotse//Veranstaltungen//DE"
# SEQUENCE counts minutes since this moment, so it grows with every change of the event.
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    name: str
    body: bytes
    last_modified: dt.datetime | None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def _host() -> str:
    return urlsplit(settings.LOTSE_SITE_URL).hostname or "quartierslotse"


def site_url(path: str) -> str:
    return settings.LOTSE_SITE_URL.rstrip("/") + path


def event_url(event: Event) -> str:
    """The event's public page."""
    try:
        path = reverse("events:detail", args=[event.id])
    except NoReverseMatch:
        # The event page belongs to the events part (lotse/news/urls_event_pages.py): until it
        # names "events:detail", the list of events stands in.
        path = reverse("events:list")
    return site_url(path)


def _events(queryset) -> list[Event]:
    cutoff = timezone.now() - dt.timedelta(days=PAST_DAYS)
    recent = Occurrence.objects.filter(event=OuterRef("pk"), end__gte=cutoff)
    return list(
        queryset.filter(Exists(recent), status=PublicationStatus.PUBLISHED)
        .select_related("organisation", "location")
        .prefetch_related("location__addresses")
        .order_by("starts_at", "id")[:MAX_EVENTS]
    )


def area_by_slug(*, slug: str) -> Area:
    """A quarter, municipality or region by its short name; 404 for anything else."""
    try:
        return Area.objects.get(slug=slug[:80])
    except Area.DoesNotExist as exc:
        raise Http404 from exc


def organisation_get(*, organisation_id) -> Organisation:
    try:
        return Organisation.objects.get(pk=organisation_id)
    except (Organisation.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def public_event_get(*, event_id) -> Event:
    """A published event (one called off as a whole too); 404 for any other."""
    try:
        return Event.objects.select_related("organisation", "location").get(
            pk=event_id, status=PublicationStatus.PUBLISHED
        )
    except (Event.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def area_events(*, area: Area) -> list[Event]:
    """The published events for the area and the areas above it (as the week page shows)."""
    return _events(Event.objects.filter(area_id__in=area_chain(area)))


def organisation_events(*, organisation: Organisation) -> list[Event]:
    return _events(Event.objects.filter(organisation=organisation))


def _changed_dates(events: list[Event]) -> dict:
    """Per event, its cancelled and moved dates (one query)."""
    rows = Occurrence.objects.filter(event__in=[event.pk for event in events]).filter(
        Q(status=Occurrence.Status.CANCELLED) | ~Q(note="")
    )
    changed: dict = {}
    for occurrence in rows.order_by("original_start"):
        changed.setdefault(occurrence.event_id, []).append(occurrence)
    return changed


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, local_zone())


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _rule(event: Event) -> icalendar.vRecur:
    """The stored rule; its UNTIL (local time, as the rule runs) given in UTC as RFC 5545
    requires beside a DTSTART with a time zone."""
    recur = icalendar.vRecur.from_ical(event.rrule.strip().removeprefix("RRULE:"))
    if recur.get("UNTIL"):
        until = recur["UNTIL"][0]
        # python-dateutil, which derives the dates, reads a date as its midnight and a time
        # without "Z" as local time: the same moment, in UTC.
        if not isinstance(until, dt.datetime):
            until = dt.datetime.combine(until, dt.time(0))
        if timezone.is_naive(until):
            until = until.replace(tzinfo=local_zone())
        recur["UNTIL"] = [_utc(until)]
    return recur


def _description(event: Event, note: str = "") -> str:
    lines = [note, event.description.strip(), ""] if note else [event.description.strip(), ""]
    details = [
        cost_text(event),
        step_free_text(event),
        registration_text(event),
        _("Veranstalter: %(name)s") % {"name": event.organisation.name},
    ]
    if event.contact_phone and not event.registration_required:
        details.append(_("Telefon für Fragen: %(phone)s") % {"phone": event.contact_phone})
    lines += [detail for detail in details if detail]
    lines += ["", _("Mehr: %(url)s") % {"url": event_url(event)}]
    return "\n".join(lines)


def _vevent(event: Event, *, start, end, note: str = "", cancelled: bool = False):
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{_host()}")
    vevent.add("dtstamp", _utc(event.updated_at))
    vevent.add("last-modified", _utc(event.updated_at))
    vevent.add("sequence", int((event.updated_at - SEQUENCE_EPOCH).total_seconds() // 60))
    vevent.add("dtstart", _local(start))
    vevent.add("dtend", _local(end))
    title = event.title
    if cancelled:
        title = _("Fällt aus: %(title)s") % {"title": event.title}
    vevent.add("summary", title)
    vevent.add("description", _description(event, note))
    place = place_text(event)
    if place:
        vevent.add("location", place)
    vevent.add("url", event_url(event))
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def event_components(event: Event, changed: list[Occurrence]) -> list[icalendar.Event]:
    """The VEVENTs of one event: the series (or the one date) and a VEVENT per moved date."""
    if event.cancelled_reason:
        note = _("Fällt aus: %(reason)s") % {"reason": event.cancelled_reason}
        master = _vevent(event, start=event.starts_at, end=event.ends_at, note=note, cancelled=True)
        if event.rrule:
            master.add("rrule", _rule(event))
        return [master]
    if not event.rrule:
        # A one-off event: its one date as it is now (moved or cancelled).
        date = next((occ for occ in changed if occ.original_start == event.starts_at), None)
        if date is None:
            return [_vevent(event, start=event.starts_at, end=event.ends_at)]
        cancelled = date.status == Occurrence.Status.CANCELLED
        label = _("Fällt aus: %(reason)s") if cancelled else _("Verlegt: %(reason)s")
        note = label % {"reason": date.note} if date.note else ""
        return [_vevent(event, start=date.start, end=date.end, note=note, cancelled=cancelled)]
    master = _vevent(event, start=event.starts_at, end=event.ends_at)
    master.add("rrule", _rule(event))
    excluded = [occ for occ in changed if occ.status == Occurrence.Status.CANCELLED]
    if excluded:
        master.add("exdate", [_local(occ.original_start) for occ in excluded])
    components = [master]
    for occurrence in changed:
        if occurrence.status == Occurrence.Status.CANCELLED:
            continue
        note = _("Verlegt: %(reason)s") % {"reason": occurrence.note} if occurrence.note else ""
        moved = _vevent(event, start=occurrence.start, end=occurrence.end, note=note)
        moved.add("recurrence-id", _local(occurrence.original_start))
        components.append(moved)
    return components


def calendar_build(*, name: str, events: list[Event], description: str = "") -> Feed:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    changed = _changed_dates(events) if events else {}
    for event in events:
        for component in event_components(event, changed.get(event.pk, [])):
            calendar.add_component(component)
    first = min((_local(event.starts_at).date() for event in events), default=None)
    if first is not None:
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=1))
    last_modified = max((event.updated_at for event in events), default=None)
    return Feed(name=name, body=calendar.to_ical(), last_modified=last_modified)


def area_feed(*, area: Area) -> Feed:
    name = _("Veranstaltungen in %(area)s") % {"area": area.name}
    description = _("Was ist los in %(area)s? Veranstaltungen aus dem Quartierslotsen.") % {
        "area": area.name
    }
    return calendar_build(name=name, events=area_events(area=area), description=description)


def organisation_feed(*, organisation: Organisation) -> Feed:
    name = _("Veranstaltungen von %(name)s") % {"name": organisation.name}
    return calendar_build(name=name, events=organisation_events(organisation=organisation))


def event_feed(*, event: Event) -> Feed:
    return calendar_build(name=event.title, events=[event])
