import datetime as dt
import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lotse.directory import hours
from lotse.directory.models import Lexeme, SearchEntry, Service, TaxonomyTerm
from lotse.directory.text import query_groups

PAGE_SIZE = 20


def _offer_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "phones",
        "schedules",
        "closures",
        "languages",
        "terms",
        Prefetch("service_at_locations__location"),
        "service_at_locations__location__addresses",
        "service_at_locations__location__accessibility",
    )


def offer_get(*, offer_id) -> Service:
    """A public offer; archived ones answer 404 like missing ones."""
    try:
        return _offer_queryset().get(id=offer_id, status=Service.Status.ACTIVE)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_offer(actor, offer_id) -> Service:
    """An offer the actor may edit; others answer 404."""
    try:
        offer = _offer_queryset().get(id=offer_id)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("directory.change_offer", offer):
        raise Http404
    return offer


def _correct_typo(token: str, vocabulary: list[str]) -> str:
    if len(token) < 5:
        return token
    limit = 1 if len(token) < 8 else 2
    found = process.extractOne(token, vocabulary, scorer=OSA.distance, score_cutoff=limit)
    return found[0] if found else token


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    topic: str = ""
    area: str = ""
    free: bool = False
    barrier_free: bool = False
    language: str = ""
    open_now: bool = False
    near: tuple[float, float] | None = None
    radius_km: float | None = None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


def offer_search(*, filters: SearchFilters, page: int = 1, now: dt.datetime) -> Page:
    entries = SearchEntry.objects.all()
    groups = query_groups(filters.text)
    known = set(
        Lexeme.objects.filter(term__in=[t for g in groups for t in g]).values_list(
            "term", flat=True
        )
    )
    vocabulary: list[str] | None = None
    for group in groups:
        if len(group) == 1 and group[0] not in known:
            if vocabulary is None:
                vocabulary = list(Lexeme.objects.values_list("term", flat=True))
            group = (_correct_typo(group[0], vocabulary),)
        for token in group:
            entries = entries.filter(document__contains=f" {token} ")
    for flag, token in (
        (filters.topic, f"_t_{filters.topic}"),
        (filters.area, f"_a_{filters.area}"),
        (filters.free, "_kostenlos"),
        (filters.barrier_free, "_stufenlos"),
        (filters.language, f"_l_{filters.language}"),
    ):
        if flag:
            entries = entries.filter(document__contains=f" {token} ")
    rows = list(
        entries.order_by("service__name").values_list("service_id", "latitude", "longitude")
    )
    if filters.near and filters.radius_km:
        rows = [
            r
            for r in rows
            if r[1] is not None and _distance_km(filters.near, (r[1], r[2])) <= filters.radius_km
        ]
    if filters.near:
        rows.sort(
            key=lambda r: _distance_km(filters.near, (r[1], r[2])) if r[1] is not None else 1e9
        )
    ids = [r[0] for r in rows]
    if filters.open_now:
        services = _offer_queryset().filter(id__in=ids)
        open_ids = {
            s.id
            for s in services
            if hours.is_open(list(s.schedules.all()), list(s.closures.all()), now)
        }
        ids = [i for i in ids if i in open_ids]
    paginator = Paginator(ids, PAGE_SIZE)
    result = paginator.get_page(page)
    by_id = {s.id: s for s in _offer_queryset().filter(id__in=list(result.object_list))}
    result.object_list = [by_id[i] for i in result.object_list]
    return result


def topic_list() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__name="Themen", parent=None)


def review_queue(*, today: dt.date) -> QuerySet[Service]:
    """Offers not verified for 12 months, oldest first."""
    cutoff = today - dt.timedelta(days=365)
    return (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .filter(Q(last_verified_at__lt=cutoff) | Q(last_verified_at=None))
        .select_related("organization")
        .order_by("last_verified_at", "name")
    )
