"""Dates as people type them in German: "4.3.27", "04.03.2027", "4. März 2027", "4 3 2027".

An impossible date says which part is wrong ("Der April hat nur 30 Tage"), as UI_GUIDE § 5 asks.
"""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

_MONTHS = {
    "januar": 1,
    "jan": 1,
    "jänner": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "mär": 3,
    "maerz": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_MONTH_NAMES = [
    _("Januar"),
    _("Februar"),
    _("März"),
    _("April"),
    _("Mai"),
    _("Juni"),
    _("Juli"),
    _("August"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Dezember"),
]
# Day, month (digits or a name), year; separated by dots, spaces, slashes or hyphens.
_GERMAN = re.compile(r"(\d{1,2})\s*[./\- ]\s*(\d{1,2}|[^\W\d_]{3,9})\s*[./\- ]?\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Longer text is no date; it is refused before any pattern looks at it.
MAX_LENGTH = 40
EXAMPLE = _("Geben Sie das Datum so ein: 4.3.2027")


def parse_date(text: str, *, two_digit_years: bool = True) -> dt.date:
    """The date in `text`, or a ValidationError that names the wrong part."""
    value = text.strip().lower().rstrip(".")
    if len(value) > MAX_LENGTH:
        raise forms.ValidationError(EXAMPLE, code="invalid")
    if match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        return _checked(day, month, year)
    match = _GERMAN.fullmatch(value)
    if not match:
        raise forms.ValidationError(EXAMPLE, code="invalid")
    day_text, month_text, year_text = match.groups()
    if month_text.isdigit():
        month = int(month_text)
    elif month_text in _MONTHS:
        month = _MONTHS[month_text]
    else:
        raise forms.ValidationError(
            _("„%(month)s“ ist kein Monat. Schreiben Sie den Monat als Zahl, zum Beispiel 3.")
            % {"month": month_text},
            code="invalid_month",
        )
    if len(year_text) == 2:
        if not two_digit_years:
            raise forms.ValidationError(
                _("Das Jahr muss 4 Ziffern haben, zum Beispiel 1942."), code="invalid_year"
            )
        year = 2000 + int(year_text)
    else:
        year = int(year_text)
    return _checked(int(day_text), month, year)


def _checked(day: int, month: int, year: int) -> dt.date:
    if not 1 <= month <= 12:
        raise forms.ValidationError(
            _("Der Monat muss eine Zahl von 1 bis 12 sein."), code="invalid_month"
        )
    if not 1900 <= year <= 2100:
        raise forms.ValidationError(
            _("Das Jahr muss zwischen 1900 und 2100 liegen."), code="invalid_year"
        )
    if day < 1:
        raise forms.ValidationError(_("Der Tag muss mindestens 1 sein."), code="invalid_day")
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise forms.ValidationError(
            _("Der %(month)s %(year)s hat nur %(last)s Tage.")
            % {"month": _MONTH_NAMES[month - 1], "year": year, "last": last},
            code="invalid_day",
        ) from None


class GermanDateField(forms.DateField):
    """A date field for typed dates (see parse_date); `<input type="date">` sends ISO, which it
    takes too. It shows a date as "04.03.2027"."""

    def __init__(self, *, two_digit_years: bool = True, **kwargs) -> None:
        self.two_digit_years = two_digit_years
        kwargs.setdefault(
            "widget", forms.DateInput(format="%d.%m.%Y", attrs={"spellcheck": "false"})
        )
        kwargs.setdefault("help_text", _("Zum Beispiel: 4.3.2027"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value), two_digit_years=self.two_digit_years)
