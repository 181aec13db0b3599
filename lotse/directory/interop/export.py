"""The directory as an Open Referral HSDS 3.0 tabular datapackage: one CSV per table and a
`datapackage.json` that describes them.

- Only public data: active services and what belongs to them (their organisations, the
  locations where they are offered and those locations' details), and all taxonomy terms.
- Each table has the official HSDS 3.0 columns (TABLES, taken once from the specification's
  schema files), empty where we have no data. The values are those of the HSDS API
  (hsds/serialise.py), so the API and the export say the same; our German profile sits where
  the API puts it (cost in `fees_description`, the last check in `assured_date` …).
- Rows are sorted by id, attributes (whose ids are derived) by service and term, and the export
  runs in the directory's language, so two exports of the same data are byte-identical.
- The German profile's facts that HSDS has no field for (how an offer is reached, its
  Leichte-Sprache text, who helps, a location's quarter, an organisation's kind) follow the
  topics in attributes.csv, as attributes of the documented taxonomy "Quartierslotse-Profil"
  (profile.py), which taxonomies.csv and taxonomy_terms.csv carry.
- Rows are streamed in chunks: memory does not grow with the size of the directory.
"""

import csv
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import translation

from lotse.core.models import Organisation
from lotse.directory.hsds import serialise
from lotse.directory.interop import profile
from lotse.directory.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# Rows fetched per query while streaming a table.
CHUNK_SIZE = 2000

type Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """One HSDS table: its resource name, file and columns, with the columns that the official
    datapackage marks as required."""

    name: str
    path: str
    fields: tuple[str, ...]
    required: tuple[str, ...] = ("id",)


# The tables we write, in the order of the official datapackage; columns in official order.
TABLES = (
    Table(
        "organization",
        "organizations.csv",
        (
            *("id", "name", "alternate_name", "description", "email", "website", "tax_status"),
            *("tax_id", "year_incorporated", "legal_status", "logo", "uri"),
            "parent_organization_id",
        ),
        ("id", "name", "description"),
    ),
    Table(
        "service",
        "services.csv",
        (
            *("id", "organization_id", "program_id", "name", "alternate_name", "description"),
            *("url", "email", "status", "interpretation_services", "application_process"),
            *("fees_description", "wait_time", "fees", "accreditations"),
            *("eligibility_description", "minimum_age", "maximum_age", "assured_date"),
            *("assurer_email", "licenses", "alert", "last_modified"),
        ),
        ("id", "organization_id", "name", "status"),
    ),
    Table(
        "attribute",
        "attributes.csv",
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
        ("id", "link_id", "taxonomy_term_id", "link_entity"),
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        ("id", "service_id", "location_id", "description"),
        ("id", "service_id", "location_id"),
    ),
    Table(
        "location",
        "locations.csv",
        (
            *("id", "location_type", "url", "organization_id", "name", "alternate_name"),
            *("description", "transportation", "latitude", "longitude", "external_identifier"),
            "external_identifier_type",
        ),
        ("id", "location_type"),
    ),
    Table(
        "phone",
        "phones.csv",
        (
            *("id", "location_id", "service_id", "organization_id", "contact_id"),
            *("service_at_location_id", "number", "extension", "type", "description"),
        ),
        ("id", "number"),
    ),
    Table(
        "contact",
        "contacts.csv",
        (
            *("id", "organization_id", "service_id", "service_at_location_id", "location_id"),
            *("name", "title", "department", "email"),
        ),
    ),
    Table(
        "address",
        "addresses.csv",
        (
            *("id", "location_id", "attention", "address_1", "address_2", "city", "region"),
            *("state_province", "postal_code", "country", "address_type"),
        ),
        ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
    ),
    Table(
        "schedule",
        "schedules.csv",
        (
            *("id", "service_id", "location_id", "service_at_location_id", "valid_from"),
            *("valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval"),
            *("byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at"),
            *("closes_at", "schedule_link", "attending_type", "notes"),
        ),
    ),
    Table(
        "service_area",
        "service_areas.csv",
        ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    ),
    Table(
        "language",
        "languages.csv",
        ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    ),
    Table(
        "accessibility", "accessibility.csv", ("id", "location_id", "description", "details", "url")
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        (
            *("id", "code", "name", "description", "parent_id", "taxonomy", "language"),
            *("taxonomy_id", "term_uri"),
        ),
        ("id", "name", "description"),
    ),
    Table(
        "cost_option",
        "cost_options.csv",
        (
            *("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount"),
            "amount_description",
        ),
        ("id", "service_id"),
    ),
    Table(
        "taxonomy",
        "taxonomies.csv",
        ("id", "name", "description", "uri", "version"),
        ("id", "name", "description"),
    ),
)
# Table Schema types of the columns that are not plain strings (the same in every table).
_TYPES = {
    **dict.fromkeys(
        ("latitude", "longitude", "minimum_age", "maximum_age", "year_incorporated"), "number"
    ),
    **dict.fromkeys(("extension", "amount", "timezone", "count", "interval"), "number"),
    **dict.fromkeys(("assured_date", "valid_from", "valid_to", "dtstart", "until"), "date"),
    "last_modified": "datetime",
    "opens_at": "time",
    "closes_at": "time",
}
# Columns that hold the id of a row of another table, with that table.
_REFERENCES = {
    "organization_id": "organization",
    "program_id": "program",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
}
_FORMATS = {
    **dict.fromkeys(("id", "link_id", "parent_id", "parent_organization_id", *_REFERENCES), "uuid"),
    **dict.fromkeys(("email", "assurer_email"), "email"),
    **dict.fromkeys(("url", "website", "uri", "term_uri", "schedule_link"), "uri"),
}
# The one column the official datapackage gives no format where others of its name have one.
_UNFORMATTED = {("service_area", "uri")}


