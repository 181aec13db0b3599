"""Reading single values of a row or object: ids, dates, times, numbers, and the facts of our
German profile that lotse.directory.hsds.serialise writes into HSDS text fields."""

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.directory.interop.records import ID_NAMESPACE, Notes
from lotse.directory.models import Accessibility, Service


class BadValue(ValueError):
    """A value that does not fit its field; the message is German and names the value."""


class Ids:
    """Turns source ids into UUIDs. HSDS 3.0 declares its ids as UUIDs (`strict`); older formats
    use integers or other strings, which become uuid5(ID_NAMESPACE, "<scope>/<table>/<id>")."""

    def __init__(self, *, strict: bool, scope: str) -> None:
        self.strict = strict
        self.scope = scope

    def __call__(self, value: str, *, table: str) -> uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError:
            if self.strict:
                raise BadValue(
                    _("„%(value)s“ ist keine gültige Kennung (UUID).") % {"value": value}
                ) from None
        return uuid.uuid5(ID_NAMESPACE, f"{self.scope}/{table}/{value}")

    def derived(self, *parts: object) -> uuid.UUID:
        """An id for a row the source has no id for (a link, a term of a flat list)."""
        return uuid.uuid5(ID_NAMESPACE, "/".join([self.scope, *map(str, parts)]))


_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?::(?P<second>\d{2})(?:\.\d+)?)?\s*"
    r"(?P<half>a\.?\s?m\.?|p\.?\s?m\.?)?\s*(?:uhr|h)?\s*(?:z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def parse_time(value: str) -> dt.time:
    """ "10:00", "10:00:00", "9.30 Uhr", "9am", "4:00 PM"; a UTC offset is ignored (the times
    of a German directory are local); 24:00 becomes 23:59."""
    match = _TIME.fullmatch(value.strip())
    if not match:
        raise BadValue(_("„%(value)s“ ist keine gültige Uhrzeit.") % {"value": value})
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").lower().replace(".", "").replace(" ", "")
    if half and not 1 <= hour <= 12:
        raise BadValue(_("„%(value)s“ ist keine gültige Uhrzeit.") % {"value": value})
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if (hour, minute) == (24, 0):
        return dt.time(23, 59)
    if hour > 23 or minute > 59:
        raise BadValue(_("„%(value)s“ ist keine gültige Uhrzeit.") % {"value": value})
    return dt.time(hour, minute)


