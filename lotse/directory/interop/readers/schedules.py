"""Schedules as our rules: from HSDS 3.0 (and 2.0) RRULE fields, from the weekday rows of
HSDS 1.x and Ohana, and from opening hours written as text (hours_text.py). What cannot be read
as a rule stays as text in the description and is reported."""

import re
import uuid

from django.utils.translation import gettext as _

from lotse.directory.interop.readers.hours_text import DAY_CODES, read_hours
from lotse.directory.interop.readers.hsds_fields import add_text
from lotse.directory.interop.readers.values import Row
from lotse.directory.interop.records import Bundle, ScheduleRecord

_BYDAY_ITEM = re.compile(r"(?P<nth>-?[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)")


def hours_records(
    text: str,
    *,
    bundle: Bundle,
    id: uuid.UUID,
    service_id: uuid.UUID | None,
    location_id: uuid.UUID | None,
    where: str,
    description: str | None = None,
) -> None:
    """Schedule rules read from opening hours written as text (kept as the rules' description
    unless another is given). What cannot be read goes into the description of the offer or
    location, and the report says so."""
    reading = read_hours(text)
    for number, rule in enumerate(reading.rules):
        rule_id = id if number == 0 else uuid.uuid5(id, str(number))
        bundle.schedules[rule_id] = ScheduleRecord(
            id=rule_id,
            service_id=service_id,
            location_id=location_id,
            freq=rule.freq,
            byday=rule.byday,
            opens_at=rule.opens_at,
            closes_at=rule.closes_at,
            where=where,
            description=text if description is None else description,
        )
    if reading.afternoon:
        bundle.notes.warn_row(
            where,
            _("In „%(text)s“ ist die Endzeit als Nachmittag gelesen – bitte prüfen")
            % {"text": text},
        )
    if reading.rest:
        add_text(
            bundle,
            service_id=service_id,
            location_id=location_id,
            label=_("Öffnungszeiten: %(text)s"),
            text=reading.rest if reading.rules else text,
        )
        bundle.notes.warn_row(
            where,
            _("Zeiten „%(text)s“ nicht als Regel lesbar – als Text übernommen")
            % {"text": reading.rest},
        )


def schedule_records(
    row: Row,
    *,
    bundle: Bundle,
    id: uuid.UUID,
    service_id: uuid.UUID | None,
    location_id: uuid.UUID | None,
) -> None:
    """One HSDS schedule (3.0 fields, also 2.0's regular_schedule) as our rules. Without
    opening and closing times the description is read as text."""
    freq = row.text("freq").upper()
    byday = re.sub(r"\s+", "", row.text("byday").upper())
    opens, closes = row.time("opens_at"), row.time("closes_at")
    description = row.text("description")
    if opens is None or closes is None or not (byday or freq == "DAILY"):
        text = description or row.text("notes")
        if text:
            hours_records(
                text,
                bundle=bundle,
                id=id,
                service_id=service_id,
                location_id=location_id,
                where=row.where,
            )
        elif opens is None and closes is None and not byday:
            bundle.notes.skip_row(row.where, _("keine Zeiten angegeben"), kind="schedules")
        else:
            bundle.notes.skip_row(row.where, _("Tage oder Uhrzeiten fehlen"), kind="schedules")
        return
    if freq == "DAILY":
        freq, byday = "WEEKLY", ",".join(DAY_CODES)
    items = [_BYDAY_ITEM.fullmatch(item) for item in byday.split(",") if item]
    if freq not in ("", "WEEKLY", "MONTHLY") or not items or not all(items):
        bundle.notes.skip_row(
            row.where,
            _("Wiederholung „%(freq)s %(byday)s“ können wir nicht abbilden")
            % {"freq": freq, "byday": byday},
            kind="schedules",
        )
        return
    monthly = any(m and m["nth"] for m in items)
    if closes <= opens:
        bundle.notes.skip_row(row.where, _("Das Ende liegt vor dem Beginn"), kind="schedules")
        return
    interval = row.text("interval")
    if interval not in ("", "1"):
        bundle.notes.warn_row(
            row.where,
            _(
                "Wiederholung nur alle %(interval)s Wochen oder Monate lässt sich nicht abbilden – "
                "als jede Woche oder jeden Monat übernommen"
            )
            % {"interval": interval},
        )
    bundle.schedules[id] = ScheduleRecord(
        id=id,
        service_id=service_id,
        location_id=location_id,
        # "MONTHLY" with plain days (no weekday of the month) means every such day.
        freq="MONTHLY" if monthly else "WEEKLY",
        byday=byday,
        opens_at=opens,
        closes_at=closes,
        where=row.where,
        valid_from=row.date("valid_from"),
        valid_to=row.date("valid_to"),
        description=description,
    )


_ISO_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def weekday_schedule(
    row: Row,
    *,
    bundle: Bundle,
    id: uuid.UUID,
    service_id: uuid.UUID | None,
    location_id: uuid.UUID | None,
) -> None:
    """A regular_schedule row of HSDS 1.x or Ohana: a weekday (a name, a range like
    "Monday-Friday", or a number with 1 for Monday as in ISO 8601) with opening and closing
    times as written ("9am", "4:00 PM"); 2.0's RRULE fields when the row has them."""
    if row.text("byday") or row.text("freq"):
        schedule_records(row, bundle=bundle, id=id, service_id=service_id, location_id=location_id)
        return
    weekday = row.text("weekday")
    if weekday.isdigit() and 1 <= int(weekday) <= 7:
        weekday = _ISO_DAYS[int(weekday) - 1]
    opens, closes = row.text("opens_at"), row.text("closes_at")
    span = f"{opens}-{closes}" if opens and closes else ""
    text = " ".join(part for part in (weekday, span) if part) if span else ""
    text = text or " ".join(p for p in (weekday, row.text("description")) if p)
    if not text:
        bundle.notes.skip_row(row.where, _("keine Zeiten angegeben"), kind="schedules")
        return
    hours_records(
        text,
        bundle=bundle,
        id=id,
        service_id=service_id,
        location_id=location_id,
        where=row.where,
        description=row.text("description") if span else None,
    )
