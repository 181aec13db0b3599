"""HSDS 3.0 JSON: one full service or organization object as the compiled schemas describe
(service.json, organization.json), a list of them, or an API `Page` of them. Service list items
(no phones, schedules …) work too: relations an object leaves out stay as they are.

Nested objects appear more than once (a phone under its service and under its location, a
location under each service held there): they are one row, read once, their links merged.
"""

import json
import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.text_input import json_has_forbidden
from lotse.directory.interop.readers import hsds_fields as fields
from lotse.directory.interop.readers.schedules import schedule_records
from lotse.directory.interop.readers.sources import refuse
from lotse.directory.interop.readers.values import Ids, Row
from lotse.directory.interop.records import (
    Bundle,
    ServiceAtLocationRecord,
    TaxonomyRecord,
    TermRecord,
)

FORMAT = "HSDS 3.0 (JSON)"
_SERVICE_LISTS = {
    "phones": "service.phones",
    "schedules": "service.schedules",
    "languages": "service.languages",
    "contacts": "service.contacts",
    "cost_options": "service.cost_options",
    "service_areas": "service.service_areas",
    "service_at_locations": "service.service_at_locations",
    "attributes": "service.terms",
}
_LOCATION_LISTS = {
    "addresses": "location.addresses",
    "phones": "location.phones",
    "schedules": "location.schedules",
    "accessibility": "location.accessibility",
}
# Lists we have no place for: (where they hang, key) → report line.
_LEFT_OUT = {
    ("organisation", "phones"): gettext_lazy(
        "Telefonnummern von Organisationen nicht übernommen (wir speichern sie an Angeboten "
        "und Orten): %(count)d."
    ),
    ("organisation", "contacts"): gettext_lazy(
        "Ansprechpersonen von Organisationen nicht übernommen (wir speichern sie an "
        "Angeboten): %(count)d."
    ),
    ("location", "contacts"): gettext_lazy(
        "Ansprechpersonen von Orten nicht übernommen (wir speichern sie an Angeboten): %(count)d."
    ),
    ("location", "languages"): gettext_lazy(
        "Sprachen von Orten nicht übernommen (wir speichern sie an Angeboten): %(count)d."
    ),
}


def parse_json(text: str, *, name: str) -> Any:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(
            _(
                "Die Datei %(file)s ist kein gültiges JSON (Zeile %(line)d, Zeichen "
                "%(column)d). Ist sie vollständig?"
            )
            % {"file": name, "line": exc.lineno, "column": exc.colno}
        ) from None
    # "\u0000" and a lone "\ud800" are valid JSON but no database or encryption takes them.
    if json_has_forbidden(document):
        raise refuse(
            _(
                "Die Datei %(file)s enthält unzulässige Zeichen (zum Beispiel ein Nullzeichen "
                "oder ein halbes Unicode-Zeichen). Bitte prüfen Sie, womit sie erstellt wurde."
            )
            % {"file": name}
        )
    return document


