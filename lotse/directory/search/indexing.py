"""The search entries of offers: the one place that builds search documents.

Reads the facts of up to a thousand offers with eight plain queries, so the same code serves
one edited offer (`services.search_index_service`) and an import of thousands.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from lotse.directory import hours
from lotse.directory.models import (
    Accessibility,
    Address,
    Language,
    Lexeme,
    Schedule,
    SearchChange,
    SearchEntry,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from lotse.directory.search.text import flag, hour_flag, search_document

CHUNK = 1000


def _chunks(ids: Iterable[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _grouped(rows: Iterable[tuple]) -> dict:
    """{first value: [rest of each row]} in the order of the rows."""
    found: dict = defaultdict(list)
    for key, *rest in rows:
        found[key].append(rest[0] if len(rest) == 1 else rest)
    return found


def _documents(chunk: list[uuid.UUID]) -> list[SearchEntry]:
    services = Service.objects.filter(id__in=chunk, status=Service.Status.ACTIVE).values_list(
        "id", "name", "alternate_name", "description", "cost", "organization__name"
    )
    # Ordered like `service.terms.all()` (TaxonomyTerm orders by name).
    terms = _grouped(
        Service.terms.through.objects.filter(service_id__in=chunk)
        .order_by("taxonomyterm__name")
        .values_list(
            "service_id", "taxonomyterm__name", "taxonomyterm__code", "taxonomyterm__parent__code"
        )
    )
    languages = _grouped(
        Language.objects.filter(service_id__in=chunk).values_list("service_id", "code")
    )
    rules = _grouped(
        Schedule.objects.filter(service_id__in=chunk).values_list(
            "service_id", "byday", "opens_at", "closes_at"
        )
    )
    links = _grouped(
        ServiceAtLocation.objects.filter(service_id__in=chunk).values_list(
            "service_id",
            "location_id",
            "location__latitude",
            "location__longitude",
            "location__quarter__slug",
            "location__quarter__parent__slug",
        )
    )
    location_ids = {link[0] for found in links.values() for link in found}
    cities = _grouped(
        Address.objects.filter(location_id__in=location_ids).values_list("location_id", "city")
    )
    step_free = set(
        Accessibility.objects.filter(
            location_id__in=location_ids, feature=Accessibility.Feature.STEP_FREE
        ).values_list("location_id", flat=True)
    )
    areas = _grouped(
        ServiceArea.objects.filter(service_id__in=chunk).values_list("service_id", "area__slug")
    )
    entries = []
    for service_id, name, alternate_name, description, cost, organisation in services:
        own_terms = terms.get(service_id, [])
        texts = [alternate_name, description, organisation, *[t[0] for t in own_terms]]
        flags = [flag("t", t[1]) for t in own_terms]
        flags += [flag("t", t[2]) for t in own_terms if t[2]]
        flags += [flag("l", code) for code in languages.get(service_id, [])]
        spans = [tuple(rule) for rule in rules.get(service_id, [])]
        days = {day[-2:] for byday, _o, _c in spans for day in byday.split(",") if day}
        flags += [flag("d", day) for day in sorted(days)]
        flags += [hour_flag(day, hour) for day, hour in hours.weekday_hours(spans)]
        lat = lon = None
        for location_id, latitude, longitude, quarter, parent in links.get(service_id, []):
            if latitude is not None and lat is None:
                lat, lon = latitude, longitude
            if quarter:
                flags.append(flag("a", quarter))
                if parent:
                    flags.append(flag("a", parent))
            texts += cities.get(location_id, [])
            if location_id in step_free:
                flags.append(flag("stufenlos"))
        flags += [flag("a", slug) for slug in areas.get(service_id, [])]
        if cost == Service.Cost.FREE:
            flags.append(flag("kostenlos"))
        document = search_document(name=name, text=" ".join(texts), flags=flags)
        entries.append(
            SearchEntry(service_id=service_id, document=document, latitude=lat, longitude=lon)
        )
    return entries


def search_entries_rebuild(*, service_ids: Iterable[uuid.UUID], change_rows: bool) -> int:
    """Rebuilds the search entries of these offers (archived ones leave the index); returns
    how many entries were written. `change_rows`: one SearchChange row per offer, for the
    tantivy copies; inside index.bulk_load() one row for all is written instead."""
    written = 0
    for chunk in _chunks(service_ids):
        entries = _documents(chunk)
        words = {t for e in entries for t in e.document.split() if not t.startswith("qf")}
        SearchEntry.objects.filter(service_id__in=chunk).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        Lexeme.objects.bulk_create(
            [Lexeme(term=t[:80]) for t in sorted(words)], ignore_conflicts=True, batch_size=1000
        )
        if change_rows:
            SearchChange.objects.bulk_create([SearchChange(service_id=i) for i in chunk])
        written += len(entries)
    return written
