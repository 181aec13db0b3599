import datetime as dt
import re
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lotse.core.models import Area, Membership, Role
from lotse.core.permissions import refuse_object
from lotse.core.rules import EDITOR_ROLES, staff_reach
from lotse.directory import hours
from lotse.directory.geo import distance_km
from lotse.directory.models import (
    TARGET_GROUPS,
    TOPICS,
    Location,
    SavedService,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from lotse.directory.rules import LOCAL_KEEPER_ROLES
from lotse.directory.search import index as search_index
from lotse.directory.search.query import Correction, TextQuery, text_query
from lotse.directory.search.text import MAX_WORD_LENGTH, flag, hour_flag, word_stem

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


@dataclass(frozen=True)
class ShownCorrection:
    """A corrected typo as the page shows it: the word typed and the word searched for."""

    typed: str
    shown: str


@dataclass
class SearchResult:
    page: Page
    # More offers matched than were counted (see search_index.CANDIDATE_LIMIT).
    capped: bool
    # Query words that no offer contains and that are no typo of a word that one does.
    ignored: list[str]
    distances_km: dict[uuid.UUID, float]
    # The query words searched for (as typed, lower case).
    used: list[str] = field(default_factory=list)
    corrections: list[ShownCorrection] = field(default_factory=list)
    # The text was cut to its beginning (search_query.MAX_QUERY_LENGTH, MAX_QUERY_WORDS).
    shortened: bool = False
    # Fewer offers than a page hold every word: after them (or alone when none does) come
    # offers holding some of them, the most first.
    partial: bool = False
    # With `partial`: how many offers hold every word.
    complete: int = 0


def max_page() -> int:
    """No page lies beyond this: at most CANDIDATE_LIMIT matches are counted."""
    return search_index.CANDIDATE_LIMIT // PAGE_SIZE + 1


def page_number(value: object) -> int:
    """A page number from any input: 1 when it is no number, at most max_page()."""
    try:
        number = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(number, 1), max_page())


def _open_ids(ids: list[uuid.UUID], now: dt.datetime) -> set[uuid.UUID]:
    """The offers among `ids` open at `now`. One query reads their rules, each with the
    closures of its offer that have not ended (an offer without rules is never open), as plain
    rows: through the ORM, with model instances, it cost more than the check itself, and
    "open now" checks dozens of offers per search."""
    if not ids:
        return set()
    rules: dict[uuid.UUID, set[hours.Rule]] = defaultdict(set)
    closures: dict[uuid.UUID, set[hours.ClosedDays]] = defaultdict(set)
    sql = (
        "SELECT s.service_id, s.freq, s.byday, s.opens_at, s.closes_at, s.valid_from, "
        "s.valid_to, c.starts_on, c.ends_on FROM directory_schedule s "
        "LEFT JOIN directory_closure c ON c.service_id = s.service_id AND c.ends_on >= %s "
        f"WHERE s.service_id IN ({', '.join(['%s'] * len(ids))})"
    )
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute(sql, [now.date(), *(i.hex if sqlite else i for i in ids)])
        rows = cursor.fetchall()
    for service_id, *rule, starts_on, ends_on in rows:
        offer = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(service_id)
        rules[offer].add(hours.Rule(*rule))
        if starts_on is not None:
            closures[offer].add(hours.ClosedDays(starts_on, ends_on))
    return {i for i in ids if hours.is_open(rules[i], closures[i], now)}


def _offer_page(id_page: Page, ids: list[uuid.UUID], *, load: bool = True) -> Page[Service]:
    """The page of the paginator, showing the offers behind the ids with what a result card
    needs as plain lists: `card_schedules`, `card_closures` and `card_links` (with their
    locations). Lists rather than prefetched managers: Django builds a queryset per offer and
    relation for those, which took a third of a search's time. Without `load` the page holds
    the ids alone (the search page reads its cards through cards.py)."""
    if not load:
        id_page.object_list = list(ids)
        return cast("Page[Service]", id_page)
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
    near: tuple[float, float] | None,
    load: bool = True,
) -> SearchResult:
    """Open offers in the matches' order, checking hours only until the asked page and one
    more are full; when it stops early the count says "more than"."""
    wanted = (max(page, 1) + 1) * PAGE_SIZE
    open_ids: list[uuid.UUID] = []
    places: dict[uuid.UUID, search_index.Candidate] = {}
    start = 0
    chunk = open_now_first_chunk(page)
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
        page=_offer_page(id_page, ids, load=load),
        capped=capped,
        ignored=[],
        distances_km=_distances(near, [places[i] for i in ids]),
    )