def parse_date(value: str) -> dt.date:
    """ISO dates (also the date part of an ISO timestamp) and German "31.12.2025"."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            return dt.datetime.strptime(text, "%d.%m.%Y").date()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    raise BadValue(
        _("„%(value)s“ ist kein gültiges Datum (erwartet: JJJJ-MM-TT).") % {"value": value}
    )


def parse_int(value: str) -> int:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise BadValue(_("„%(value)s“ ist keine ganze Zahl.") % {"value": value})
    return int(number)


def parse_decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise BadValue(_("„%(value)s“ ist keine gültige Zahl.") % {"value": value})
    return number


def parse_bool(value: str) -> bool:
    text = value.strip().lower()
    if text in {"true", "1", "yes", "ja", "wahr", "t", "y"}:
        return True
    if text in {"false", "0", "no", "nein", "falsch", "f", "n"}:
        return False
    raise BadValue(_("„%(value)s“ ist weder ja noch nein.") % {"value": value})


class Row:
    """One CSV row or JSON object: typed getters that note a bad value as an error (which
    refuses the import) and return None, so a reader can go on and report all errors at once."""

    def __init__(self, data: Mapping[str, Any], *, where: str, notes: Notes, ids: Ids) -> None:
        self.data = data
        self.where = where
        self.notes = notes
        self.ids = ids

    def _bad(self, name: str, exc: BadValue) -> None:
        self.notes.error(
            _("%(where)s, Feld „%(field)s“: %(problem)s")
            % {"where": self.where, "field": name, "problem": exc}
        )

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | str):
            return str(value).strip()
        self._bad(name, BadValue(_("Hier wird ein Text erwartet.")))
        return ""

    def _parsed(self, name: str, parse: Any) -> Any:
        text = self.text(name)
        if not text:
            return None
        try:
            return parse(text)
        except BadValue as exc:
            self._bad(name, exc)
            return None

    def id(self, name: str, *, table: str) -> uuid.UUID | None:
        return self._parsed(name, lambda text: self.ids(text, table=table))

    def date(self, name: str) -> dt.date | None:
        return self._parsed(name, parse_date)

    def time(self, name: str) -> dt.time | None:
        return self._parsed(name, parse_time)

    def integer(self, name: str) -> int | None:
        return self._parsed(name, parse_int)

    def decimal(self, name: str) -> Decimal | None:
        return self._parsed(name, parse_decimal)

    def number(self, name: str) -> float | None:
        value = self._parsed(name, parse_decimal)
        return float(value) if value is not None else None

    def boolean(self, name: str) -> bool | None:
        return self._parsed(name, parse_bool)

    def unknown(self, known: set[str]) -> set[str]:
        """Names of filled fields the importer has no place for."""
        return {k for k, v in self.data.items() if k not in known and v not in (None, "", [], {})}


# The facts of our German profile as lotse.directory.hsds.serialise writes them, in every
# language of the interface (an export may have been made in English).
@cache
def _profile_patterns() -> dict[str, Any]:
    fees: list[tuple[re.Pattern, dict[str, str], str]] = []
    care: list[re.Pattern] = []
    accreditations: set[str] = set()
    for code in ("de", "en"):
        with translation.override(code):
            labels = {str(label): value for value, label in Service.Cost.choices}
            template = re.escape(_("%(cost)s: %(amount)s €"))
            template = template.replace(re.escape("%(cost)s"), r"(?P<cost>.+)")
            template = template.replace(re.escape("%(amount)s"), r"(?P<amount>[\d.,]+)")
            fees.append((re.compile(template), labels, "," if code == "de" else "."))
            sentence = re.escape(_("Nur mit Pflegegrad %(level)d oder höher."))
            care.append(re.compile(sentence.replace(re.escape("%(level)d"), r"(?P<level>\d)")))
            accreditations.add(
                _("Anerkannt als Angebot zur Unterstützung im Alltag nach § 45a SGB XI.")
            )
    return {"fees": fees, "care": care, "accreditations": accreditations}


_FREE_WORDS = re.compile(
    r"^(kostenlos|kostenfrei|gratis|umsonst|frei|free|none|no fee|no fees|keine?|0|0,00 ?€?)\.?$",
    re.IGNORECASE,
)
_DONATION_WORDS = re.compile(r"spende|donation", re.IGNORECASE)


def cost_from_text(text: str) -> tuple[str, Decimal | None, bool]:
    """(cost, fee amount, understood) from a fees description. Our own sentences are understood
    exactly; other text is guessed from its words and should be kept in the description."""
    patterns = _profile_patterns()
    for pattern, labels, decimal_mark in patterns["fees"]:
        if text in labels:
            return labels[text], None, True
        match = pattern.fullmatch(text)
        if match and match["cost"] in labels:
            amount = match["amount"].replace(decimal_mark, "#").replace(",", "").replace(".", "")
            return labels[match["cost"]], Decimal(amount.replace("#", ".")), True
    if _FREE_WORDS.match(text.strip()):
        return Service.Cost.FREE, None, True
    if _DONATION_WORDS.search(text):
        return Service.Cost.DONATION, None, False
    return Service.Cost.FEE, None, False


def care_level_from_text(text: str) -> int | None:
    for pattern in _profile_patterns()["care"]:
        match = pattern.fullmatch(text)
        if match:
            return int(match["level"])
    return None


def is_45a_recognition(text: str) -> bool:
    return text in _profile_patterns()["accreditations"]


# Language names as directories write them (English and German), to ISO 639-1 codes.
LANGUAGE_CODES = {
    "albanian": "sq",
    "albanisch": "sq",
    "arabic": "ar",
    "arabisch": "ar",
    "bosnian": "bs",
    "bosnisch": "bs",
    "bulgarian": "bg",
    "bulgarisch": "bg",
    "chinese": "zh",
    "chinesisch": "zh",
    "chinese (cantonese)": "zh",
    "chinese (mandarin)": "zh",
    "cantonese": "zh",
    "mandarin": "zh",
    "croatian": "hr",
    "kroatisch": "hr",
    "dutch": "nl",
    "niederländisch": "nl",
    "english": "en",
    "englisch": "en",
    "farsi": "fa",
    "persian": "fa",
    "persisch": "fa",
    "french": "fr",
    "französisch": "fr",
    "german": "de",
    "deutsch": "de",
    "greek": "el",
    "griechisch": "el",
    "hindi": "hi",
    "italian": "it",
    "italienisch": "it",
    "japanese": "ja",
    "japanisch": "ja",
    "korean": "ko",
    "koreanisch": "ko",
    "kurdish": "ku",
    "kurdisch": "ku",
    "polish": "pl",
    "polnisch": "pl",
    "portuguese": "pt",
    "portugiesisch": "pt",
    "romanian": "ro",
    "rumänisch": "ro",
    "russian": "ru",
    "russisch": "ru",
    "serbian": "sr",
    "serbisch": "sr",
    "spanish": "es",
    "spanisch": "es",
    "tagalog": "tl",
    "turkish": "tr",
    "türkisch": "tr",
    "ukrainian": "uk",
    "ukrainisch": "uk",
    "urdu": "ur",
    "vietnamese": "vi",
    "vietnamesisch": "vi",
}


def language_code(name: str) -> str | None:
    return LANGUAGE_CODES.get(name.strip().lower())


# Words older directories use for accessibility (Ohana's list among them), to our features.
_ACCESSIBILITY_WORDS = {
    "ramp": Accessibility.Feature.STEP_FREE,
    "wheelchair": Accessibility.Feature.STEP_FREE,
    "elevator": Accessibility.Feature.STEP_FREE,
    "step-free": Accessibility.Feature.STEP_FREE,
    "restroom": Accessibility.Feature.WHEELCHAIR_WC,
    "deaf_interpreter": Accessibility.Feature.SIGN_LANGUAGE,
    "hearing loop": Accessibility.Feature.HEARING_LOOP,
    "induction loop": Accessibility.Feature.HEARING_LOOP,
}


@cache
def _accessibility_names() -> dict[str, str]:
    names = {word: str(feature) for word, feature in _ACCESSIBILITY_WORDS.items()}
    for code in ("de", "en"):
        with translation.override(code):
            for value, label in Accessibility.Feature.choices:
                names[str(label).lower()] = value
                names[value] = value
    return names


def accessibility_feature(text: str) -> str | None:
    """Our feature for a description that names one exactly (label, code or known word)."""
    return _accessibility_names().get(text.strip().lower())
