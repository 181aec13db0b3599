"""HSDS tabular data packages: `datapackage.json` and one CSV file per table, in version 3.0 or
in the older 1.x layout that real 211 exports use (`regular_schedule`, `physical_address`,
`services_taxonomy`, integer ids, hours as text). 2.0 packages read like 1.x.

The descriptor names the tables. Organisations and services are essential: without them the
import is refused. Any other table the descriptor names but the package lacks is reported,
and what it would hold stays as it is. A table that is there states its relation completely:
an offer's phones missing from phones.csv are removed.
"""

import json
import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lotse.directory.interop import profile
from lotse.directory.interop.readers import hsds_fields as fields
from lotse.directory.interop.readers.csv_tables import CsvTablesReader
from lotse.directory.interop.readers.schedules import (
    hours_records,
    schedule_records,
    weekday_schedule,
)
from lotse.directory.interop.readers.sources import Source, Table, read_table
from lotse.directory.interop.readers.values import Ids, Row, care_level_from_text
from lotse.directory.interop.records import (
    Bundle,
    ServiceAtLocationRecord,
    TaxonomyRecord,
    TermRecord,
)

FORMAT_3 = gettext_lazy("HSDS 3.0 (Datenpaket mit CSV-Dateien)")
FORMAT_1 = gettext_lazy("HSDS 1.x (Datenpaket mit CSV-Dateien)")
# Tables only the older versions have.
OLD_TABLES = set(
    "regular_schedule holiday_schedule physical_address postal_address services_taxonomy "
    "service_taxonomy accessibility_for_disabilities service_attribute".split()
)
# Free-text hours some 1.x exports carry on the service or location row.
HOURS_COLUMNS = ("hours", "hours_of_operation", "opening_hours", "schedule")
# Tables we read nothing from; named once in the report.
_IGNORED = set(
    "holiday_schedule postal_address funding program required_document payment_accepted "
    "metadata meta_table_description organization_identifier".split()
)
# What stays as it is when a table is missing, for the report.
_KINDS = {
    "location": gettext_lazy("Orte"),
    "service_at_location": gettext_lazy("Zuordnungen von Angeboten zu Orten"),
    "address": gettext_lazy("Adressen"),
    "physical_address": gettext_lazy("Adressen"),
    "phone": gettext_lazy("Telefonnummern"),
    "schedule": gettext_lazy("Zeiten"),
    "regular_schedule": gettext_lazy("Zeiten"),
    "language": gettext_lazy("Sprachen"),
    "contact": gettext_lazy("Ansprechpersonen"),
    "cost_option": gettext_lazy("Kostenangaben"),
    "accessibility": gettext_lazy("Angaben zur Barrierefreiheit"),
    "accessibility_for_disabilities": gettext_lazy("Angaben zur Barrierefreiheit"),
    "service_area": gettext_lazy("Einsatzgebiete"),
    "attribute": gettext_lazy("Themen der Angebote"),
    "services_taxonomy": gettext_lazy("Themen der Angebote"),
    "service_taxonomy": gettext_lazy("Themen der Angebote"),
    "taxonomy_term": gettext_lazy("Themen"),
    "taxonomy": gettext_lazy("Themen"),
}
_LEFT_OUT = {
    "phone": gettext_lazy(
        "Telefonnummern ohne Angebot und Ort nicht übernommen (wir speichern sie an Angeboten "
        "und Orten): %(count)d."
    ),
    "language": gettext_lazy(
        "Sprachen ohne Angebot nicht übernommen (wir speichern sie an Angeboten): %(count)d."
    ),
    "contact": gettext_lazy(
        "Ansprechpersonen ohne Angebot nicht übernommen (wir speichern sie an Angeboten): "
        "%(count)d."
    ),
    "attribute": gettext_lazy(
        "Merkmale von Orten oder Organisationen nicht übernommen (wir speichern Themen an "
        "Angeboten): %(count)d."
    ),
}


