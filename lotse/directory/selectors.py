import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lotse.core.models import Area
from lotse.core.permissions import refuse_object
from lotse.core.rules import EDITOR_ROLES, staff_reach
from lotse.directory import hours, search_index
from lotse.directory.geo import distance_km
from lotse.directory.models import (
    TARGET_GROUPS,
    TOPICS,
    Closure,
    Lexeme,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from lotse.directory.text import flag, hour_flag, query_groups, words

PAGE_SIZE = 20
# The home page checks the hours of this many offers to find a few still open today.
OPEN_TODAY_CANDIDATES = 200


def _offer_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "phones",
        "schedules",
        "closures",
        "languages",
        "terms__taxonomy",
        "contacts",
        "cost_options",
        "service_areas__area",
        Prefetch("service_at_locations__location"),
        "service_at_locations__location__addresses",
        "service_at_locations__location__accessibility",
    )


def directory_version() -> int:
    """Grows with every change of an offer (each change is a SearchChange row): the page cache
    keys public pages with it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM directory_searchchange")
        return cursor.fetchone()[0] or 0


def offer_get(*, offer_id) -> Service:
    """A public offer; archived ones answer 404 like missing ones."""
    try:
        return _offer_queryset().get(id=offer_id, status=Service.Status.ACTIVE)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_offer(actor, offer_id) -> Service:
    """An offer the actor may edit; others answer 403 or 404 (`refuse_object`)."""
    try:
        offer = _offer_queryset().get(id=offer_id)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("directory.change_offer", offer):
        refuse_object(actor, organisation_id=offer.organization_id)
    return offer


_vocabulary_cache: tuple[tuple[int, str] | None, list[str]] = (None, [])


def _vocabulary() -> list[str]:
    """Every indexed word. Typo fixing compares against all of them, so the list is kept in
    memory until a new word is indexed (words are only ever added, with rising ids)."""
    global _vocabulary_cache
    newest = Lexeme.objects.order_by("-id").values_list("id", "term").first()
    if newest != _vocabulary_cache[0]:
        _vocabulary_cache = (newest, list(Lexeme.objects.values_list("term", flat=True)))
    return _vocabulary_cache[1]


def access_location(actor, location_id) -> Location:
    """A location the actor may edit; others answer 403 or 404 (`refuse_object`)."""
    try:
        location = Location.objects.select_related("organization", "quarter").get(id=location_id)
    except (Location.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("directory.change_location", location):
        refuse_object(actor, organisation_id=location.organization_id)
    return location


def location_list_for(*, actor) -> QuerySet[Location]:
    """Locations of the organisations in which the actor works, with their addresses."""
    return (
        Location.objects.filter(
            organization__memberships__user=actor, organization__memberships__role__in=EDITOR_ROLES
        )
        .distinct()
        .select_related("organization", "quarter")
        .prefetch_related("addresses")
        .order_by("organization__name", "name")
    )


def _correct_typo(token: str) -> str | None:
    if len(token) < 5:
        return None
    limit = 1 if len(token) < 8 else 2
    vocabulary = _vocabulary()
    found = process.extractOne(token, vocabulary, scorer=OSA.distance, score_cutoff=limit)
    if found:
        return found[0]
    # A typo in the ending the stemmer would have cut ("Mittagstsich" -> stem "mittagst"): a
    # known stem of 6+ letters that starts the word with at most one slip, before a short tail.
    stems = [
        v
        for v in vocabulary
        if len(v) >= 6
        and 0 < len(token) - len(v) <= 4
        and OSA.distance(token[: len(v)], v, score_cutoff=1) <= 1
    ]
    return max(stems, key=len) if stems else None


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    topic: str = ""
    target_group: str = ""
    area: str = ""
    free: bool = False
    barrier_free: bool = False
    language: str = ""
    weekday: str = ""
    open_now: bool = False
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    by_distance: bool = False


@dataclass
class SearchResult:
    page: Page
    # More offers matched than were counted (see search_index.CANDIDATE_LIMIT).
    capped: bool
    # Query words that no offer contains and that are no typo of a word that one does.
    ignored: list[str]
    distances_km: dict[uuid.UUID, float]


def _text_tokens(text: str) -> tuple[list[str], list[str]]:
    """The tokens to require, and the query words left out because no offer knows them.

    Leaving unknown words out lets plain questions ("Wo kann ich turnen?") still find offers.
    """
    pairs = list(zip(words(text), query_groups(text), strict=True))
    known = set(
        Lexeme.objects.filter(term__in=[t for _, g in pairs for t in g]).values_list(
            "term", flat=True
        )
    )
    tokens: list[str] = []
    ignored: list[str] = []
    for word, group in pairs:
        if all(t in known for t in group):
            tokens += group
        elif len(group) == 1 and (fixed := _correct_typo(group[0])):
            tokens.append(fixed)
        else:
            ignored.append(word)
    return list(dict.fromkeys(tokens)), ignored


def _open_ids(ids: list[uuid.UUID], now: dt.datetime) -> set[uuid.UUID]:
    schedules: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    closures: dict[uuid.UUID, list[Closure]] = defaultdict(list)
    for schedule in Schedule.objects.filter(service_id__in=ids):
        if schedule.service_id:
            schedules[schedule.service_id].append(schedule)
    for closure in Closure.objects.filter(service_id__in=ids, ends_on__gte=now.date()):
        closures[closure.service_id].append(closure)
    return {i for i in ids if hours.is_open(schedules[i], closures[i], now)}


def _offer_page(id_page: Page, ids: list[uuid.UUID]) -> Page[Service]:
    """The page of the paginator, showing the offers behind the ids with what a result card
    needs as plain lists: `card_schedules`, `card_closures` and `card_links` (with their
    locations). Lists rather than prefetched managers: Django builds a queryset per offer and
    relation for those, which took a third of a search's time."""
    by_id = {
        s.id: s
        for s in Service.objects.filter(id__in=ids)
        .select_related("organization")
        .prefetch_related(
            Prefetch("schedules", to_attr="card_schedules"),
            Prefetch("closures", to_attr="card_closures"),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
                to_attr="card_links",
            ),
        )
    }
    offers = cast("Page[Service]", id_page)
    offers.object_list = [by_id[i] for i in ids if i in by_id]
    return offers


