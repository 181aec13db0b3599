"""Working days of the offices: Monday to Friday without the public holidays of the office's
state (settings.LOTSE_HOLIDAY_STATE). Reminders and the "Heute anrufen" list go out on working
days, so on the last working day before a weekend or holiday they cover the days up to the next
working day."""

import datetime as dt

import holidays
from django.conf import settings


def is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in holidays.country_holidays(
        "DE", subdiv=settings.LOTSE_HOLIDAY_STATE, years=day.year
    )


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    following = day + dt.timedelta(days=1)
    while not is_working_day(following):
        following += dt.timedelta(days=1)
    return following


def reminder_days(today: dt.date) -> list[dt.date]:
    """The days whose appointments are reminded on `today`: tomorrow and every day up to the
    next working day (on a Friday: Saturday, Sunday and Monday). A reminder run on a day off
    covers the same days again up to the next working day; the reminders' dedupe keys keep
    that from sending anything twice."""
    last = next_working_day(today)
    count = (last - today).days
    return [today + dt.timedelta(days=n) for n in range(1, count + 1)]
