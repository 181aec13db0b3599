"""Writes a bundle (records.py) into the database: resolves references, checks every row,
creates what is new, updates what changed, leaves the rest untouched.

Rules for rows (the report lists each with its reason):
- refused (the whole import): a row that already exists in another region, since an import
  must never change another region's data;
- skipped, with what hangs on them: an organisation without a name; an offer without name,
  description or organisation; a location without organisation or name (and no address to
  name it after); a row whose offer or location is skipped or not in the file; an address
  without street, postcode or city; a phone without a number; a value our model cannot hold
  in a required field;
- kept, with a warning: an optional value our model cannot hold (an invalid e-mail address
  or web address is left empty), text longer than our field (shortened), coordinates outside
  the earth (left out; a German postcode gives the point instead).

The rows hanging on offers and locations are written by children.py, topics by terms.py,
the bookkeeping all share is in writer.py.
"""

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotse.core.models import Area, Organisation
from lotse.directory.geo import postcode_point
from lotse.directory.interop.children import ChildRows
from lotse.directory.interop.records import (
    AddressRecord,
    LocationRecord,
    OrganisationRecord,
    ServiceRecord,
)
from lotse.directory.interop.terms import service_terms_sync
from lotse.directory.interop.writer import existing_rows
from lotse.directory.models import Location, OrganisationReview, Service


