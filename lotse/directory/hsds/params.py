"""The query parameters of the HSDS API, parsed into typed filters.

Every request the official HSDS 3.0 document allows is answered (openapi.py publishes what this
API makes of each parameter): an id that is not one of ours finds nothing, page numbers and
sizes beyond the limits are taken as the nearest limit, an unknown postcode finds nothing, a
`proximity` that is no distance is left out, and every `format` gets JSON pages. Only values
that the document itself excludes, or that break the UK parameters' own rules, raise
InvalidParameter with a German message, which the views answer with 400. Parameters that no
endpoint knows are ignored, as HTTP APIs usually do.
"""

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from lotse.directory.geo import postcode_point
from lotse.directory.hours import DAY_CODES

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# Far beyond any directory's last page; larger offsets would overflow the database's integers.
MAX_PAGE = 1_000_000
MAX_AGE = 150
# A wider circle would read most locations of a region to answer one request.
MAX_PROXIMITY_METRES = 100_000
# No object has the nil UUID: a filter by an id that is not one of ours finds nothing.
NO_MATCH = uuid.UUID(int=0)
# `day` takes RFC 5545 codes as in HSDS schedules ("MO"), and English or German day names.
_DAY_NAMES = dict(
    zip(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        DAY_CODES,
        strict=True,
    )
) | dict(
    zip(
        ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        DAY_CODES,
        strict=True,
    )
)
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class InvalidParameter(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    number: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return self.number * self.per_page


@dataclass(frozen=True)
class Nearby:
    """Within `radius_km` of the centre of a postcode."""

    point: tuple[float, float]
    radius_km: float


@dataclass(frozen=True)
class ServiceFilters:
    """The filters of /services and /service_at_locations; all given ones must hold."""

    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    # An RFC 5545 day code ("MO"); with the times it describes one schedule rule.
    day: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    # A postcode without `proximity`: a location with an address in it.
    postcode: str = ""
    near: Nearby | None = None


@dataclass(frozen=True)
class TermFilters:
    search: str = ""
    taxonomy_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    top_only: bool = False


def parse_id(*, value: str) -> uuid.UUID | None:
    """Our ids are UUIDs; HSDS allows any text, which then names nothing of ours (None)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def paging_from(*, query: QueryDict) -> Paging:
    """`page` and `per_page` as HSDS allows them, any whole number: taken as the nearest of
    1 to MAX_PAGE and 1 to MAX_PER_PAGE. `format` is not read: every answer is a JSON page
    (`ndjson`, all results as one stream, is not offered)."""
    number = _integer(query, "page", default=1)
    per_page = _integer(query, "per_page", default=DEFAULT_PER_PAGE)
    return Paging(
        number=min(max(number, 1), MAX_PAGE), per_page=min(max(per_page, 1), MAX_PER_PAGE)
    )


def search_from(*, query: QueryDict) -> str:
    return query.get("search", "").strip()


def service_filters_from(*, query: QueryDict) -> ServiceFilters:
    postcode = "".join(query.get("postcode", "").split())
    # Metres around the postcode's centre; without a postcode, or no distance, left out.
    metres = _proximity_metres(query.get("proximity", "").strip())
    point = postcode_point(postcode) if postcode and metres else None
    near = Nearby(point=point, radius_km=metres / 1000) if point and metres else None
    return ServiceFilters(
        search=search_from(query=query),
        taxonomy_term_id=_optional_id(query, "taxonomy_term_id"),
        taxonomy_id=_optional_id(query, "taxonomy_id"),
        organization_id=_optional_id(query, "organization_id"),
        modified_after=_modified_after(query),
        minimum_age=_age(query, "minimum_age"),
        maximum_age=_age(query, "maximum_age"),
        day=_day(query),
        start_time=_time(query, "start_time"),
        end_time=_time(query, "end_time"),
        postcode=postcode if near is None else "",
        near=near,
    )


def term_filters_from(*, query: QueryDict) -> TermFilters:
    top_only = query.get("top_only", "").strip().lower()
    if top_only and top_only not in _TRUE | _FALSE:
        raise InvalidParameter("top_only", _("„top_only“ muss true oder false sein."))
    return TermFilters(
        search=search_from(query=query),
        taxonomy_id=_optional_id(query, "taxonomy_id"),
        parent_id=_optional_id(query, "parent_id"),
        top_only=top_only in _TRUE,
    )


def _integer(query: QueryDict, name: str, *, default: int) -> int:
    value = query.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidParameter(
            name, _("„%(name)s“ muss eine ganze Zahl sein.") % {"name": name}
        ) from None


def _optional_id(query: QueryDict, name: str) -> uuid.UUID | None:
    value = query.get(name, "").strip()
    if not value:
        return None
    return parse_id(value=value) or NO_MATCH


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _age(query: QueryDict, name: str) -> float | None:
    value = query.get(name, "").strip()
    if not value:
        return None
    age = _number(value)
    if age is None or not 0 <= age <= MAX_AGE:
        raise InvalidParameter(
            name,
            _("„%(name)s“ muss eine Zahl von 0 bis %(max)d sein.") % {"name": name, "max": MAX_AGE},
        )
    return age


def _proximity_metres(value: str) -> float | None:
    """A distance in metres, at most MAX_PROXIMITY_METRES; None for none or no distance."""
    metres = _number(value) if value else None
    if metres is None or metres <= 0:
        return None
    return min(metres, MAX_PROXIMITY_METRES)


def _modified_after(query: QueryDict) -> dt.datetime | None:
    # An unencoded "+01:00" arrives as " 01:00"; RFC 3339 also allows a small "t" and "z".
    value = query.get("modified_after", "").strip().replace(" ", "+").upper()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = dt.datetime.combine(day, dt.time())
    if moment is None:
        raise InvalidParameter(
            "modified_after",
            _(
                "„modified_after“ muss ein Zeitpunkt nach ISO 8601 sein, "
                "zum Beispiel 2026-01-31T12:00:00Z."
            ),
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59, which RFC 3339 allows.
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        # Before the calendar's first day or after its last once in UTC.
        return (dt.datetime.min if moment.year == 1 else dt.datetime.max).replace(tzinfo=dt.UTC)


def _day(query: QueryDict) -> str:
    value = query.get("day", "").strip().lower()
    if not value:
        return ""
    if value.upper() in DAY_CODES:
        return value.upper()
    if value in _DAY_NAMES:
        return _DAY_NAMES[value]
    raise InvalidParameter(
        "day", _("„day“ muss ein Wochentag sein: MO, TU, WE, TH, FR, SA oder SU.")
    )


def _time(query: QueryDict, name: str) -> dt.time | None:
    value = query.get(name, "").strip()
    if not value:
        return None
    try:
        if _TIME.fullmatch(value):
            return dt.time.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidParameter(name, _("„%(name)s“ muss eine Uhrzeit wie 09:30 sein.") % {"name": name})
