"""Opening and consultation hours: HSDS schedule rules evaluated for a day, said in plain words.

The sentences are German source strings; the English ones are in locale/en. Day and month names
come from Django's own translations.
"""

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import holidays
from django.conf import settings
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lotse.directory.models import Closure, Schedule

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Which weekday of the month a monthly rule means ("1WE", "-1FR").
_ORDINALS = {
    1: pgettext_lazy("weekday of the month", "1."),
    2: pgettext_lazy("weekday of the month", "2."),
    3: pgettext_lazy("weekday of the month", "3."),
    4: pgettext_lazy("weekday of the month", "4."),
    5: pgettext_lazy("weekday of the month", "5."),
    -1: pgettext_lazy("weekday of the month", "letzten"),
}


class Rule(NamedTuple):
    """What the hours of a Schedule depend on, read without building a model instance: the
    search's "open now" checks the rules of dozens of offers per request."""

    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time
    valid_from: dt.date | None
    valid_to: dt.date | None


class ClosedDays(NamedTuple):
    """What the hours of a Closure depend on, read without building a model instance."""

    starts_on: dt.date
    ends_on: dt.date


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE, years=year)


def _matches(rule: Schedule | Rule, day: dt.date) -> bool:
    if rule.valid_from and day < rule.valid_from or rule.valid_to and day > rule.valid_to:
        return False
    code = DAY_CODES[day.weekday()]
    for item in rule.byday.split(","):
        item = item.strip().upper()
        if rule.freq == Schedule.Freq.WEEKLY and item == code:
            return True
        if rule.freq == Schedule.Freq.MONTHLY and item.endswith(code) and item[:-2]:
            nth = int(item[:-2])
            if nth > 0 and (day.day - 1) // 7 + 1 == nth:
                return True
            if nth < 0 and (day + dt.timedelta(days=7 * -nth)).month != day.month:
                if (day + dt.timedelta(days=7 * (-nth - 1))).month == day.month:
                    return True
    return False


def intervals_on(
    rules: Iterable[Schedule | Rule], closures: Iterable[Closure | ClosedDays], day: dt.date
) -> list[tuple[dt.time, dt.time]]:
    if day in _holidays(day.year):
        return []
    if any(c.starts_on <= day <= c.ends_on for c in closures):
        return []
    return sorted((r.opens_at, r.closes_at) for r in rules if _matches(r, day))


def format_time(t: dt.time) -> str:
    if t.minute:
        return _("%(hour)d:%(minute)02d Uhr") % {"hour": t.hour, "minute": t.minute}
    return _("%(hour)d Uhr") % {"hour": t.hour}


def format_day(day: dt.date) -> str:
    return _("%(weekday)s, %(day)d. %(month)s") % {
        "weekday": WEEKDAYS[day.weekday()],
        "day": day.day,
        "month": MONTHS[day.month],
    }


def _span(start: dt.time, end: dt.time) -> str:
    return _("%(start)s bis %(end)s") % {"start": format_time(start), "end": format_time(end)}


def status_text(rules: list[Schedule], closures: list[Closure], now: dt.datetime) -> str:
    """ "Heute geöffnet bis 16 Uhr" or "Nächste Sprechstunde: Mittwoch, 2. Dezember, 10–12 Uhr"."""
    today = now.date()
    for start, end in intervals_on(rules, closures, today):
        if start <= now.time() < end:
            return _("Heute geöffnet bis %(end)s") % {"end": format_time(end)}
        if now.time() < start:
            return _("Heute geöffnet von %(span)s") % {"span": _span(start, end)}
    # Only days whose weekday some rule names can have hours: the others are skipped without
    # checking holidays and closures (the search page asks this for 20 offers per request).
    weekdays = {item.strip().upper()[-2:] for rule in rules for item in rule.byday.split(",")}
    for offset in range(1, 70 if weekdays else 0):
        day = today + dt.timedelta(days=offset)
        if DAY_CODES[day.weekday()] not in weekdays:
            continue
        found = intervals_on(rules, closures, day)
        if found:
            start, end = found[0]
            # Always with weekday and date: "morgen" alone is easy to mishear on the phone.
            when = (
                _("Morgen, %(day)s") % {"day": format_day(day)} if offset == 1 else format_day(day)
            )
            return _("Nächster Termin: %(when)s, %(span)s") % {
                "when": when,
                "span": _span(start, end),
            }
    return _("Zurzeit keine festen Zeiten. Bitte rufen Sie an.")


def weekday_hours(spans: Iterable[tuple[str, dt.time, dt.time]]) -> list[tuple[str, int]]:
    """The (day code, hour) pairs in which a rule (byday, opens, closes) is open for at least a
    moment on that weekday, whatever its week of the month or validity. The search index flags
    them, so that "open now" checks the exact hours only of offers that may be open."""
    found = set()
    for byday, opens, closes in spans:
        last = closes.hour if (closes.minute or closes.second) else closes.hour - 1
        for item in byday.split(","):
            if item.strip():
                found |= {(item.strip().upper()[-2:], h) for h in range(opens.hour, last + 1)}
    return sorted(found)


def is_open(
    rules: Iterable[Schedule | Rule], closures: Iterable[Closure | ClosedDays], now: dt.datetime
) -> bool:
    return any(s <= now.time() < e for s, e in intervals_on(rules, closures, now.date()))


def weekly_lines(rules: list[Schedule]) -> list[str]:
    """The rules as sentences, for the offer page and its print view."""
    lines = []
    for r in sorted(rules, key=lambda r: (r.freq, r.byday, r.opens_at)):
        span = _span(r.opens_at, r.closes_at)
        for item in r.byday.split(","):
            item = item.strip().upper()
            day = WEEKDAYS[DAY_CODES.index(item[-2:])]
            if r.freq == Schedule.Freq.MONTHLY:
                nth = int(item[:-2])
                which = _ORDINALS.get(nth, f"{nth}.")
                lines.append(
                    _("Jeden %(which)s %(day)s im Monat: %(span)s")
                    % {"which": which, "day": day, "span": span}
                )
            else:
                lines.append(f"{day}: {span}")
    return lines


def grouped_lines(rules: list[Schedule]) -> list[str]:
    """Weekly rules with the same times on one line ("Montag bis Freitag: 9 Uhr bis 12 Uhr"),
    so the large-print page fits on one sheet. Monthly rules keep their own lines."""
    by_span: dict[tuple, set[int]] = {}
    monthly = []
    for rule in rules:
        if rule.freq != "WEEKLY":
            monthly.append(rule)
            continue
        days = by_span.setdefault((rule.opens_at, rule.closes_at), set())
        for item in rule.byday.split(","):
            if item.strip().upper() in DAY_CODES:
                days.add(DAY_CODES.index(item.strip().upper()))
    lines = []
    groups = sorted((kv for kv in by_span.items() if kv[1]), key=lambda kv: (min(kv[1]), kv[0]))
    for (opens, closes), days in groups:
        ordered = sorted(days)
        names = [str(WEEKDAYS[d]) for d in ordered]
        if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
            label = _("%(first)s bis %(last)s") % {"first": names[0], "last": names[-1]}
        elif len(names) > 1:
            label = _("%(days)s und %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}
        else:
            label = names[0]
        span = _span(opens, closes)
        lines.append(f"{label}: {span}")
    return lines + weekly_lines(monthly)