def open_now_first_chunk(page: int) -> int:
    """How many matches "open now" reads first for a page: most offers with hours on this
    weekday are open at a given time, so a little more than the pages up to the next one (it
    then takes bigger steps)."""
    return (max(page, 1) + 2) * PAGE_SIZE


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


def _word_matches(
    query: TextQuery,
    flags: list[str],
    *,
    window: tuple[int, int],
    near: tuple[float, float] | None = None,
    radius_km: float | None = None,
    by_distance: bool = False,
) -> tuple[search_index.Matches, int | None]:
    """The matches of the words and filter flags, and how many hold every word when fewer
    than a page do and offers holding only some of the words follow them (the most first);
    None when all matches hold every word. The `window` the caller reads first is read here,
    so that the count comes with it in one query."""
    terms = query.terms()
    matches = _matches([*terms, *flags], (), near, radius_km, by_distance, bool(terms))
    matches.fetch(*window)
    if len(query.groups) < 2 or len(matches) >= PAGE_SIZE:
        return matches, None
    complete = len(matches)
    nearest = bool(near and by_distance)
    if complete and nearest:
        # Nearest first would mix offers holding some words among those holding all.
        return matches, None
    some = _matches(flags, query.groups, near, radius_km, by_distance, True)
    if complete and not some.ranked_all:
        # The database ranks only the first matches its index yields; those holding every
        # word might not be among them.
        return matches, None
    return some, complete


def _matches(
    tokens: list,
    some: tuple | list,
    near: tuple[float, float] | None,
    radius_km: float | None,
    by_distance: bool,
    has_words: bool,
) -> search_index.Matches:
    if near and (by_distance or not has_words):
        # Without words there is no better order than the nearest first.
        return search_index.NearestMatches(tokens, near=near, radius_km=radius_km, some=some)
    if near and radius_km:
        return search_index.CircleMatches(tokens, near=near, radius_km=radius_km, some=some)
    return search_index.RankedMatches(tokens, by_name=not has_words, some=some)


