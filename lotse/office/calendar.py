"""An appointment as a calendar entry: iCalendar (RFC 5545), one VEVENT with the office's
address, so that a phone's calendar can remind the booker too."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.office.models import Appointment


def _escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; a continuation starts with a space (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0], *(" " + part for part in parts[1:])]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(*, appointment: Appointment) -> str:
    office = appointment.office
    host = settings.LOTSE_SITE_URL.split("//")[-1].split("/")[0] or "quartierslotse"
    location = f"{office.name}, {office.street}, {office.postcode} {office.city}"
    description = _(
        "Termin im %(office)s. Absagen: auf der Seite Termin absagen mit dem Kurzcode "
        "%(code)s oder am Telefon %(phone)s."
    ) % {"office": office.name, "code": appointment.short_code, "phone": office.phone}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Quartierslotse//Termine//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{appointment.id}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(appointment.start)}",
        f"DTEND:{_utc(appointment.end)}",
        "SUMMARY:" + _escape(_("Termin im %(office)s") % {"office": office.name}),
        "LOCATION:" + _escape(location),
        "DESCRIPTION:" + _escape(description),
        "STATUS:CONFIRMED",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + _escape(_("Termin im %(office)s") % {"office": office.name}),
        "TRIGGER:-PT2H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