def is_old(descriptor: dict) -> bool:
    """1.x (or 2.0) by its table names; a package of only the core tables by its version."""
    names = {r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    if names & OLD_TABLES:
        return True
    new = names & {"schedule", "address", "attribute", "taxonomy_term"}
    return not str(descriptor.get("version", "3")).startswith("3") and not new


class TabularReader(CsvTablesReader):
    def __init__(self, *, source: Source, descriptor: dict, root: str, scope: str) -> None:
        self.source = source
        self.root = root
        self.old = is_old(descriptor)
        self.bundle = Bundle(format=str(FORMAT_1 if self.old else FORMAT_3))
        self.notes = self.bundle.notes
        # Integer ids of different packages in one region must not meet: the package's name
        # is part of the ids made from them.
        package = str(descriptor.get("name") or "hsds")
        self.ids = Ids(strict=not self.old, scope=f"{scope}/{package}")
        self.unknown = fields.Unknown()
        self.resources = {
            r["name"]: r
            for r in descriptor.get("resources", [])
            if isinstance(r, dict) and isinstance(r.get("name"), str)
        }
        self.names = set(source.names())
        self.left_out: dict[str, int] = {}
        # Tables the reader looked for; the descriptor's others are named in the report.
        self.asked: set[str] = set()
        # Tables found under their name elsewhere in the package: "path → where found".
        self.moved: list[str] = []

    def table(self, name: str, *, columns: str, essential: bool = False) -> Table | None:
        """The table the descriptor names, if the package has it and its `columns`."""
        self.asked.add(name)
        resource = self.resources.get(name)
        if resource is None:
            if essential:
                self.notes.error(
                    _(
                        "Im datapackage.json fehlt die Tabelle „%(table)s“. Ohne sie ist kein "
                        "Import möglich."
                    )
                    % {"table": name}
                )
            return None
        path = resource.get("path")
        if isinstance(path, list) and len(path) == 1:
            path = path[0]
        if not isinstance(path, str) or "://" in path or path.startswith("/") or ".." in path:
            self.notes.error(
                _("Die Tabelle „%(table)s“ hat keinen gültigen Pfad im datapackage.json.")
                % {"table": name}
            )
            return None
        full = self._find(name, path)
        if full is None:
            values = {"table": name, "file": path, "kind": _KINDS.get(name, name)}
            if essential:
                message = _(
                    "Die Tabelle „%(table)s“ (%(file)s) fehlt. Ohne sie ist kein Import möglich."
                )
                self.notes.error(message % values)
            else:
                message = _(
                    "Die Tabelle „%(table)s“ (%(file)s) fehlt in der Datei; %(kind)s bleiben, "
                    "wie sie sind."
                )
                self.notes.warn(message % values)
            return None
        dialect = resource.get("dialect")
        delimiter = dialect.get("delimiter") if isinstance(dialect, dict) else None
        table = read_table(
            self.source, full, delimiter=delimiter if isinstance(delimiter, str) else None
        )
        return self._with_columns(table, columns)

    def _find(self, table: str, path: str) -> str | None:
        """The file of a table: at the path the descriptor gives, or else the file of the same
        name in one of the package's folders (real exports name `organizations.csv` and ship
        `data/organizations.csv`), with a warning that says where it was found."""
        full = str(PurePosixPath(self.root) / path)
        if full in self.names:
            return full
        inside = PurePosixPath(self.root)
        file_name = PurePosixPath(path).name
        found = sorted(
            (
                n
                for n in self.names
                if PurePosixPath(n).name == file_name and PurePosixPath(n).is_relative_to(inside)
            ),
            key=lambda n: (len(PurePosixPath(n).parts), n),
        )
        if not found:
            return None
        if len(found) > 1 and len(PurePosixPath(found[0]).parts) == len(
            PurePosixPath(found[1]).parts
        ):
            self.notes.error(
                _(
                    "Die Tabelle „%(table)s“ liegt nicht unter %(file)s, und im Paket gibt es "
                    "mehrere Dateien dieses Namens: %(found)s. Bitte geben Sie den Pfad im "
                    "datapackage.json richtig an."
                )
                % {"table": table, "file": path, "found": ", ".join(found[:5])}
            )
            return None
        self.moved.append(f"{path} → {PurePosixPath(found[0]).relative_to(inside)}")
        return found[0]

    def _child_id(self, row: Row, table: str) -> uuid.UUID | None:
        """The row's id; a row of a child table without one (real 1.x exports leave it empty)
        gets a stable id made from the table and the row's content, so a second import of the
        same file meets the same row."""
        if row.text("id"):
            return self._id(row, table)
        content = json.dumps(
            sorted((k, str(v).strip()) for k, v in row.data.items() if k != "id" and v),
            ensure_ascii=False,
        )
        self.notes.warn_row(
            row.where, _("Kennung (id) fehlt – aus Tabelle und Inhalt der Zeile gebildet")
        )
        return self.ids.derived("row", table, content)

    def _organisation_id(self, row: Row) -> tuple[uuid.UUID | None, str]:
        """The organisation a service or location names, and its id as written; a row that
        names none is kept under one placeholder organisation of the package."""
        ref = row.text("organization_id")
        if not ref:
            return self.ids.derived("organization", "none"), ""
        return row.id("organization_id", table="organization"), ref

    def _give(self, table: Table | None, relation: str, parents: Iterable[uuid.UUID]) -> None:
        if table is not None:
            for parent in parents:
                self.bundle.give(relation, parent)

    def _leave_out(self, table: str) -> None:
        self.left_out[table] = self.left_out.get(table, 0) + 1

    def read(self) -> Bundle:
        self.organisations()
        self.services()
        self.locations()
        self.links()
        self.children()
        self.schedules()
        self.languages()
        self.eligibility()
        if self.old:
            self.terms_old()
        else:
            self.terms()
        ignored = sorted(n for n in self.resources if n in _IGNORED)
        if ignored:
            self.notes.warn(
                _("Diese Tabellen werden nicht übernommen: %(tables)s.")
                % {"tables": ", ".join(ignored)}
            )
        if self.moved:
            self.notes.warn(
                ngettext(
                    "%(count)d Tabelle liegt nicht dort, wo das datapackage.json sagt, und wurde "
                    "unter ihrem Namen im Paket gefunden und übernommen: %(tables)s.",
                    "%(count)d Tabellen liegen nicht dort, wo das datapackage.json sagt, und "
                    "wurden unter ihrem Namen im Paket gefunden und übernommen: %(tables)s.",
                    len(self.moved),
                )
                % {"count": len(self.moved), "tables": ", ".join(self.moved)}
            )
        unread = sorted(n for n in self.resources if n not in self.asked and n not in _IGNORED)
        if unread:
            self.notes.warn(
                _("Diese Tabellen kennen wir nicht; sie werden nicht übernommen: %(tables)s.")
                % {"tables": ", ".join(unread)}
            )
        for table, count in sorted(self.left_out.items()):
            self.notes.warn(_LEFT_OUT[table] % {"count": count})
        self.unknown.report(self.bundle)
        return self.bundle

    def organisations(self) -> None:
        table = self.table("organization", columns="id name", essential=True)
        for row in self.rows(table, _("Organisationen"), fields.ORGANISATION_FIELDS):
            org_id = self._id(row, "organization")
            if org_id in self.bundle.organisations:
                self.notes.error(
                    _("%(where)s: Die Kennung kommt zweimal vor.") % {"where": row.where}
                )
            elif org_id:
                self.bundle.organisations[org_id] = fields.organisation_record(
                    row, id=org_id, where=row.where
                )

    def services(self) -> None:
        table = self.table("service", columns="id name organization_id", essential=True)
        known = fields.SERVICE_FIELDS | set(HOURS_COLUMNS)
        for row in self.rows(table, _("Angebote"), known):
            service_id = self._id(row, "service")
            if service_id in self.bundle.services:
                self.notes.error(
                    _("%(where)s: Die Kennung kommt zweimal vor.") % {"where": row.where}
                )
            elif service_id:
                org_id, ref = self._organisation_id(row)
                record = fields.service_record(
                    row, bundle=self.bundle, id=service_id, organisation_id=org_id, where=row.where
                )
                record.organisation_ref = ref
                self.text_hours(row, service_id=service_id, location_id=None)

    def text_hours(
        self, row: Row, *, service_id: uuid.UUID | None, location_id: uuid.UUID | None
    ) -> None:
        for column in HOURS_COLUMNS:
            if text := row.text(column):
                parent = service_id or location_id
                hours_records(
                    text,
                    bundle=self.bundle,
                    id=self.ids.derived("hours", column, parent),
                    service_id=service_id,
                    location_id=location_id,
                    where=row.where,
                )

    def locations(self) -> None:
        table = self.table("location", columns="id")
        for row in self.rows(table, _("Orte"), fields.LOCATION_FIELDS | set(HOURS_COLUMNS)):
            if location_id := self._id(row, "location"):
                org_id, ref = self._organisation_id(row)
                record = fields.location_record(
                    row, id=location_id, organisation_id=org_id, where=row.where
                )
                record.organisation_ref = ref
                self.bundle.locations[location_id] = record
                self.text_hours(row, service_id=None, location_id=location_id)

    def links(self) -> None:
        table = self.table("service_at_location", columns="id service_id location_id")
        self._give(table, "service.service_at_locations", self.bundle.services)
        known = {"id", "service_id", "location_id"}
        for row in self.rows(table, _("Zuordnungen von Angeboten zu Orten"), known):
            link_id = self._child_id(row, "service_at_location")
            service_id = row.id("service_id", table="service")
            location_id = row.id("location_id", table="location")
            if link_id and service_id and location_id:
                self.bundle.service_at_locations[link_id] = ServiceAtLocationRecord(
                    link_id, service_id, location_id, row.where
                )

    def children(self) -> None:
        """Addresses, phones, contacts, cost options, accessibility and service areas."""
        bundle = self.bundle
        table = self.table("physical_address" if self.old else "address", columns="id location_id")
        self._give(table, "location.addresses", bundle.locations)
        for row in self.rows(table, _("Adressen"), fields.ADDRESS_FIELDS):
            address_id = self._child_id(row, "address")
            if address_id and (location_id := row.id("location_id", table="location")):
                bundle.addresses[address_id] = fields.address_record(
                    row, id=address_id, location_id=location_id
                )
        table = self.table("phone", columns="id number")
        self._give(table, "service.phones", bundle.services)
        self._give(table, "location.phones", bundle.locations)
        known = fields.PHONE_FIELDS | {"organization_id", "contact_id", "service_at_location_id"}
        for row in self.rows(table, _("Telefonnummern"), known):
            phone_id = self._child_id(row, "phone")
            service_id = row.id("service_id", table="service")
            location_id = row.id("location_id", table="location")
            if phone_id and (service_id or location_id):
                bundle.phones[phone_id] = fields.phone_record(
                    row, id=phone_id, service_id=service_id, location_id=location_id
                )
            elif phone_id:
                self._leave_out("phone")
        table = self.table("contact", columns="id")
        self._give(table, "service.contacts", bundle.services)
        known = fields.CONTACT_FIELDS | {"organization_id", "location_id", "service_at_location_id"}
        for row in self.rows(table, _("Ansprechpersonen"), known):
            contact_id = self._child_id(row, "contact")
            if contact_id and (service_id := row.id("service_id", table="service")):
                bundle.contacts[contact_id] = fields.contact_record(
                    row, id=contact_id, service_id=service_id
                )
            elif contact_id:
                self._leave_out("contact")
        table = self.table("cost_option", columns="id service_id")
        self._give(table, "service.cost_options", bundle.services)
        for row in self.rows(table, _("Kostenangaben"), fields.COST_OPTION_FIELDS):
            option_id = self._child_id(row, "cost_option")
            if option_id and (service_id := row.id("service_id", table="service")):
                bundle.cost_options[option_id] = fields.cost_option_record(
                    row, id=option_id, service_id=service_id
                )
        name = "accessibility_for_disabilities" if self.old else "accessibility"
        table = self.table(name, columns="id location_id")
        self._give(table, "location.accessibility", bundle.locations)
        if table is not None:
            for location in bundle.locations.values():
                location.accessibility_description = ""
        for row in self.rows(table, _("Angaben zur Barrierefreiheit"), fields.ACCESSIBILITY_FIELDS):
            access_id = self._child_id(row, "accessibility")
            if access_id and (location_id := row.id("location_id", table="location")):
                fields.accessibility_records(
                    row, bundle=bundle, id=access_id, location_id=location_id
                )
        table = self.table("service_area", columns="id service_id")
        self._give(table, "service.service_areas", bundle.services)
        for row in self.rows(table, _("Einsatzgebiete"), fields.SERVICE_AREA_FIELDS):
            area_id = self._child_id(row, "service_area")
            if area_id and (service_id := row.id("service_id", table="service")):
                bundle.service_areas[area_id] = fields.service_area_record(
                    row, id=area_id, service_id=service_id
                )

    def schedules(self) -> None:
        table = self.table("regular_schedule" if self.old else "schedule", columns="id")
        self._give(table, "service.schedules", self.bundle.services)
        self._give(table, "location.schedules", self.bundle.locations)
        known = fields.SCHEDULE_FIELDS | {"service_at_location_id"}
        for row in self.rows(table, _("Zeiten"), known):
            schedule_id = self._child_id(row, "schedule")
            service_id = row.id("service_id", table="service")
            location_id = row.id("location_id", table="location")
            if schedule_id is None:
                continue
            if not (service_id or location_id):
                self.notes.skip_row(
                    row.where, _("gehört zu keinem Angebot und keinem Ort"), kind="schedules"
                )
                continue
            read = weekday_schedule if self.old else schedule_records
            read(
                row,
                bundle=self.bundle,
                id=schedule_id,
                service_id=service_id,
                location_id=location_id,
            )

    def languages(self) -> None:
        table = self.table("language", columns="id")
        self._give(table, "service.languages", self.bundle.services)
        known = {"id", "service_id", "name", "code", "language", "location_id", "phone_id", "note"}
        for row in self.rows(table, _("Sprachen"), known):
            language_id = self._child_id(row, "language")
            service_id = row.id("service_id", table="service")
            # 1.x names the language in `language`, without a code.
            name = row.text("name") or row.text("language")
            text = row.text("code") or name
            if language_id is None or not text:
                continue
            if service_id is None:
                self._leave_out("language")
            else:
                fields.language_records(
                    text, bundle=self.bundle, id=language_id, service_id=service_id, where=row.where
                )
                if row.text("code") and name and (record := self.bundle.languages.get(language_id)):
                    record.name = name

    def eligibility(self) -> None:
        """1.x keeps who may use a service in a table of its own: a Pflegegrad sentence of ours
        sets the care level, other text is kept in the description."""
        table = self.table("eligibility", columns="service_id")
        known = {"id", "service_id", "eligibility", "eligibility_description"}
        for row in self.rows(table, _("Voraussetzungen"), known):
            service = self.bundle.services.get(row.id("service_id", table="service"))  # type: ignore[arg-type]
            text = row.text("eligibility") or row.text("eligibility_description")
            if service is None or not text:
                continue
            level = care_level_from_text(text)
            if level is not None:
                service.care_level_required = level
            else:
                fields.add_text(
                    self.bundle,
                    service_id=service.id,
                    location_id=None,
                    label=_("Voraussetzungen: %(text)s"),
                    text=text,
                )

    def terms(self) -> None:
        taxonomies: dict[uuid.UUID, TaxonomyRecord] = {}
        table = self.table("taxonomy", columns="id name")
        known = {"id", "name", "description", "uri", "version"}
        for row in self.rows(table, _("Taxonomien"), known):
            if (taxonomy_id := self._id(row, "taxonomy")) and taxonomy_id != profile.TAXONOMY_ID:
                taxonomies[taxonomy_id] = TaxonomyRecord(
                    taxonomy_id,
                    row.text("name"),
                    row.text("description"),
                    row.text("uri"),
                    row.text("version"),
                )
        table = self.table("taxonomy_term", columns="id name")
        # `language` is the language the term is written in, which needs no field.
        known = set("id code name description parent_id taxonomy taxonomy_id language".split())
        for row in self.rows(table, _("Themen"), known):
            term_id = self._id(row, "taxonomy_term")
            taxonomy_id = row.id("taxonomy_id", table="taxonomy")
            if term_id is None or term_id in profile.BY_ID:
                continue
            taxonomy = taxonomies.get(taxonomy_id) if taxonomy_id else None
            name = row.text("name")
            self.bundle.terms[term_id] = TermRecord(
                id=term_id,
                code=fields.term_code(row.text("code") or name),
                name=name,
                taxonomy=taxonomy
                or TaxonomyRecord(taxonomy_id, row.text("taxonomy") or _("Importierte Begriffe")),
                where=row.where,
                description=row.text("description"),
                parent_id=row.id("parent_id", table="taxonomy_term"),
            )
        table = self.table("attribute", columns="id link_id taxonomy_term_id")
        self._give(table, "service.terms", self.bundle.services)
        known = {"id", "link_id", "link_entity", "taxonomy_term_id", "link_type", "value"}
        for row in self.rows(table, _("Merkmale"), known):
            entity = row.text("link_entity")
            link_id = row.id("link_id", table=entity or "service")
            term_id = row.id("taxonomy_term_id", table="taxonomy_term")
            if (
                link_id
                and term_id
                and profile.read_attribute(
                    bundle=self.bundle,
                    term_id=term_id,
                    link_id=link_id,
                    value=row.text("value"),
                    where=row.where,
                )
            ):
                continue
            if entity not in ("", "service") and link_id not in self.bundle.services:
                self._leave_out("attribute")
            elif link_id and term_id:
                self.bundle.service_terms.add((link_id, term_id))

    def terms_old(self) -> None:
        name = "services_taxonomy" if "services_taxonomy" in self.resources else "service_taxonomy"
        table = self.table(name, columns="service_id taxonomy_id")
        self._give(table, "service.terms", self.bundle.services)
        known = {"id", "service_id", "taxonomy_id", "taxonomy_detail"}
        for row in self.rows(table, _("Themen der Angebote"), known):
            service_id = row.id("service_id", table="service")
            term_id = row.id("taxonomy_id", table="taxonomy")
            if service_id and term_id:
                self.bundle.service_terms.add((service_id, term_id))
        table = self.table("taxonomy", columns="id name")
        known = {"id", "name", "parent_id", "parent_name", "vocabulary"}
        for row in self.rows(table, _("Themen"), known):
            if term_id := self._id(row, "taxonomy"):
                self.bundle.terms[term_id] = TermRecord(
                    id=term_id,
                    code=fields.term_code(row.text("id")),
                    name=row.text("name"),
                    taxonomy=TaxonomyRecord(
                        None, row.text("vocabulary") or _("Importierte Begriffe")
                    ),
                    where=row.where,
                    parent_id=row.id("parent_id", table="taxonomy"),
                )