def _field(table: Table, name: str) -> Row:
    field: Row = {"name": name, "type": _TYPES.get(name, "string")}
    if name in _FORMATS and (table.name, name) not in _UNFORMATTED:
        field["format"] = _FORMATS[name]
    field["constraints"] = {"required": name in table.required}
    return field


def _resource(table: Table, written: set[str]) -> Row:
    foreign_keys = [
        {"fields": name, "reference": {"resource": _REFERENCES[name], "fields": "id"}}
        for name in table.fields
        if name in _REFERENCES and _REFERENCES[name] in written
    ]
    schema: Row = {
        "primaryKey": "id",
        "fields": [_field(table, name) for name in table.fields],
    }
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "path": table.path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": schema,
    }


def descriptor() -> Row:
    """The `datapackage.json` of an export, built from TABLES. A reference to a table we do not
    write (a service's `program_id`) is left out of the foreign keys."""
    written = {table.name for table in TABLES}
    return {
        "name": "quartierslotse",
        "title": "Quartierslotse",
        "profile": "tabular-data-package",
        # The HSDS version, as in the official example.
        "version": "3.0.0",
        "resources": [_resource(table, written) for table in TABLES],
    }


# Reads. Each table's rows come from one query (two for attributes), in chunks.


def _chunked[M: Model](rows: QuerySet[M]) -> Iterator[M]:
    return rows.order_by("id").iterator(chunk_size=CHUNK_SIZE)


@dataclass(frozen=True)
class _Scope:
    """The public rows the export holds, as querysets to filter the other tables with."""

    services: QuerySet[Service]
    locations: QuerySet[Location]

    @classmethod
    def of(cls, organisations: Iterable[Organisation] | None) -> Self:
        services = Service.objects.filter(status=Service.Status.ACTIVE)
        if organisations is not None:
            services = services.filter(organization__in=organisations)
        offered = ServiceAtLocation.objects.filter(service__in=services).values("location_id")
        return cls(services=services, locations=Location.objects.filter(id__in=offered))

    def owned(self) -> Q:
        """Phones and schedules of an exported service or location."""
        return Q(service__in=self.services) | Q(location__in=self.locations)


def _public_organisations(scope: _Scope) -> QuerySet[Organisation]:
    return Organisation.objects.filter(id__in=scope.services.values("organization_id"))


def _organizations(scope: _Scope) -> Iterator[Row]:
    for organisation in _chunked(_public_organisations(scope)):
        yield serialise.organization_list_item(organisation=organisation)


def _services(scope: _Scope) -> Iterator[Row]:
    for service in _chunked(scope.services):
        yield serialise.service_list_item(service=service, with_organization=False)


def _attributes(scope: _Scope) -> Iterator[Row]:
    """The topics and target groups of each service, as the API lists them. Read from the link
    table, with the few terms loaded once, instead of a term object per link."""
    terms = TaxonomyTerm.objects.select_related("taxonomy").in_bulk()
    links = (
        Service.terms.through.objects.filter(service__in=scope.services)
        .order_by("service_id", "taxonomyterm_id")
        .values_list("service_id", "taxonomyterm_id")
    )
    service: Service | None = None
    for service_id, term_id in links.iterator(chunk_size=CHUNK_SIZE):
        if term_id not in terms:  # added after the terms were read (SQLite has no snapshot)
            continue
        if service is None or service.id != service_id:
            service = Service(id=service_id)
        row = serialise._attribute(service, terms[term_id])
        del row["taxonomy_term"]
        yield row
    # The German profile's facts (profile.py): offers, then locations, then organisations.
    for offer in _chunked(scope.services):
        yield from profile.service_attributes(offer)
    for location in _chunked(scope.locations.select_related("quarter")):
        yield from profile.location_attributes(location)
    for organisation in _chunked(_public_organisations(scope)):
        yield from profile.organisation_attributes(organisation)