def _open_now_search(
    matches: search_index.Matches,
    *,
    page: int,
    now: dt.datetime,
    ignored: list[str],
    near: tuple[float, float] | None,
) -> SearchResult:
    """Open offers in the matches' order, checking hours only until the asked page and one
    more are full; when it stops early the count says "more than"."""
    wanted = (max(page, 1) + 1) * PAGE_SIZE
    open_ids: list[uuid.UUID] = []
    places: dict[uuid.UUID, search_index.Candidate] = {}
    start = 0
    # Most offers with hours on this weekday are open at a given time: start with a little
    # more than needed, then take bigger steps.
    chunk = wanted + PAGE_SIZE
    while len(open_ids) <= wanted and start < search_index.CANDIDATE_LIMIT:
        found = matches.fetch(start, start + chunk)
        if not found:
            break
        places.update((c.service_id, c) for c in found)
        is_open = _open_ids([c.service_id for c in found], now)
        open_ids += [c.service_id for c in found if c.service_id in is_open]
        start += chunk
        chunk *= 2
    capped = len(open_ids) > wanted
    id_page = Paginator(open_ids[:wanted], PAGE_SIZE).get_page(page)
    ids = list(id_page.object_list)
    return SearchResult(
        page=_offer_page(id_page, ids),
        capped=capped,
        ignored=ignored,
        distances_km=_distances(near, [places[i] for i in ids]),
    )


def _distances(
    near: tuple[float, float] | None, found: list[search_index.Candidate]
) -> dict[uuid.UUID, float]:
    if near is None:
        return {}
    return {
        c.service_id: distance_km(near, (c.latitude, c.longitude))
        for c in found
        if c.latitude is not None and c.longitude is not None
    }


def offer_search(*, filters: SearchFilters, page: int = 1, now: dt.datetime) -> SearchResult:
    """Active offers matching the words and filters: best match (or nearest) first."""
    tokens, ignored = _text_tokens(filters.text)
    if ignored and not tokens:
        empty = Paginator(list[Service](), PAGE_SIZE).get_page(1)
        return SearchResult(page=empty, capped=False, ignored=ignored, distances_km={})
    has_words = bool(tokens)
    for wanted, token in (
        (filters.topic, flag("t", filters.topic)),
        (filters.target_group, flag("t", filters.target_group)),
        (filters.area, flag("a", filters.area)),
        (filters.free, flag("kostenlos")),
        (filters.barrier_free, flag("stufenlos")),
        (filters.language, flag("l", filters.language)),
        (filters.weekday, flag("d", filters.weekday)),
        (filters.open_now, hour_flag(hours.DAY_CODES[now.weekday()], now.hour)),
    ):
        if wanted:
            tokens.append(token)
    near = filters.near
    tokens = list(dict.fromkeys(tokens))
    if not tokens and not near:
        return _by_name_search(page=page, now=now, open_now=filters.open_now)
    matches: search_index.Matches
    if near and (filters.by_distance or not has_words):
        # Without words there is no better order than the nearest first.
        matches = search_index.NearestMatches(tokens, near=near, radius_km=filters.radius_km)
    elif near and filters.radius_km:
        matches = search_index.CircleMatches(tokens, near=near, radius_km=filters.radius_km)
    else:
        matches = search_index.RankedMatches(tokens, by_name=not has_words)
    # The index ranks and pages; nothing is sorted in Python.
    if filters.open_now:
        return _open_now_search(matches, page=page, now=now, ignored=ignored, near=near)
    matches.fetch((max(page, 1) - 1) * PAGE_SIZE, max(page, 1) * PAGE_SIZE)
    id_page = Paginator(matches, PAGE_SIZE).get_page(page)
    found = list(id_page.object_list)
    return SearchResult(
        page=_offer_page(id_page, [c.service_id for c in found]),
        capped=matches.capped,
        ignored=ignored,
        distances_km=_distances(near, found),
    )


