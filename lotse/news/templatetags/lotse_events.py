"""How the event pages say a date, a place and a price: `{{ occurrence|event_time }}` ("14 Uhr
bis 16 Uhr"), `{{ day|event_day }}` ("Dienstag, 8. Dezember"), `{{ event|event_place }}`,
`{{ event|event_cost }}`, `{{ occurrence|places_text }}` ("Noch 3 Plätze frei")."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotse.directory.hours import format_day, format_time
from lotse.news.models import Event, Occurrence
from lotse.news.recurrence import describe, recurrence_of

register = template.Library()


@register.filter
def event_time(occurrence: Occurrence | Event) -> str:
    if isinstance(occurrence, Event):
        start, end = occurrence.starts_at, occurrence.ends_at
    else:
        start, end = occurrence.start, occurrence.end
    start, end = timezone.localtime(start), timezone.localtime(end)
    return _("%(start)s bis %(end)s") % {
        "start": format_time(start.time()),
        "end": format_time(end.time()),
    }


@register.filter
def event_day(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return format_day(value)


@register.filter
def event_date(value: dt.datetime) -> str:
    """ "Dienstag, 8. Dezember 2026, 14 Uhr"."""
    local = timezone.localtime(value)
    return _("%(day)s %(year)d, %(time)s") % {
        "day": format_day(local.date()),
        "year": local.year,
        "time": format_time(local.time()),
    }


@register.filter
def is_moved(occurrence: Occurrence) -> bool:
    return occurrence.start != occurrence.original_start


@register.filter
def event_place(event: Event) -> str:
    if event.mode == Event.Mode.PHONE:
        return _("Am Telefon")
    if event.mode == Event.Mode.ONLINE:
        return _("Online")
    if event.location_id and event.location is not None:
        return event.location.name
    return event.place_name or event.street


@register.filter
def event_address(event: Event) -> str:
    """Street, postcode and town of the place (of the directory's location, or as typed)."""
    if event.mode != Event.Mode.IN_PERSON:
        return ""
    if event.location_id and event.location is not None:
        addresses = list(event.location.addresses.all())
        if addresses:
            return f"{addresses[0].address_1}, {addresses[0].postal_code} {addresses[0].city}"
        return ""
    town = f"{event.postcode} {event.city}".strip()
    return ", ".join(part for part in (event.street, town) if part)


@register.filter
def event_cost(event: Event) -> str:
    return _("Kostenlos") if event.is_free else event.cost


@register.filter
def step_free_text(event: Event) -> str:
    if event.step_free is None:
        return _("Nicht bekannt")
    return _("Ja, stufenlos erreichbar") if event.step_free else _("Nein, mit Stufen")


@register.filter
def repetition(event: Event) -> str:
    return describe(recurrence_of(event.rrule))


@register.filter
def places_text(occurrence: Occurrence) -> str:
    """For dates with registration: how many places are left (capacity from the event)."""
    event = occurrence.event
    if not event.registration_required:
        return ""
    if event.capacity is None:
        return _("Anmeldung nötig")
    left = max(event.capacity - occurrence.places_taken, 0)
    if left:
        return ngettext(
            "Anmeldung nötig. Noch %(count)d Platz frei.",
            "Anmeldung nötig. Noch %(count)d Plätze frei.",
            left,
        ) % {"count": left}
    if event.waiting_list:
        return _("Ausgebucht. Sie können sich auf die Warteliste setzen lassen.")
    return _("Ausgebucht.")
