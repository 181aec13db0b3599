"""Repetition as people say it ("jeden Dienstag", "alle 2 Wochen", "jeden ersten Mittwoch im
Monat", "täglich", "bis 31. Dezember") and the RFC 5545 rule (RRULE) an event stores.

`rule_text` turns the choices into a rule, `recurrence_of` turns a stored rule back into the
choices for editing; a rule the form cannot show (written by hand elsewhere) gives None. The
rule's end ("bis") is the end of that day in local time, as the rule runs in local time
(lotse.news.occurrences)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ONCE = "once"
WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY = "monthly"
DAILY = "daily"

KINDS = [
    (ONCE, gettext_lazy("Einmalig")),
    (WEEKLY, gettext_lazy("Jede Woche")),
    (BIWEEKLY, gettext_lazy("Alle 2 Wochen")),
    (MONTHLY, gettext_lazy("Einmal im Monat")),
    (DAILY, gettext_lazy("Täglich")),
]
# RFC 5545 day codes, Monday first (as date.weekday()).
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAYS = [
    gettext_lazy("Montag"),
    gettext_lazy("Dienstag"),
    gettext_lazy("Mittwoch"),
    gettext_lazy("Donnerstag"),
    gettext_lazy("Freitag"),
    gettext_lazy("Samstag"),
    gettext_lazy("Sonntag"),
]
ORDINALS = [
    (1, gettext_lazy("ersten")),
    (2, gettext_lazy("zweiten")),
    (3, gettext_lazy("dritten")),
    (4, gettext_lazy("vierten")),
    (-1, gettext_lazy("letzten")),
]

_MONTHLY_DAY = re.compile(r"^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class Recurrence:
    kind: str = ONCE
    # Weekly and every two weeks: the weekdays (0 = Monday).
    weekdays: tuple[int, ...] = field(default_factory=tuple)
    # Monthly: the n-th (1–4, -1 = last) weekday of the month.
    ordinal: int = 1
    weekday: int = 0
    # The last day a date may fall on; None: no end.
    until: dt.date | None = None


def rule_text(recurrence: Recurrence) -> str:
    """The RRULE (without "RRULE:") for the choices; "" for a one-off event. ValueError with a
    German message for choices that do not fit together."""
    kind = recurrence.kind
    if kind == ONCE:
        return ""
    if kind in (WEEKLY, BIWEEKLY):
        days = sorted(set(recurrence.weekdays))
        if not days:
            raise ValueError(_("Wählen Sie mindestens einen Wochentag"))
        if any(day not in range(7) for day in days):
            raise ValueError(_("Wählen Sie Wochentage aus der Liste"))
        parts = ["FREQ=WEEKLY"]
        if kind == BIWEEKLY:
            parts.append("INTERVAL=2")
        parts.append("BYDAY=" + ",".join(DAY_CODES[day] for day in days))
    elif kind == MONTHLY:
        if recurrence.ordinal not in dict(ORDINALS) or recurrence.weekday not in range(7):
            raise ValueError(_("Wählen Sie, an welchem Wochentag im Monat"))
        parts = ["FREQ=MONTHLY", f"BYDAY={recurrence.ordinal}{DAY_CODES[recurrence.weekday]}"]
    elif kind == DAILY:
        parts = ["FREQ=DAILY"]
    else:
        raise ValueError(_("Wählen Sie, wie oft es stattfindet"))
    if recurrence.until is not None:
        parts.append(f"UNTIL={recurrence.until:%Y%m%d}T235959")
    return ";".join(parts)


def _until(value: str) -> dt.date | None:
    match = re.fullmatch(r"(\d{8})(T235959)?", value)
    if match is None:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def recurrence_of(text: str) -> Recurrence | None:
    """The choices for a stored rule, or None when the rule says more than the form can."""
    body = text.strip().removeprefix("RRULE:")
    if not body:
        return Recurrence()
    try:
        parts = dict(part.split("=", 1) for part in body.upper().split(";"))
    except ValueError:
        return None
    until = None
    if "UNTIL" in parts:
        until = _until(parts.pop("UNTIL"))
        if until is None:
            return None
    frequency = parts.pop("FREQ", "")
    interval = parts.pop("INTERVAL", "1")
    byday = parts.pop("BYDAY", "")
    if parts:
        return None
    if frequency == "DAILY" and interval == "1" and not byday:
        return Recurrence(kind=DAILY, until=until)
    if frequency == "WEEKLY" and interval in ("1", "2") and byday:
        codes = byday.split(",")
        if any(code not in DAY_CODES for code in codes):
            return None
        days = tuple(sorted({DAY_CODES.index(code) for code in codes}))
        kind = WEEKLY if interval == "1" else BIWEEKLY
        return Recurrence(kind=kind, weekdays=days, until=until)
    if frequency == "MONTHLY" and interval == "1":
        match = _MONTHLY_DAY.match(byday)
        if match is None:
            return None
        return Recurrence(
            kind=MONTHLY,
            ordinal=int(match.group(1)),
            weekday=DAY_CODES.index(match.group(2)),
            until=until,
        )
    return None


def describe(recurrence: Recurrence | None) -> str:
    """In words: "Jede Woche am Dienstag und Donnerstag, bis 31.12.2026"."""
    if recurrence is None:
        return _("Nach einer eigenen Regel")
    kind = recurrence.kind
    if kind == ONCE:
        return _("Einmalig")
    if kind in (WEEKLY, BIWEEKLY):
        names = [str(WEEKDAYS[day]) for day in recurrence.weekdays]
        days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" und ") + names[-1]
        text = (
            _("Jede Woche am %(days)s") if kind == WEEKLY else _("Alle 2 Wochen am %(days)s")
        ) % {"days": days}
    elif kind == MONTHLY:
        text = _("Jeden %(ordinal)s %(weekday)s im Monat") % {
            "ordinal": dict(ORDINALS)[recurrence.ordinal],
            "weekday": WEEKDAYS[recurrence.weekday],
        }
    else:
        text = _("Täglich")
    if recurrence.until is not None:
        text += _(", bis %(day)s") % {"day": recurrence.until.strftime("%d.%m.%Y")}
    return text
