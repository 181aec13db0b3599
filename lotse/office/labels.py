"""Dates and times as residents read them: "Dienstag, 4. März 2025, 14:30 Uhr"."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.directory.hours import format_day, format_time, grouped_lines
from lotse.office.models import ConsultationHour, OfficeClosure


def day_label(day: dt.date) -> str:
    """ "Dienstag, 4. März 2025"."""
    return f"{format_day(day)} {day.year}"


def slot_label(start: dt.datetime) -> str:
    """ "Dienstag, 4. März 2025, 14:30 Uhr" (UI_GUIDE: appointments with weekday)."""
    local = timezone.localtime(start)
    return f"{day_label(local.date())}, {format_time(local.time())}"


def hour_label(hour: ConsultationHour) -> str:
    """ "Montag bis Freitag: 9 Uhr bis 12 Uhr", with its dates of validity if it has any."""
    label = "; ".join(grouped_lines([hour.as_rule()]))
    if hour.valid_from:
        label += " " + _("ab %(day)s") % {"day": day_label(hour.valid_from)}
    if hour.valid_to:
        label += " " + _("bis %(day)s") % {"day": day_label(hour.valid_to)}
    return label


def closure_label(closure: OfficeClosure) -> str:
    """ "Montag, 23. März 2026 bis Freitag, 27. März 2026", or one day."""
    if closure.starts_on == closure.ends_on:
        return day_label(closure.starts_on)
    return _("%(first)s bis %(last)s") % {
        "first": day_label(closure.starts_on),
        "last": day_label(closure.ends_on),
    }
