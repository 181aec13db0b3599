"""Ohana API CSV files (Code for America's directory, the ancestor of HSDS 1.0): a folder or
ZIP archive with organizations.csv, locations.csv, services.csv and the tables beside them,
without a datapackage.json. Each service sits at one location (`location_id`) and belongs to
that location's organisation; accessibility, languages, service areas and topics are
comma-separated lists. Ids are integers (or other strings) and become stable UUIDs.
"""

import uuid
from pathlib import PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.directory.interop.readers import hsds_fields as fields
from lotse.directory.interop.readers.csv_tables import CsvTablesReader
from lotse.directory.interop.readers.schedules import weekday_schedule
from lotse.directory.interop.readers.sources import Source, Table, read_table
from lotse.directory.interop.readers.values import Ids, accessibility_feature
from lotse.directory.interop.records import (
    AccessibilityRecord,
    Bundle,
    PhoneRecord,
    ServiceAreaRecord,
    ServiceAtLocationRecord,
    TaxonomyRecord,
    TermRecord,
)

FORMAT = gettext_lazy("Ohana (CSV-Dateien)")
ESSENTIAL = ("organizations.csv", "locations.csv", "services.csv")
_IGNORED = ("mail_addresses.csv", "holiday_schedules.csv", "programs.csv")
_OHANA_SERVICE_FIELDS = {"location_id", "website", "fees", "eligibility", "languages",
                         "service_areas", "taxonomy_ids"}  # fmt: skip


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class OhanaReader(CsvTablesReader):
    def __init__(self, *, source: Source, root: str, scope: str) -> None:
        self.source = source
        self.root = root
        self.bundle = Bundle(format=str(FORMAT))
        self.notes = self.bundle.notes
        self.ids = Ids(strict=False, scope=f"{scope}/ohana")
        self.unknown = fields.Unknown()
        self.names = set(source.names())
        self.location_orgs: dict[uuid.UUID, uuid.UUID | None] = {}
        self.left_out: dict[str, int] = {}

    def _path(self, name: str) -> str:
        return str(PurePosixPath(self.root) / name)

    def table(self, name: str, *, columns: str) -> Table | None:
        if self._path(name) not in self.names:
            if name in ESSENTIAL:
                self.notes.error(
                    _("Die Datei %(file)s fehlt. Ohne sie ist kein Import möglich.")
                    % {"file": name}
                )
            return None
        return self._with_columns(read_table(self.source, self._path(name)), columns)

    def read(self) -> Bundle:
        table = self.table("organizations.csv", columns="id name")
        for row in self.rows(table, _("Organisationen"), fields.ORGANISATION_FIELDS):
            if org_id := self._id(row, "organization"):
                self.bundle.organisations[org_id] = fields.organisation_record(
                    row, id=org_id, where=row.where
                )
        self.locations()
        self.services()
        self.children()
        self.schedules()
        self.terms()
        present = [name for name in _IGNORED if self._path(name) in self.names]
        if present:
            self.notes.warn(
                _("Diese Dateien werden nicht übernommen: %(files)s.")
                % {"files": ", ".join(present)}
            )
        if self.left_out.get("phones"):
            self.notes.warn(
                _(
                    "Telefonnummern ohne Angebot und Ort nicht übernommen (wir speichern sie an "
                    "Angeboten und Orten): %(count)d."
                )
                % {"count": self.left_out["phones"]}
            )
        if self.left_out.get("contacts"):
            self.notes.warn(
                _(
                    "Ansprechpersonen ohne Angebot nicht übernommen (wir speichern sie an "
                    "Angeboten): %(count)d."
                )
                % {"count": self.left_out["contacts"]}
            )
        self.unknown.report(self.bundle)
        return self.bundle

    def locations(self) -> None:
        table = self.table("locations.csv", columns="id organization_id name")
        known = fields.LOCATION_FIELDS | {"accessibility", "virtual"}
        for row in self.rows(table, _("Orte"), known):
            location_id = self._id(row, "location")
            if location_id is None:
                continue
            org_id = row.id("organization_id", table="organization")
            self.location_orgs[location_id] = org_id
            record = fields.location_record(
                row, id=location_id, organisation_id=org_id, where=row.where
            )
            record.location_type = "virtual" if row.boolean("virtual") else "physical"
            record.organisation_ref = row.text("organization_id")
            self.bundle.locations[location_id] = record
            self.bundle.give("location.accessibility", location_id)
            record.accessibility_description = ""
            for word in _split(row.text("accessibility")):
                feature = accessibility_feature(word)
                if feature is None:
                    fields.accessibility_text(
                        self.bundle, location_id=location_id, text=word, where=row.where
                    )
                    continue
                access_id = self.ids.derived("accessibility", location_id, feature)
                self.bundle.accessibility[access_id] = AccessibilityRecord(
                    access_id, location_id, feature, row.where
                )

    def services(self) -> None:
        table = self.table("services.csv", columns="id location_id name")
        known = fields.SERVICE_FIELDS | _OHANA_SERVICE_FIELDS
        for row in self.rows(table, _("Angebote"), known):
            service_id = self._id(row, "service")
            location_id = row.id("location_id", table="location")
            if service_id is None:
                continue
            org_id = self.location_orgs.get(location_id) if location_id else None
            service = fields.service_record(
                row,
                bundle=self.bundle,
                id=service_id,
                organisation_id=org_id,
                where=row.where,
                url_field="website",
            )
            if location_id in self.bundle.locations:
                # The organisation of the location, as the file names it (for a placeholder).
                service.organisation_ref = self.bundle.locations[location_id].organisation_ref
            for relation in ("service_at_locations", "languages", "service_areas", "terms"):
                self.bundle.give(f"service.{relation}", service_id)
            if location_id:
                link_id = self.ids.derived("service_at_location", service_id, location_id)
                self.bundle.service_at_locations[link_id] = ServiceAtLocationRecord(
                    link_id, service_id, location_id, row.where
                )
            for name in _split(row.text("languages")):
                fields.language_records(
                    name,
                    bundle=self.bundle,
                    id=self.ids.derived("language", service_id, name),
                    service_id=service_id,
                    where=row.where,
                )
            for name in _split(row.text("service_areas")):
                area_id = self.ids.derived("service_area", service_id, name)
                self.bundle.service_areas[area_id] = ServiceAreaRecord(
                    area_id, service_id, name, row.where
                )
            for code in _split(row.text("taxonomy_ids")):
                self.bundle.service_terms.add((service_id, self.ids(code, table="taxonomy")))

    def children(self) -> None:
        """Addresses, phones and contacts: each file there states them completely."""
        bundle = self.bundle
        table = self.table("addresses.csv", columns="id location_id address_1")
        if table is not None:
            for parent in bundle.locations:
                bundle.give("location.addresses", parent)
        for row in self.rows(table, _("Adressen"), fields.ADDRESS_FIELDS):
            address_id = self._id(row, "address")
            if address_id and (location_id := row.id("location_id", table="location")):
                bundle.addresses[address_id] = fields.address_record(
                    row, id=address_id, location_id=location_id
                )
        table = self.table("phones.csv", columns="id number")
        if table is not None:
            for parent in bundle.locations:
                bundle.give("location.phones", parent)
            for parent in bundle.services:
                bundle.give("service.phones", parent)
        known = set("id location_id service_id number extension number_type department".split())
        known |= {"country_prefix", "contact_id", "organization_id"}
        for row in self.rows(table, _("Telefonnummern"), known):
            phone_id = self._id(row, "phone")
            service_id = row.id("service_id", table="service")
            location_id = row.id("location_id", table="location")
            if phone_id and (service_id or location_id):
                number = " ".join(p for p in (row.text("country_prefix"), row.text("number")) if p)
                bundle.phones[phone_id] = PhoneRecord(
                    id=phone_id,
                    service_id=service_id,
                    location_id=location_id,
                    number=number,
                    where=row.where,
                    extension=row.text("extension"),
                    type=row.text("number_type") or "voice",
                    description=row.text("department"),
                )
            elif phone_id:
                self.left_out["phones"] = self.left_out.get("phones", 0) + 1
        table = self.table("contacts.csv", columns="id name")
        if table is not None:
            for parent in bundle.services:
                bundle.give("service.contacts", parent)
        known = fields.CONTACT_FIELDS | {"location_id", "organization_id", "department"}
        for row in self.rows(table, _("Ansprechpersonen"), known):
            contact_id = self._id(row, "contact")
            if contact_id and (service_id := row.id("service_id", table="service")):
                bundle.contacts[contact_id] = fields.contact_record(
                    row, id=contact_id, service_id=service_id
                )
            elif contact_id:
                self.left_out["contacts"] = self.left_out.get("contacts", 0) + 1

    def schedules(self) -> None:
        table = self.table("regular_schedules.csv", columns="id weekday opens_at closes_at")
        if table is not None:
            for parent in self.bundle.locations:
                self.bundle.give("location.schedules", parent)
            for parent in self.bundle.services:
                self.bundle.give("service.schedules", parent)
        known = {"id", "location_id", "service_id", "weekday", "opens_at", "closes_at"}
        for row in self.rows(table, _("Zeiten"), known):
            schedule_id = self._id(row, "schedule")
            service_id = row.id("service_id", table="service")
            location_id = row.id("location_id", table="location")
            if schedule_id and (service_id or location_id):
                weekday_schedule(
                    row,
                    bundle=self.bundle,
                    id=schedule_id,
                    service_id=service_id,
                    location_id=location_id,
                )

    def terms(self) -> None:
        """Ohana's taxonomy.csv; its ids (like "101-02") are the codes."""
        table = self.table("taxonomy.csv", columns="taxonomy_id name")
        taxonomy = TaxonomyRecord(None, _("Ohana-Themen"))
        known = {"taxonomy_id", "name", "parent_id", "parent_name"}
        for row in self.rows(table, _("Themen"), known):
            source_id = row.text("taxonomy_id")
            if not source_id:
                continue
            term_id = self.ids(source_id, table="taxonomy")
            parent_code = row.text("parent_id")
            self.bundle.terms[term_id] = TermRecord(
                id=term_id,
                code=fields.term_code(source_id),
                name=row.text("name"),
                taxonomy=taxonomy,
                where=row.where,
                parent_id=self.ids(parent_code, table="taxonomy") if parent_code else None,
            )
