"""Reading single values of a row or object: ids, dates, times, numbers, and the facts of our
German profile that lotse.directory.hsds.serialise writes into HSDS text fields."""

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

import langcodes
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


# Names the language library does not know or reads wrongly, as US 211 directories write
# them ("French Creole" would be read as French). "Creole" alone is ambiguous and stays a note.
_LANGUAGE_ALIASES = {
    "french creole": "ht",
    "kreyol": "ht",
    "kreyòl": "ht",
    "creole (haitian)": "ht",
}
# Words in a language column that are codes of some language but mean something else there.
_NOT_LANGUAGES = {"na", "n/a", "no", "none", "any", "all", "other", "yes", "und"}
_LANGUAGE_SEPARATORS = re.compile(r"\s*(?:[,;/|+&]|\band\b|\bund\b)\s*", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@lru_cache(maxsize=4096)
def language_code(text: str) -> str | None:
    """The ISO 639 code (two letters where there is one) of a language named by its code in
    any common form ("ht", "HT", "spa", "en-US") or by its name in one of the many languages
    the language library knows ("Haitian Creole", "Spanish", "Español", "Türkisch"); None when
    it cannot be told (for example "Creole" or "other languages on request")."""
    name = " ".join(text.split())
    key = name.lower()
    if len(name) < 2 or len(name) > 80 or key in _NOT_LANGUAGES:
        return None
    if key in _LANGUAGE_ALIASES:
        return _LANGUAGE_ALIASES[key]
    if _LANGUAGE_TAG.fullmatch(name):
        try:
            tag = langcodes.Language.get(langcodes.standardize_tag(name.replace("_", "-")))
        except ValueError:
            tag = None
        # A three-letter code without a two-letter one may as well be a short word ("Any").
        if tag is not None and tag.language and len(tag.language) == 2 and tag.is_valid():
            return tag.language
    try:
        found = langcodes.find(name)
    except LookupError:
        return None
    return found.language or None


def language_codes(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """One cell of languages ("Spanish; Vietnamese", "English/Russian"): the (code, name)
    pairs it names, each code once, and the parts that could not be told."""
    text = text.strip()
    if " ".join(text.lower().split()) in _NOT_LANGUAGES:
        return [], [text]
    if not _LANGUAGE_SEPARATORS.search(text) or "(" in text:
        code = language_code(text)
        if code or "(" not in text:
            return ([(code, _shown(text, code))], []) if code else ([], [text] if text else [])
    found: dict[str, str] = {}
    unknown: list[str] = []
    for part in _LANGUAGE_SEPARATORS.split(text):
        if not part.strip():
            continue
        code = language_code(part)
        if code is None:
            unknown.append(part.strip())
        else:
            found.setdefault(code, _shown(part.strip(), code))
    return list(found.items()), unknown


def _shown(text: str, code: str) -> str:
    """The name to show: the file's, or the German name when the file gives a code."""
    return language_name(code) if _LANGUAGE_TAG.fullmatch(text) and len(text) <= 6 else text


def language_name(code: str) -> str:
    """The language's German name, for a file that gives only the code."""
    try:
        return str(langcodes.Language.get(code).display_name("de"))[:80]
    except (ValueError, LookupError):
        return code


_WEB_ADDRESS = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?", re.IGNORECASE)


def web_address(text: str) -> tuple[str, bool]:
    """(address, completed): "www.example.org" becomes "https://www.example.org"; anything
    else stays as it is (and is checked where it is stored)."""
    value = text.strip()
    if value and "://" not in value and "@" not in value and _WEB_ADDRESS.fullmatch(value):
        return f"https://{value}", True
    return value, False


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