class HsdsJsonReader:
    def __init__(self, *, scope: str) -> None:
        self.bundle = Bundle(format=FORMAT)
        self.notes = self.bundle.notes
        self.ids = Ids(strict=True, scope=scope)
        self.unknown = fields.Unknown()
        self.left_out: dict[tuple[str, str], int] = {}

    def read(self, data: Any) -> Bundle:
        items = data
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            items = data["contents"]
        elif isinstance(data, dict):
            items = [data]
        if not isinstance(items, list) or not items:
            self.notes.error(
                _(
                    "Die JSON-Datei enthält weder ein Angebot noch eine Organisation im Format "
                    "HSDS 3.0 (ein Objekt, eine Liste oder eine Seite mit „contents“)."
                )
            )
            return self.bundle
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.notes.error(_("Eintrag %(n)d ist kein JSON-Objekt.") % {"n": number})
            elif "status" in item:
                # The schema requires a status of every service and gives organisations none.
                self.service(item, where=_("Eintrag %(n)d (Angebot)") % {"n": number})
            elif "name" in item or "services" in item:
                where = _("Eintrag %(n)d (Organisation)") % {"n": number}
                self.organisation(item, where=where, top=True)
            else:
                self.notes.error(
                    _("Eintrag %(n)d ist weder ein Angebot noch eine Organisation.") % {"n": number}
                )
        self.unknown.report(self.bundle)
        for key, count in sorted(self.left_out.items()):
            self.notes.warn(_LEFT_OUT[key] % {"count": count})
        return self.bundle

    def _row(self, obj: dict, where: str) -> Row:
        return Row(obj, where=where, notes=self.notes, ids=self.ids)

    def _list(self, obj: dict, key: str, where: str) -> list[dict]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.notes.error(
                _("%(where)s: „%(key)s“ muss eine Liste von Objekten sein.")
                % {"where": where, "key": key}
            )
            return []
        return value

    def _items(self, obj: dict, key: str, where: str, label: str) -> list[Row]:
        """The objects of a list, each as a row with its place in the file."""
        return [
            self._row(item, f"{where}, {label} {n}")
            for n, item in enumerate(self._list(obj, key, where), start=1)
        ]

    def _id(self, row: Row, table: str) -> uuid.UUID | None:
        value = row.id("id", table=table)
        if value is None and not row.text("id"):
            self.notes.error(_("%(where)s: Die Kennung (id) fehlt.") % {"where": row.where})
        return value

    def _leave_out(self, obj: dict, owner: str, key: str, where: str) -> None:
        count = len(self._list(obj, key, where))
        if count:
            self.left_out[(owner, key)] = self.left_out.get((owner, key), 0) + count

    def organisation(self, obj: dict, *, where: str, top: bool = False) -> uuid.UUID | None:
        row = self._row(obj, where)
        org_id = self._id(row, "organization")
        if org_id is None:
            return None
        if org_id in self.bundle.organisations:
            if top:
                self.notes.error(
                    _("%(where)s: Die Organisation %(id)s kommt zweimal vor.")
                    % {"where": where, "id": org_id}
                )
            return org_id
        where = _("Organisation „%(name)s“") % {"name": row.text("name") or org_id}
        nested = {"services", "locations", "phones", "contacts"}
        self.unknown.add(_("Organisationen"), row, fields.ORGANISATION_FIELDS | nested)
        self.bundle.organisations[org_id] = fields.organisation_record(row, id=org_id, where=where)
        for n, service in enumerate(self._list(obj, "services", where), start=1):
            self.service(service, where=f"{where}, {_('Angebot')} {n}", organisation_id=org_id)
        for n, location in enumerate(self._list(obj, "locations", where), start=1):
            self.location(location, where=f"{where}, {_('Ort')} {n}", organisation_id=org_id)
        self._leave_out(obj, "organisation", "phones", where)
        self._leave_out(obj, "organisation", "contacts", where)
        return org_id

    def service(self, obj: dict, *, where: str, organisation_id: uuid.UUID | None = None) -> None:
        row = self._row(obj, where)
        service_id = self._id(row, "service")
        if service_id is None:
            return
        where = _("Angebot „%(name)s“") % {"name": row.text("name") or service_id}
        if service_id in self.bundle.services:
            self.notes.error(
                _("%(where)s: Das Angebot %(id)s kommt zweimal vor.")
                % {"where": where, "id": service_id}
            )
            return
        nested = obj.get("organization")
        if isinstance(nested, dict):
            organisation_id = self.organisation(nested, where=where) or organisation_id
        organisation_id = row.id("organization_id", table="organization") or organisation_id
        self.unknown.add(
            _("Angebote"), row, fields.SERVICE_FIELDS | {"organization", *_SERVICE_LISTS}
        )
        fields.service_record(
            row, bundle=self.bundle, id=service_id, organisation_id=organisation_id, where=where
        )
        for key, relation in _SERVICE_LISTS.items():
            if isinstance(obj.get(key), list):
                self.bundle.give(relation, service_id)
        self.service_relations(obj, service_id, where)

    def service_relations(self, obj: dict, service_id: uuid.UUID, where: str) -> None:
        for row in self._items(obj, "phones", where, _("Telefonnummer")):
            self.phone(row, service_id=service_id)
        for row in self._items(obj, "schedules", where, _("Zeit")):
            self.schedule(row, service_id=service_id)
        for row in self._items(obj, "languages", where, _("Sprache")):
            language_id = self._id(row, "language")
            text = row.text("code") or row.text("name")
            if language_id and text and language_id not in self.bundle.languages:
                fields.language_records(
                    text, bundle=self.bundle, id=language_id, service_id=service_id, where=row.where
                )
                if record := self.bundle.languages.get(language_id):
                    record.name = row.text("name") or record.name
        for row in self._items(obj, "contacts", where, _("Ansprechperson")):
            self.contact(row, service_id=service_id)
        for row in self._items(obj, "cost_options", where, _("Kosten")):
            if option_id := self._id(row, "cost_option"):
                self.bundle.cost_options[option_id] = fields.cost_option_record(
                    row, id=option_id, service_id=service_id
                )
        for row in self._items(obj, "service_areas", where, _("Einsatzgebiet")):
            if area_id := self._id(row, "service_area"):
                self.bundle.service_areas[area_id] = fields.service_area_record(
                    row, id=area_id, service_id=service_id
                )
        for n, item in enumerate(self._list(obj, "service_at_locations", where), start=1):
            self.service_at_location(item, where=f"{where}, {_('Ort')} {n}", service_id=service_id)
        for row in self._items(obj, "attributes", where, _("Merkmal")):
            self.attribute(row, service_id=service_id)

    def service_at_location(self, obj: dict, *, where: str, service_id: uuid.UUID) -> None:
        row = self._row(obj, where)
        location = obj.get("location")
        location_id = row.id("location_id", table="location")
        if isinstance(location, dict):
            location_id = self.location(location, where=where) or location_id
        if location_id is None:
            self.notes.skip_row(where, _("Der Ort fehlt"), kind="service_at_locations")
            return
        link_id = row.id("id", table="service_at_location") or self.ids.derived(
            "service_at_location", service_id, location_id
        )
        self.bundle.service_at_locations[link_id] = ServiceAtLocationRecord(
            id=link_id, service_id=service_id, location_id=location_id, where=where
        )
        # Phones, times and contacts of a service at one location belong to the service here.
        for row in self._items(obj, "phones", where, _("Telefonnummer")):
            self.phone(row, service_id=service_id)
        for row in self._items(obj, "schedules", where, _("Zeit")):
            self.schedule(row, service_id=service_id)
        for row in self._items(obj, "contacts", where, _("Ansprechperson")):
            self.contact(row, service_id=service_id)

    def location(
        self, obj: dict, *, where: str, organisation_id: uuid.UUID | None = None
    ) -> uuid.UUID | None:
        row = self._row(obj, where)
        location_id = self._id(row, "location")
        if location_id is None:
            return None
        organisation_id = row.id("organization_id", table="organization") or organisation_id
        known = self.bundle.locations.get(location_id)
        if known is not None:
            known.organisation_id = known.organisation_id or organisation_id
        else:
            where = _("Ort „%(name)s“") % {"name": row.text("name") or location_id}
            nested = {*_LOCATION_LISTS, "contacts", "languages"}
            self.unknown.add(_("Orte"), row, fields.LOCATION_FIELDS | nested)
            self.bundle.locations[location_id] = fields.location_record(
                row, id=location_id, organisation_id=organisation_id, where=where
            )
        where = self.bundle.locations[location_id].where
        for key, relation in _LOCATION_LISTS.items():
            if isinstance(obj.get(key), list):
                self.bundle.give(relation, location_id)
        for row in self._items(obj, "addresses", where, _("Adresse")):
            if address_id := self._id(row, "address"):
                self.bundle.addresses[address_id] = fields.address_record(
                    row, id=address_id, location_id=location_id
                )
        for row in self._items(obj, "phones", where, _("Telefonnummer")):
            self.phone(row, location_id=location_id)
        for row in self._items(obj, "schedules", where, _("Zeit")):
            self.schedule(row, location_id=location_id)
        record = self.bundle.locations[location_id]
        if isinstance(obj.get("accessibility"), list) and record.accessibility_description is None:
            record.accessibility_description = ""
        for row in self._items(obj, "accessibility", where, _("Barrierefreiheit")):
            if access_id := self._id(row, "accessibility"):
                fields.accessibility_records(
                    row, bundle=self.bundle, id=access_id, location_id=location_id
                )
        self._leave_out(obj, "location", "contacts", where)
        self._leave_out(obj, "location", "languages", where)
        return location_id

    def phone(
        self, row: Row, *, service_id: uuid.UUID | None = None, location_id: uuid.UUID | None = None
    ) -> None:
        phone_id = self._id(row, "phone")
        if phone_id is None:
            return
        known = self.bundle.phones.get(phone_id)
        if known is not None:
            # One phone listed under the service and under its location: one row with both.
            known.service_id = known.service_id or service_id
            known.location_id = known.location_id or location_id
            return
        self.bundle.phones[phone_id] = fields.phone_record(
            row, id=phone_id, service_id=service_id, location_id=location_id
        )

    def schedule(
        self, row: Row, *, service_id: uuid.UUID | None = None, location_id: uuid.UUID | None = None
    ) -> None:
        schedule_id = self._id(row, "schedule")
        if schedule_id is None:
            return
        known = self.bundle.schedules.get(schedule_id)
        if known is not None:
            known.service_id = known.service_id or service_id
            known.location_id = known.location_id or location_id
            return
        schedule_records(
            row, bundle=self.bundle, id=schedule_id, service_id=service_id, location_id=location_id
        )

    def contact(self, row: Row, *, service_id: uuid.UUID) -> None:
        contact_id = self._id(row, "contact")
        if contact_id and contact_id not in self.bundle.contacts:
            self.bundle.contacts[contact_id] = fields.contact_record(
                row, id=contact_id, service_id=service_id
            )

    def attribute(self, row: Row, *, service_id: uuid.UUID) -> None:
        term = row.raw("taxonomy_term")
        term_id = row.id("taxonomy_term_id", table="taxonomy_term")
        if isinstance(term, dict):
            term_row = self._row(term, row.where)
            term_id = self._id(term_row, "taxonomy_term")
            if term_id is None:
                return
            detail = term.get("taxonomy_detail")
            detail_row = self._row(detail if isinstance(detail, dict) else {}, row.where)
            taxonomy = TaxonomyRecord(
                id=detail_row.id("id", table="taxonomy")
                or term_row.id("taxonomy_id", table="taxonomy"),
                name=detail_row.text("name")
                or term_row.text("taxonomy")
                or _("Importierte Begriffe"),
                description=detail_row.text("description"),
                uri=detail_row.text("uri"),
                version=detail_row.text("version"),
            )
            name = term_row.text("name")
            self.bundle.terms.setdefault(
                term_id,
                TermRecord(
                    id=term_id,
                    code=fields.term_code(term_row.text("code") or name),
                    name=name,
                    taxonomy=taxonomy,
                    where=row.where,
                    description=term_row.text("description"),
                    parent_id=term_row.id("parent_id", table="taxonomy_term"),
                ),
            )
        if term_id is not None:
            self.bundle.service_terms.add((service_id, term_id))