def offer_search(
    *, filters: SearchFilters, page: int = 1, now: dt.datetime, load_offers: bool = True
) -> SearchResult:
    """Active offers matching the words and filters: best match (or nearest) first.
    Without `load_offers` the page holds the offers' ids instead of the offers.

    The same search serves every door: the search page, the desk and the HSDS API
    (`offer_ids_matching`). Its work is bounded whatever is typed (search/query.py).
    """
    query = text_query(filters.text)
    page = page_number(page)
    if query.ignored and not query.groups:
        empty = Paginator(list[Service](), PAGE_SIZE).get_page(1)
        return _described(
            SearchResult(page=empty, capped=False, ignored=[], distances_km={}), query
        )
    flags = [
        token
        for wanted, token in (
            (filters.topic, flag("t", filters.topic)),
            (filters.target_group, flag("t", filters.target_group)),
            (filters.area, flag("a", filters.area)),
            (filters.free, flag("kostenlos")),
            (filters.barrier_free, flag("stufenlos")),
            (filters.language, flag("l", filters.language)),
            (filters.weekday, flag("d", filters.weekday)),
            (filters.open_now, hour_flag(hours.DAY_CODES[now.weekday()], now.hour)),
        )
        if wanted
    ]
    flags = list(dict.fromkeys(flags))
    near = filters.near
    if not query.groups and not flags and not near:
        return _described(
            _by_name_search(page=page, now=now, open_now=filters.open_now, load=load_offers),
            query,
        )
    # The index ranks and pages; nothing is sorted in Python.
    # The first window read: the page, or what _open_now_search reads first.
    window = (
        (0, open_now_first_chunk(page))
        if filters.open_now
        else ((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    )
    matches, complete = _word_matches(
        query,
        flags,
        window=window,
        near=near,
        radius_km=filters.radius_km,
        by_distance=filters.by_distance,
    )
    if filters.open_now:
        result = _open_now_search(matches, page=page, now=now, near=near, load=load_offers)
    else:
        matches.fetch((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        id_page = Paginator(matches, PAGE_SIZE).get_page(page)
        found = list(id_page.object_list)
        result = SearchResult(
            page=_offer_page(id_page, [c.service_id for c in found], load=load_offers),
            capped=matches.capped,
            ignored=[],
            distances_km=_distances(near, found),
        )
    result.partial = complete is not None
    result.complete = complete or 0
    return _described(result, query)


def offer_ids_matching(*, text: str) -> list[uuid.UUID] | None:
    """The ids of active offers that the search page finds for `text`, best match first (at
    most search_index.CANDIDATE_LIMIT); None when the text has no word to search for. For
    doors that combine the words with filters of their own (the HSDS API)."""
    query = text_query(text)
    if not query.groups:
        return [] if query.ignored else None
    matches, _partial = _word_matches(query, [], window=(0, search_index.CANDIDATE_LIMIT))
    return [c.service_id for c in matches.fetch(0, search_index.CANDIDATE_LIMIT)]


def offer_id_window(*, text: str, start: int, stop: int) -> tuple[list[uuid.UUID], int] | None:
    """The ids start:stop of `offer_ids_matching` and how many there are, reading only those:
    for a door that adds no filter of its own. None when the text has no word to search for."""
    query = text_query(text)
    if not query.groups:
        return ([], 0) if query.ignored else None
    window = (min(start, search_index.CANDIDATE_LIMIT), stop)
    matches, _partial = _word_matches(query, [], window=window)
    if start >= search_index.CANDIDATE_LIMIT:
        return [], len(matches)
    return [c.service_id for c in matches.fetch(start, stop)], len(matches)


def _described(result: SearchResult, query: TextQuery) -> SearchResult:
    """The result with what the page tells about the words: used, left out, corrected."""
    result.used = query.used
    result.ignored = query.ignored
    result.shortened = query.shortened
    offers = [o for o in result.page.object_list if isinstance(o, Service)]
    result.corrections = [
        ShownCorrection(typed=c.typed, shown=_shown_word(c, offers)) for c in query.corrections
    ]
    return result


_SHOWN_WORD = re.compile(r"[^\W\d_]+")
# Only the name and the beginning of the description are read for the word to show.
_SHOWN_TEXT = 400


def _shown_word(correction: Correction, offers: list[Service]) -> str:
    """The word of a found offer's name or description that a corrected typo stands for
    ("Pflegeberatung" for the stem "pflegeberat"), or the stem when none on the page has it."""
    stem = correction.stem
    found = _word_in(stem, offers)
    if found is None:
        # None of the offers shown has the word: a few that have it do.
        holding = search_index.holding(token=stem, limit=3)
        found = _word_in(
            stem, list(Service.objects.filter(id__in=holding).only("name", "description"))
        )
    return found or stem


def _word_in(stem: str, offers: list[Service]) -> str | None:
    for offer in offers:
        text = unicodedata.normalize("NFKC", f"{offer.name} {offer.description[:_SHOWN_TEXT]}")
        for word in _SHOWN_WORD.findall(text):
            lower = word.lower()
            # A stem is never longer than its word and keeps its first letter (but umlauts).
            if len(lower) < len(stem) or lower[0].translate(_PLAIN) != stem[0]:
                continue
            if len(lower) <= MAX_WORD_LENGTH and word_stem(lower) == stem:
                return word
    return None


_PLAIN = str.maketrans("äöü", "aou")


def _by_name_search(
    *, page: int, now: dt.datetime, open_now: bool, load: bool = True
) -> SearchResult:
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
    offers = _offer_page(id_page, list(id_page.object_list), load=load)
    return SearchResult(page=offers, capped=capped, ignored=[], distances_km={})


def quarter_by_slug(*, slug: str) -> Area | None:
    """A quarter named by a cookie or an address; None for anything else."""
    slug = slug[:80]
    return Area.objects.filter(kind=Area.Kind.QUARTER, slug=slug).first() if slug else None


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
    """Active offers the actor may edit (directory.change_offer, lotse/directory/rules.py):
    their organisations', every offer of the regions they coordinate and, for office staff and
    managers, those in their areas of organisations without editors of their own."""
    own = actor.memberships.filter(role__in=EDITOR_ROLES).values("organisation_id")
    allowed = Q(organization_id__in=own)
    coordinated = actor.memberships.filter(role=Role.REGION_COORDINATOR)
    allowed |= Q(organization__region_id__in=coordinated.values("organisation__region_id"))
    kept_by_themselves = Membership.objects.filter(role__in=EDITOR_ROLES).values("organisation_id")
    for region_id, areas in staff_reach(actor, LOCAL_KEEPER_ROLES):
        in_region = Q(organization__region_id=region_id) & ~Q(
            organization_id__in=kept_by_themselves
        )
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


def saved_service_list(*, user) -> list[SavedService]:
    """The user's Merkliste, last saved first, with what a card shows (archived offers too:
    the list says they are gone)."""
    return list(
        SavedService.objects.filter(user=user)
        .select_related("service__organization")
        .order_by("-created_at")
    )


def service_is_saved(*, user, service: Service) -> bool:
    return SavedService.objects.filter(user=user, service=service).exists()
