"""Reads for the HSDS API, each with the relations its answer shows (no query per row).

Only active services are public; organisations are public through them, and so are the
locations where they are offered.
"""

import math
import uuid
from dataclasses import dataclass, replace

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lotse.core.models import Organisation
from lotse.directory.geo import distance_km
from lotse.directory.hsds.params import Nearby, Paging, ServiceFilters, TermFilters
from lotse.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.search import index as search_index
from lotse.directory.search.query import MAX_QUERY_WORDS, shorten
from lotse.directory.search.text import words
from lotse.directory.selectors import offer_id_window, offer_ids_matching


@dataclass(frozen=True)
class Found[T]:
    """One page of rows and the number of rows on all pages."""

    rows: list[T]
    total: int


def _public_services() -> QuerySet[Service]:
    return Service.objects.filter(status=Service.Status.ACTIVE)


def _located_services() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__status=Service.Status.ACTIVE)


def _full_locations() -> QuerySet[Location]:
    return Location.objects.prefetch_related("addresses", "accessibility", "phones", "schedules")


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy")


def _service_relations(prefix: str = "") -> list[str | Prefetch]:
    """What a full service shows besides its locations."""
    return [
        *(
            prefix + name
            for name in ("phones", "schedules", "languages", "contacts", "cost_options")
        ),
        prefix + "service_areas__area",
        Prefetch(prefix + "terms", queryset=_terms()),
    ]


def _words_match(text: str, fields: tuple[str, ...]) -> Q:
    """Every word of `text` (stop words left out) appears in one of the fields; like the
    offer search, only the beginning of a long text counts (search_query.shorten, at most
    MAX_QUERY_WORDS words), so no text makes the query long."""
    condition = Q()
    for word in list(dict.fromkeys(words(shorten(text)[0])))[:MAX_QUERY_WORDS]:
        in_any = Q()
        for field in fields:
            in_any |= Q(**{f"{field}__icontains": word})
        condition &= in_any
    return condition


def _search_ids(text: str) -> list[uuid.UUID] | None:
    """Active services that the search page finds for `text` (the same search: word forms,
    compounds, typos, and offers holding most of the words when none holds all), best match
    first; None when `text` has no word to search for. At most CANDIDATE_LIMIT are counted."""
    return offer_ids_matching(text=text)


def _rules(filters: ServiceFilters) -> QuerySet[Schedule]:
    """Current schedule rules of services on the day and within the times asked for.

    A `day` is a weekday, not a date, so holidays and closures (hours.intervals_on) do not
    apply; RFC 5545 day codes never contain one another, so the code is found in `byday`
    ("MO,TU", "1WE", "-1FR") by a substring match.
    """
    rules = Schedule.objects.filter(service__isnull=False).filter(
        Q(valid_to=None) | Q(valid_to__gte=timezone.localdate())
    )
    if filters.day:
        rules = rules.filter(byday__icontains=filters.day)
    if filters.start_time is not None:
        rules = rules.filter(opens_at__gte=filters.start_time)
    if filters.end_time is not None:
        rules = rules.filter(closes_at__lte=filters.end_time)
    return rules


def _filtered_services(filters: ServiceFilters) -> QuerySet[Service]:
    """Active services that meet every filter except `search` and the location filters."""
    services = _public_services()
    if filters.taxonomy_term_id:
        # A topic also finds the services filed under its subtopics, as on the search page.
        tagged = Service.objects.filter(
            Q(terms__id=filters.taxonomy_term_id) | Q(terms__parent_id=filters.taxonomy_term_id)
        )
        services = services.filter(id__in=tagged.values("id"))
    if filters.taxonomy_id:
        tagged = Service.objects.filter(terms__taxonomy_id=filters.taxonomy_id)
        services = services.filter(id__in=tagged.values("id"))
    if filters.organization_id:
        services = services.filter(organization_id=filters.organization_id)
    if filters.modified_after:
        services = services.filter(updated_at__gte=filters.modified_after)
    # The UK profile: "a minimum age of at least" and "a maximum age equal to or below" the
    # value; a service without that age does not meet it. Our ages are whole years.
    if filters.minimum_age is not None:
        services = services.filter(minimum_age__gte=math.ceil(filters.minimum_age))
    if filters.maximum_age is not None:
        services = services.filter(maximum_age__lte=math.floor(filters.maximum_age))
    if filters.day or filters.start_time is not None or filters.end_time is not None:
        services = services.filter(id__in=_rules(filters).values("service_id"))
    return services


def _locations_near(near: Nearby) -> list[uuid.UUID]:
    """Locations within the circle: the database narrows to its bounding box, geo.py decides."""
    box = search_index.bounding_box(near.point, near.radius_km)
    in_box = Location.objects.filter(
        latitude__range=(box.south, box.north), longitude__range=(box.west, box.east)
    ).values_list("id", "latitude", "longitude")
    return [
        location_id
        for location_id, latitude, longitude in in_box
        if latitude is not None
        and longitude is not None
        and distance_km(near.point, (latitude, longitude)) <= near.radius_km
    ]