class DirectorySync(ChildRows):
    """Organisations, offers and locations; the rows hanging on them are ChildRows'."""

    # The region's quarters by name and slug, read when the file names one.
    _quarters: dict[str, uuid.UUID] | None = None

    def run(self) -> None:
        self.organisations()
        self.services()
        self.locations()
        self.addresses()
        self.phones()
        self.schedules()
        self.languages()
        self.contacts()
        self.cost_options()
        self.accessibility()
        self.service_areas()
        self.service_at_locations()
        service_terms_sync(writer=self)
        self.notes.flush()
        for kind, count in self.notes.skipped_kinds.items():
            self.counts[kind]["skipped"] = count

    def _placeholders(self) -> None:
        """Organisations that offers or locations of the file name but the file does not bring
        (or brings without a name) become placeholders named after the id, marked for review,
        so that nothing hangs in the air and nothing is dropped. An organisation we already
        have (and that is no placeholder) is used as it is."""
        records = self.bundle.organisations
        # A location whose offers belong to an organisation of the file goes to that one
        # (locations() says so); only a location without one needs a placeholder.
        served = {
            link.location_id
            for link in self.bundle.service_at_locations.values()
            if (service := self.bundle.services.get(link.service_id))
            and service.organisation_id in records
            and records[service.organisation_id].name
        }
        named: dict[uuid.UUID, tuple[str, list[str]]] = {}
        items: list[ServiceRecord | LocationRecord] = [
            *self.bundle.services.values(),
            *self.bundle.locations.values(),
        ]
        for item in items:
            org_id = item.organisation_id
            if org_id is None or (org_id in records and records[org_id].name):
                continue
            if isinstance(item, LocationRecord) and item.id in served:
                continue
            ref = str(org_id) if item.organisation_ref is None else item.organisation_ref
            named.setdefault(org_id, (ref, []))[1].append(item.where)
        stored = dict(
            Organisation.objects.filter(id__in=list(named)).values_list("id", "region_id")
        )
        marked = set(
            OrganisationReview.objects.filter(organisation_id__in=list(named)).values_list(
                "organisation_id", flat=True
            )
        )
        made: list[str] = []
        for org_id, (ref, rows) in named.items():
            in_file = records.get(org_id)
            if in_file is None and org_id in stored and org_id not in marked:
                continue  # ours already (or another region's: refused later as before)
            name = (
                _("Organisation „%(id)s“ (fehlt im Import)") % {"id": ref[:120]}
                if ref
                else _("Organisation ohne Kennung (fehlt im Import)")
            )
            if in_file is not None:
                in_file.name, in_file.placeholder, in_file.source_ref = name, True, ref
            else:
                records[org_id] = OrganisationRecord(
                    id=org_id,
                    name=name,
                    where=rows[0],
                    description=_(
                        "Platzhalter: Die importierte Datei nennt diese Organisation, bringt "
                        "sie aber nicht mit. Bitte prüfen und ergänzen."
                    ),
                    placeholder=True,
                    source_ref=ref,
                )
            for where in rows:
                self.notes.warn_row(
                    _("%(where)s (Organisation „%(id)s“)") % {"where": where, "id": ref[:120]},
                    _(
                        "Organisation fehlt in der Datei – unter einem Platzhalter behalten und "
                        "in „Angebote pflegen“ zur Prüfung vorgemerkt"
                    ),
                )
            made.append(f"„{ref[:120]}“")
        if made:
            self.notes.warn(
                ngettext(
                    "%(count)d Platzhalter-Organisation für die Kennung %(ids)s.",
                    "%(count)d Platzhalter-Organisationen für die Kennungen %(ids)s.",
                    len(made),
                )
                % {
                    "count": len(made),
                    "ids": ", ".join(made[:20]) + (" …" if len(made) > 20 else ""),
                }
            )

    def _review_marks(self, kept: list[Organisation]) -> None:
        """Placeholders get their review mark; an organisation the file now brings in full
        loses it."""
        placeholders = {
            r.id: r for r in self.bundle.organisations.values() if r.placeholder and r.id
        }
        ids = [row.id for row in kept]
        marked = set(
            OrganisationReview.objects.filter(organisation_id__in=ids).values_list(
                "organisation_id", flat=True
            )
        )
        OrganisationReview.objects.bulk_create(
            [
                OrganisationReview(
                    organisation_id=org_id,
                    source_ref=placeholders[org_id].source_ref[:200],
                    file_name=self.file_name[:200],
                )
                for org_id in ids
                if org_id in placeholders and org_id not in marked
            ]
        )
        resolved = [org_id for org_id in ids if org_id in marked and org_id not in placeholders]
        if resolved:
            OrganisationReview.objects.filter(organisation_id__in=resolved).delete()
            self.notes.warn(
                ngettext(
                    "%(count)d Organisation, die bisher ein Platzhalter war, bringt die Datei "
                    "jetzt mit – der Prüfvermerk ist entfernt.",
                    "%(count)d Organisationen, die bisher Platzhalter waren, bringt die Datei "
                    "jetzt mit – die Prüfvermerke sind entfernt.",
                    len(resolved),
                )
                % {"count": len(resolved)}
            )

    def organisations(self) -> None:
        self._placeholders()
        records = self.bundle.organisations
        existing = existing_rows(Organisation, records)
        wanted = []
        for record in records.values():
            stored = existing.get(record.id)
            if stored is not None and stored.region_id != self.region.id:
                self.refuse_foreign(record.where)
                continue
            if not record.name:
                self.skip("organisations", record.where, _("Name fehlt"))
                continue
            row = Organisation(
                id=record.id,
                region=self.region,
                name=record.name,
                alternate_name=record.alternate_name,
                description=record.description,
                email=record.email,
                website=record.website,
            )
            # What the file does not say keeps its stored value.
            row.kind = record.kind or (stored.kind if stored else row.kind)
            if self.clean("organisations", row, record.where):
                wanted.append(row)
                self.kept["organisations"].add(row.id)
        self.notes.raise_errors()
        fields = ["name", "alternate_name", "description", "email", "website", "kind"]
        self.dirty_organisations = self.sync(
            "organisations", Organisation, wanted, fields, existing
        )
        self._review_marks(wanted)

    def _organisation(self, org_id: uuid.UUID | None) -> str | None:
        """None when the organisation can be used, else why not."""
        if org_id is None:
            return _("keine Organisation angegeben")
        if org_id in self.kept["organisations"]:
            return None
        if org_id in self.bundle.organisations:
            return _("die Organisation wird nicht übernommen")
        region = Organisation.objects.filter(id=org_id).values_list("region_id", flat=True).first()
        if region is None:
            return _("die Organisation %(id)s fehlt") % {"id": org_id}
        if region != self.region.id:
            return _("die Organisation gehört zu einer anderen Region")
        self.kept["organisations"].add(org_id)
        return None

    def services(self) -> None:
        records = self.bundle.services
        existing = existing_rows(Service, records, "organization")
        wanted = []
        for record in records.values():
            stored = existing.get(record.id)
            if stored is not None and stored.organization.region_id != self.region.id:
                self.refuse_foreign(record.where)
                continue
            org_id = record.organisation_id
            problem = self._organisation(org_id)
            if problem is None and not record.name:
                problem = _("Name fehlt")
            if problem is None and not record.description:
                problem = _("Beschreibung fehlt")
            if problem or org_id is None:
                self.skip("services", record.where, problem or "")
                continue
            row = Service(
                id=record.id,
                organization_id=org_id,
                name=record.name,
                alternate_name=record.alternate_name,
                description=record.description,
                url=record.url,
                email=record.email,
                status=record.status,
                care_level_required=record.care_level_required,
                recognised_45a=record.recognised_45a,
                minimum_age=record.minimum_age,
                maximum_age=record.maximum_age,
            )
            # What the file does not say keeps its stored value.
            keep_from = stored or Service()
            row.cost = record.cost or keep_from.cost
            row.fee_amount = record.fee_amount if record.cost else keep_from.fee_amount
            row.last_verified_at = record.last_verified_at or keep_from.last_verified_at
            row.reach = record.reach or keep_from.reach
            row.staffing = record.staffing or keep_from.staffing
            row.easy_language_description = (
                keep_from.easy_language_description
                if record.easy_language_description is None
                else record.easy_language_description
            )
            if self.clean("services", row, record.where):
                wanted.append(row)
                self.kept["services"].add(row.id)
        self.notes.raise_errors()
        fields = [
            "organization_id", "name", "alternate_name", "description", "url", "email",
            "status", "cost", "fee_amount", "care_level_required", "recognised_45a",
            "minimum_age", "maximum_age", "last_verified_at", "reach", "staffing",
            "easy_language_description",
        ]  # fmt: skip
        self.dirty_services |= self.sync("services", Service, wanted, fields, existing)

    def _quarter(self, record: LocationRecord, stored: Location | None) -> uuid.UUID | None:
        """The quarter the file names (German profile), found by name among the region's
        quarters; without a name the stored one stays."""
        if record.quarter_name is None:
            return stored.quarter_id if stored else None
        if self._quarters is None:
            self._quarters = {}
            areas = Area.objects.filter(region=self.region, kind=Area.Kind.QUARTER)
            for area in areas.order_by("name", "id"):
                self._quarters.setdefault(area.name.casefold(), area.id)
                self._quarters.setdefault(area.slug.casefold(), area.id)
        found = self._quarters.get(record.quarter_name.strip().casefold())
        if found is None and record.quarter_name:
            self.notes.warn_row(
                record.where,
                _("Das Quartier „%(name)s“ gibt es in der Region nicht – ohne Quartier übernommen")
                % {"name": record.quarter_name[:80]},
            )
        return found

    def _location_organisations(self) -> dict[uuid.UUID, uuid.UUID]:
        """For each location of the file, the organisation of the first kept service there."""
        found: dict[uuid.UUID, uuid.UUID] = {}
        for link in self.bundle.service_at_locations.values():
            service = self.bundle.services.get(link.service_id)
            if service and service.organisation_id and link.service_id in self.kept["services"]:
                found.setdefault(link.location_id, service.organisation_id)
        return found

    def locations(self) -> None:
        records = self.bundle.locations
        existing = existing_rows(Location, records, "organization")
        fallbacks = self._location_organisations()
        first_address: dict[uuid.UUID, AddressRecord] = {}
        for item in self.bundle.addresses.values():
            first_address.setdefault(item.location_id, item)
        wanted = []
        for record in records.values():
            stored = existing.get(record.id)
            if stored is not None and stored.organization.region_id != self.region.id:
                self.refuse_foreign(record.where)
                continue
            org_id = record.organisation_id
            problem = self._organisation(org_id)
            if problem is not None or org_id is None:
                fallback = fallbacks.get(record.id)
                if fallback is None:
                    self.skip("locations", record.where, problem or "")
                    continue
                self.notes.warn_row(
                    record.where,
                    _(
                        "Organisation %(id)s fehlt – dem Träger des Angebots an diesem Ort "
                        "zugeordnet"
                    )
                    % {"id": org_id},
                )
                org_id = fallback
            address = first_address.get(record.id)
            name = record.name or (
                f"{address.address_1}, {address.city}".strip(", ") if address else ""
            )
            if not name:
                self.skip("locations", record.where, _("Name fehlt"))
                continue
            lat, lon = record.latitude, record.longitude
            if (
                lat is not None
                and lon is not None
                and not (-90 <= lat <= 90 and -180 <= lon <= 180)
            ):
                self.notes.warn_row(
                    record.where,
                    _("Die Koordinaten %(lat)s, %(lon)s liegen nicht auf der Erde – weggelassen")
                    % {"lat": lat, "lon": lon},
                )
                lat = lon = None
            if (lat is None or lon is None) and address and address.country in ("", "DE"):
                lat, lon = postcode_point(address.postal_code) or (None, None)
            row = Location(
                id=record.id,
                organization_id=org_id,
                location_type=record.location_type,
                name=name,
                description=record.description,
                transportation=record.transportation,
                latitude=lat,
                longitude=lon,
            )
            row.quarter_id = self._quarter(record, stored)
            # What the file does not say keeps its stored value.
            row.accessibility_description = (
                record.accessibility_description
                if record.accessibility_description is not None
                else getattr(stored, "accessibility_description", "")
            )
            if self.clean("locations", row, record.where):
                wanted.append(row)
                self.kept["locations"].add(row.id)
        self.notes.raise_errors()
        fields = [
            "organization_id",
            "location_type",
            "name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "accessibility_description",
            "quarter_id",
        ]
        self.dirty_locations |= self.sync("locations", Location, wanted, fields, existing)
