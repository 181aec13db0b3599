"""Dates and times as residents read them: "Dienstag, 4. März 2025, 14:30 Uhr"."""

import datetime as dt

from django.utils import timezone

from lotse.directory.hours import format_day, format_time


def day_label(day: dt.date) -> str:
    """ "Dienstag, 4. März 2025"."""
    return f"{format_day(day)} {day.year}"


def slot_label(start: dt.datetime) -> str:
    """ "Dienstag, 4. März 2025, 14:30 Uhr" (UI_GUIDE: appointments with weekday)."""
    local = timezone.localtime(start)
    return f"{day_label(local.date())}, {format_time(local.time())}"