def _service_at_locations(scope: _Scope) -> Iterator[Row]:
    for link in _chunked(ServiceAtLocation.objects.filter(service__in=scope.services)):
        yield {
            "id": str(link.id),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
        }


def _locations(scope: _Scope) -> Iterator[Row]:
    for location in _chunked(scope.locations):
        yield serialise._location_fields(location)


def _accessibility(scope: _Scope) -> Iterator[Row]:
    """Our features, then each line of a location's free-text accessibility (an import's
    "Handicap accessible") as a row of its own, which the import reads back into the text."""
    rows = Accessibility.objects.filter(location__in=scope.locations)
    yield from _mapped(rows, serialise._accessibility)
    described = scope.locations.exclude(accessibility_description="")
    for location in _chunked(described.only("id", "accessibility_description")):
        for n, line in enumerate(location.accessibility_description.splitlines()):
            if line.strip():
                yield {
                    "id": str(uuid.uuid5(location.id, f"accessibility/{n}")),
                    "location_id": str(location.id),
                    "description": line.strip(),
                }


def _mapped[M: Model](rows: QuerySet[M], as_row: Callable[[M], Row]) -> Iterator[Row]:
    for row in _chunked(rows):
        yield as_row(row)


def _taxonomies() -> Iterator[Row]:
    for taxonomy in _chunked(Taxonomy.objects.all()):
        yield serialise.taxonomy(taxonomy=taxonomy)
    yield profile.TAXONOMY


def _taxonomy_terms() -> Iterator[Row]:
    for term in _chunked(TaxonomyTerm.objects.select_related("taxonomy")):
        row = serialise.taxonomy_term(term=term)
        del row["taxonomy_detail"]
        yield row
    yield from profile.taxonomy_terms()


def _sources(scope: _Scope) -> dict[str, Iterator[Row]]:
    """The rows of each table, by resource name."""
    services, locations = scope.services, scope.locations
    return {
        "organization": _organizations(scope),
        "service": _services(scope),
        "attribute": _attributes(scope),
        "service_at_location": _service_at_locations(scope),
        "location": _locations(scope),
        "phone": _mapped(Phone.objects.filter(scope.owned()), serialise._phone),
        "contact": _mapped(Contact.objects.filter(service__in=services), serialise._contact),
        "address": _mapped(Address.objects.filter(location__in=locations), serialise._address),
        "schedule": _mapped(Schedule.objects.filter(scope.owned()), serialise._schedule),
        "service_area": _mapped(
            ServiceArea.objects.filter(service__in=services).select_related("area"),
            serialise._service_area,
        ),
        "language": _mapped(Language.objects.filter(service__in=services), serialise._language),
        "accessibility": _accessibility(scope),
        "taxonomy_term": _taxonomy_terms(),
        "cost_option": _mapped(
            CostOption.objects.filter(service__in=services), serialise._cost_option
        ),
        "taxonomy": _taxonomies(),
    }


# Writing.


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_table(*, table: Table, rows: Iterator[Row], folder: Path) -> int:
    """Writes one CSV (UTF-8, comma, header row); a value for a column HSDS does not have is an
    error, not silently dropped."""
    count = 0
    with (folder / table.path).open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=table.fields, restval="", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: _cell(value) for name, value in row.items()})
            count += 1
    return count


@contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL every table is read from the same snapshot, so no row points to one that
    changed meanwhile. SQLite is read table by table: a long read transaction there would keep
    every writer waiting for the whole export."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def export_datapackage(
    *, folder: Path, organisations: Iterable[Organisation] | None = None
) -> dict[str, int]:
    """Writes the public directory (or the public offers of `organisations`) into `folder`,
    which must exist; files of the same name are replaced. Returns the rows per file."""
    scope = _Scope.of(organisations)
    counts: dict[str, int] = {}
    with translation.override(settings.LANGUAGE_CODE), _snapshot():
        sources = _sources(scope)
        for table in TABLES:
            counts[table.path] = _write_table(table=table, rows=sources[table.name], folder=folder)
    text = json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
    return counts