def _by_name_search(*, page: int, now: dt.datetime, open_now: bool) -> SearchResult:
    """Neither words, nor filters, nor a place: the first offers of the index, by name."""
    found = search_index.candidates(tokens=[], box=None, ranked=False)
    capped = len(found) > search_index.CANDIDATE_LIMIT
    ids = [c.service_id for c in found[: search_index.CANDIDATE_LIMIT]]
    names = dict(Service.objects.filter(id__in=ids).values_list("id", "name"))
    ids.sort(key=lambda i: names[i].casefold())
    if open_now:
        open_ids = _open_ids(ids, now)
        ids = [i for i in ids if i in open_ids]
    id_page = Paginator(ids, PAGE_SIZE).get_page(page)
    offers = _offer_page(id_page, list(id_page.object_list))
    return SearchResult(page=offers, capped=capped, ignored=[], distances_km={})


def open_today_list(*, area, now: dt.datetime, limit: int = 6) -> list[dict]:
    """Offers that are open or still open later today, in the area (or everywhere).

    The search index narrows the candidates to offers with hours on this weekday in the area;
    hours.py decides exactly.
    """
    tokens = [flag("d", hours.DAY_CODES[now.weekday()])]
    if area is not None and area.kind != Area.Kind.REGION:
        tokens.append(flag("a", area.slug))
    found = search_index.candidates(tokens=tokens, box=None, ranked=False)[:OPEN_TODAY_CANDIDATES]
    offers = (
        Service.objects.filter(id__in=[c.service_id for c in found])
        .select_related("organization")
        .prefetch_related("schedules", "closures")
        .order_by("name")
    )
    result = []
    for offer in offers:
        rules, closures = list(offer.schedules.all()), list(offer.closures.all())
        spans = hours.intervals_on(rules, closures, now.date())
        if any(end > now.time() for _start, end in spans):
            result.append({"offer": offer, "status": hours.status_text(rules, closures, now)})
            if len(result) == limit:
                break
    return result


def term_list(*, codes: list[str]) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(code__in=codes)


def target_group_list() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__name=TARGET_GROUPS).order_by("name")


def topic_list() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__name=TOPICS, parent=None)


def offer_list_for(*, actor) -> QuerySet[Service]:
    """Active offers the actor may edit: their organisations' and, for office staff, managers
    and coordinators, those of every organisation in their region."""
    own = actor.memberships.filter(role__in=EDITOR_ROLES).values("organisation_id")
    allowed = Q(organization_id__in=own)
    for region_id, areas in staff_reach(actor):
        in_region = Q(organization__region_id=region_id)
        if areas:
            in_region &= (
                Q(service_at_locations__location__quarter__in=areas)
                | Q(service_at_locations__location__quarter__parent__in=areas)
                | Q(service_areas__area__in=areas)
            )
        allowed |= in_region
    return (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .filter(id__in=Service.objects.filter(allowed).values("id"))
        .select_related("organization")
        .order_by("name")
    )


def review_queue(*, today: dt.date, actor=None) -> QuerySet[Service]:
    """Offers not verified for 12 months, oldest first; only the actor's when one is given."""
    cutoff = today - dt.timedelta(days=365)
    offers = offer_list_for(actor=actor) if actor else Service.objects.all()
    return (
        offers.filter(status=Service.Status.ACTIVE)
        .filter(Q(last_verified_at__lt=cutoff) | Q(last_verified_at=None))
        .select_related("organization")
        .order_by("last_verified_at", "name")
    )
