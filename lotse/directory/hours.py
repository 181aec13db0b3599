"""Opening and consultation hours: HSDS schedule rules evaluated for a day, said in plain German."""

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays
from django.conf import settings

from lotse.directory.models import Closure, Schedule

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE, years=year)


def _matches(rule: Schedule, day: dt.date) -> bool:
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
    rules: Iterable[Schedule], closures: Iterable[Closure], day: dt.date
) -> list[tuple[dt.time, dt.time]]:
    if day in _holidays(day.year):
        return []
    if any(c.starts_on <= day <= c.ends_on for c in closures):
        return []
    return sorted((r.opens_at, r.closes_at) for r in rules if _matches(r, day))


def format_time(t: dt.time) -> str:
    return f"{t.hour}:{t.minute:02d} Uhr" if t.minute else f"{t.hour} Uhr"


def format_day(day: dt.date) -> str:
    return f"{WEEKDAYS_DE[day.weekday()]}, {day.day}. {_MONTHS[day.month - 1]}"


_MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)


def status_text(rules: list[Schedule], closures: list[Closure], now: dt.datetime) -> str:
    """ "Heute geöffnet bis 16 Uhr" or "Nächste Sprechstunde: Mittwoch, 2. Dezember, 10–12 Uhr"."""
    today = now.date()
    for start, end in intervals_on(rules, closures, today):
        if start <= now.time() < end:
            return f"Heute geöffnet bis {format_time(end)}"
        if now.time() < start:
            return f"Heute geöffnet von {format_time(start)} bis {format_time(end)}"
    for offset in range(1, 70):
        day = today + dt.timedelta(days=offset)
        found = intervals_on(rules, closures, day)
        if found:
            start, end = found[0]
            when = "Morgen" if offset == 1 else format_day(day)
            return f"Nächster Termin: {when}, {format_time(start)} bis {format_time(end)}"
    return "Zurzeit keine festen Zeiten. Bitte rufen Sie an."


def is_open(rules: list[Schedule], closures: list[Closure], now: dt.datetime) -> bool:
    return any(s <= now.time() < e for s, e in intervals_on(rules, closures, now.date()))


def weekly_lines(rules: list[Schedule]) -> list[str]:
    """The rules as sentences, for the offer page and its print view."""
    lines = []
    for r in sorted(rules, key=lambda r: (r.freq, r.byday, r.opens_at)):
        span = f"{format_time(r.opens_at)} bis {format_time(r.closes_at)}"
        for item in r.byday.split(","):
            item = item.strip().upper()
            day = WEEKDAYS_DE[DAY_CODES.index(item[-2:])]
            if r.freq == Schedule.Freq.MONTHLY:
                nth = int(item[:-2])
                which = "letzten" if nth == -1 else f"{nth}."
                lines.append(f"Jeden {which} {day} im Monat: {span}")
            else:
                lines.append(f"{day}: {span}")
    return lines