def _location_condition(
    filters: ServiceFilters,
) -> QuerySet[Location, uuid.UUID] | list[uuid.UUID] | None:
    """The locations that `postcode` and `proximity` allow, or None when they are not given.

    HSDS checks a postcode alone against the service area; ours are areas without postcodes,
    so a postcode alone means a location with an address in that postcode.
    """
    if filters.near:
        return _locations_near(filters.near)
    if filters.postcode:
        in_postcode = Location.objects.filter(addresses__postal_code=filters.postcode)
        return in_postcode.values_list("id", flat=True)
    return None


def service_page(*, filters: ServiceFilters, paging: Paging) -> Found[Service]:
    """Matching services with their organisation: best match first when searching, else by
    name."""
    if filters.search and replace(filters, search="") == ServiceFilters():
        # Only words: the search's own page, without reading every match.
        window = offer_id_window(text=filters.search, start=paging.start, stop=paging.stop)
        if window is not None:
            page_ids, total = window
            by_id = Service.objects.select_related("organization").in_bulk(page_ids)
            return Found(rows=[by_id[i] for i in page_ids if i in by_id], total=total)
    services = _filtered_services(filters)
    locations = _location_condition(filters)
    if locations is not None:
        at = ServiceAtLocation.objects.filter(location_id__in=locations)
        services = services.filter(id__in=at.values("service_id"))
    ranked = _search_ids(filters.search)
    if ranked is None:
        ordered = services.select_related("organization").order_by("name", "id")
        return Found(rows=list(ordered[paging.start : paging.stop]), total=services.count())
    allowed = set(services.filter(id__in=ranked).values_list("id", flat=True))
    ids = [i for i in ranked if i in allowed]
    page_ids = ids[paging.start : paging.stop]
    by_id = Service.objects.select_related("organization").in_bulk(page_ids)
    return Found(rows=[by_id[i] for i in page_ids], total=len(ids))


def service_get(*, service_id: uuid.UUID) -> Service | None:
    """A fully nested public service, or None."""
    return (
        _public_services()
        .select_related("organization")
        .prefetch_related(
            *_service_relations(),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name", "id"
                ),
            ),
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__location__phones",
            "service_at_locations__location__schedules",
        )
        .filter(id=service_id)
        .first()
    )


def service_at_location_page(
    *, filters: ServiceFilters, paging: Paging
) -> Found[ServiceAtLocation]:
    """Where matching services are offered, by service and location name; `postcode` and
    `proximity` apply to each row's own location."""
    rows = _located_services().filter(service__in=_filtered_services(filters))
    locations = _location_condition(filters)
    if locations is not None:
        rows = rows.filter(location_id__in=locations)
    ranked = _search_ids(filters.search)
    if ranked is not None:
        rows = rows.filter(service_id__in=ranked)
    ordered = rows.select_related("service__organization", "location").order_by(
        "service__name", "location__name", "id"
    )
    return Found(rows=list(ordered[paging.start : paging.stop]), total=rows.count())


def service_at_location_get(*, service_at_location_id: uuid.UUID) -> ServiceAtLocation | None:
    return (
        _located_services()
        .select_related("service__organization", "location")
        .prefetch_related(
            *_service_relations("service__"),
            "location__addresses",
            "location__accessibility",
            "location__phones",
            "location__schedules",
        )
        .filter(id=service_at_location_id)
        .first()
    )


def _public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(id__in=_public_services().values("organization_id"))


def organization_page(*, search: str, paging: Paging) -> Found[Organisation]:
    """Organisations with public services whose name or description holds every word."""
    organisations = _public_organisations().filter(
        _words_match(search, ("name", "alternate_name", "description"))
    )
    ordered = organisations.order_by("name", "id")
    return Found(rows=list(ordered[paging.start : paging.stop]), total=organisations.count())


def organization_get(*, organization_id: uuid.UUID) -> Organisation | None:
    """An organisation with its public services and the locations where they are offered."""
    hosting = (
        _full_locations()
        .filter(id__in=_located_services().values("location_id"))
        .order_by("name", "id")
    )
    return (
        _public_organisations()
        .prefetch_related(
            Prefetch("services", queryset=_public_services().order_by("name", "id")),
            Prefetch("locations", queryset=hosting),
        )
        .filter(id=organization_id)
        .first()
    )


def taxonomy_page(*, search: str, paging: Paging) -> Found[Taxonomy]:
    taxonomies = Taxonomy.objects.filter(_words_match(search, ("name", "description")))
    ordered = taxonomies.order_by("name", "id")
    return Found(rows=list(ordered[paging.start : paging.stop]), total=taxonomies.count())


def taxonomy_get(*, taxonomy_id: uuid.UUID) -> Taxonomy | None:
    return Taxonomy.objects.filter(id=taxonomy_id).first()


def taxonomy_term_page(*, filters: TermFilters, paging: Paging) -> Found[TaxonomyTerm]:
    terms = _terms().filter(_words_match(filters.search, ("name", "code", "description")))
    if filters.taxonomy_id:
        terms = terms.filter(taxonomy_id=filters.taxonomy_id)
    if filters.parent_id:
        terms = terms.filter(parent_id=filters.parent_id)
    if filters.top_only:
        terms = terms.filter(parent=None)
    ordered = terms.order_by("taxonomy__name", "name", "id")
    return Found(rows=list(ordered[paging.start : paging.stop]), total=terms.count())


def taxonomy_term_get(*, taxonomy_term_id: uuid.UUID) -> TaxonomyTerm | None:
    return _terms().filter(id=taxonomy_term_id).first()
