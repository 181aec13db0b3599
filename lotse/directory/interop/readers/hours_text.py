"""Opening hours written as text ("Mo-Fr 9-12 Uhr", "Monday-Friday 9am-5pm") turned into our
schedule rules, as far as they can be read.

Understood: German and English day names and abbreviations, ranges and lists of days
("Mo-Fr", "Mo, Mi und Fr", "Monday through Friday"), "werktags"/"weekdays", "täglich"/"daily",
the weekday of the month ("jeden 1. Mittwoch", "letzter Freitag im Monat", "first Wednesday"),
one or more time spans after the days ("9-12 und 14-16 Uhr", "9:30–12:00", "9am-5pm").
Everything else ("nach Vereinbarung", "in den Ferien geschlossen") is left over and reported,
never guessed.
"""

import datetime as dt
import re
from dataclasses import dataclass

from lotse.directory.interop.readers.values import BadValue, parse_time

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY_WORDS = {
    "MO": ["montags", "montag", "monday", "mon", "mo"],
    "TU": ["dienstags", "dienstag", "tuesday", "tues", "tue", "di", "tu"],
    "WE": ["mittwochs", "mittwoch", "wednesday", "wed", "mi", "we"],
    "TH": ["donnerstags", "donnerstag", "thursday", "thurs", "thur", "thu", "do", "th"],
    "FR": ["freitags", "freitag", "friday", "fri", "fr"],
    "SA": ["samstags", "samstag", "sonnabend", "saturday", "sat", "sa"],
    "SU": ["sonntags", "sonntag", "sunday", "sun", "so", "su"],
}
_WORD_DAY = {word: code for code, words in _DAY_WORDS.items() for word in words}
_GROUPS = {
    "werktags": DAY_CODES[:5],
    "wochentags": DAY_CODES[:5],
    "weekdays": DAY_CODES[:5],
    "täglich": DAY_CODES,
    "daily": DAY_CODES,
    "every day": DAY_CODES,
}
_ORDINALS = {
    "1.": 1,
    "2.": 2,
    "3.": 3,
    "4.": 4,
    "erste": 1,
    "ersten": 1,
    "erster": 1,
    "zweite": 2,
    "zweiten": 2,
    "zweiter": 2,
    "dritte": 3,
    "dritten": 3,
    "dritter": 3,
    "vierte": 4,
    "vierten": 4,
    "vierter": 4,
    "letzte": -1,
    "letzten": -1,
    "letzter": -1,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "last": -1,
}


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Day words stand alone: "so" in "Sommer" is no Sunday.
_ALONE_BEFORE = r"(?<![a-zäöüß])"
_ALONE_AFTER = r"(?![a-zäöüß])"
_DAY = rf"{_ALONE_BEFORE}(?:{_alternatives(list(_WORD_DAY))}){_ALONE_AFTER}\.?"
_RANGE = r"\s*(?:-|–|\bbis\b|\bto\b|\bthrough\b|\bthru\b)\s*"
_LIST = r"\s*(?:,|/|&|\bund\b|\band\b|\bsowie\b)\s*"
_DAY_ITEM = rf"{_DAY}(?:{_RANGE}{_DAY})?"
_DAYS = (
    rf"(?:{_ALONE_BEFORE}(?:{_alternatives(list(_GROUPS))}){_ALONE_AFTER}"
    rf"|{_DAY_ITEM}(?:{_LIST}{_DAY_ITEM})*)"
)
_MONTHLY = (
    rf"(?:jeden\s+|jeder\s+|am\s+|every\s+|the\s+)?"
    rf"(?P<nth>{_alternatives(list(_ORDINALS))})\s*"
)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?"
_SPAN = rf"{_TIME}{_RANGE}{_TIME}(?:\s*uhr)?"
_SPANS = rf"{_SPAN}(?:{_LIST}{_SPAN})*"
_RULE = re.compile(
    rf"(?:{_MONTHLY})?(?P<days>{_DAYS})(?:\s+im\s+monat|\s+of\s+the\s+month|\s+each\s+month)?"
    rf"\s*(?::|,|von|from|ab|jeweils)?\s*(?P<spans>{_SPANS})",
    re.IGNORECASE,
)
# What may stay over without losing meaning: separators, "Uhr", "geöffnet", "open".
_FILLER = re.compile(
    r"^[\s,;.:/&+()\-–]*(?:(?:und|and|sowie|uhr|geöffnet|open|hours|öffnungszeiten)"
    r"[\s,;.:/&+()\-–]*)*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rule:
    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time


@dataclass(frozen=True)
class Reading:
    rules: list[Rule]
    # The text not understood ("" when everything was).
    rest: str
    # Closing times read as afternoon ("9-5" is 9 to 17 Uhr), for the report.
    afternoon: bool = False


def _days(text: str) -> list[str]:
    lowered = text.lower().strip()
    if lowered in _GROUPS:
        return list(_GROUPS[lowered])
    days: list[str] = []
    for item in re.split(_LIST, lowered):
        ends = [_WORD_DAY[w.strip().rstrip(".")] for w in re.split(_RANGE, item) if w.strip()]
        if len(ends) == 2:
            first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[1])
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            days += [DAY_CODES[i] for i in span]
        else:
            days += ends
    return list(dict.fromkeys(days))


def _span(text: str) -> tuple[dt.time, dt.time, bool]:
    """Opening and closing time, and whether the closing time was taken as afternoon."""
    start, end = re.split(_RANGE, re.sub(r"\s*uhr$", "", text.strip(), flags=re.IGNORECASE))
    opens, closes = parse_time(start), parse_time(end)
    # "9-5" or "Monday 9-5": the end is in the afternoon.
    has_half = re.search(r"[ap]\.?m", end, re.IGNORECASE)
    if closes <= opens and closes.hour < 12 and not has_half:
        return opens, closes.replace(hour=closes.hour + 12), True
    if closes <= opens:
        raise BadValue(text)
    return opens, closes, False


def read_hours(text: str) -> Reading:
    rules: list[Rule] = []
    rest = text
    afternoon = False
    for match in _RULE.finditer(text):
        try:
            spans = [_span(s) for s in re.split(rf"(?<=[\w.]){_LIST}(?=\d)", match["spans"])]
            days = _days(match["days"])
        except (BadValue, ValueError, KeyError):
            continue
        nth = _ORDINALS.get(match["nth"].lower()) if match["nth"] else None
        byday = ",".join(f"{nth}{d}" if nth else d for d in days)
        freq = "MONTHLY" if nth else "WEEKLY"
        rules += [Rule(freq, byday, opens, closes) for opens, closes, _pm in spans]
        afternoon = afternoon or any(pm for _opens, _closes, pm in spans)
        rest = rest.replace(match[0], " ", 1)
    if _FILLER.match(rest):
        rest = ""
    rest = " ".join(rest.split()).strip(" ,;.") if rules else text.strip()
    return Reading(rules=rules, rest=rest, afternoon=afternoon)
