"""The rows that hang on offers and locations: addresses, phones, schedules, languages,
contacts, cost options, accessibility, service areas and the links between offers and
locations. Each is kept when the offer or location it names is kept (sync.py)."""

import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lotse.core.models import Area
from lotse.directory.interop.writer import RowWriter, linked_ids
from lotse.directory.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

_COUNTRIES = {"deutschland": "DE", "germany": "DE", "deu": "DE"}


class ChildRows(RowWriter):
    def addresses(self) -> None:
        chosen: dict[uuid.UUID, uuid.UUID] = {}
        for record in sorted(
            self.bundle.addresses.values(), key=lambda r: r.address_type != "physical"
        ):
            chosen.setdefault(record.location_id, record.id)

        def build(record: Any) -> Address | None:
            if chosen.get(record.location_id) != record.id:
                self.skip("addresses", record.where, _("der Ort hat schon eine Adresse"))
                return None
            missing = [
                label
                for label, value in (
                    (_("Straße"), record.address_1),
                    (_("Postleitzahl"), record.postal_code),
                    (pgettext("town", "Ort"), record.city),
                )
                if not value
            ]
            if missing:
                self.skip(
                    "addresses", record.where, _("%(what)s fehlt") % {"what": ", ".join(missing)}
                )
                return None
            country = _COUNTRIES.get(record.country.lower(), record.country) or "DE"
            return Address(
                id=record.id,
                location_id=record.location_id,
                address_1=record.address_1,
                city=record.city,
                postal_code=record.postal_code,
                state_province=record.state_province or Address().state_province,
                country=country,
                address_type=record.address_type,
            )

        fields = [
            "location_id",
            "address_1",
            "city",
            "postal_code",
            "state_province",
            "country",
            "address_type",
        ]
        self.write_children(
            "addresses", Address, self.bundle.addresses, build, fields, {"location_id": "locations"}
        )

    def phones(self) -> None:
        def build(record: Any) -> Phone | None:
            if not record.number:
                self.skip("phones", record.where, _("Nummer fehlt"))
                return None
            return Phone(
                id=record.id,
                service_id=record.service_id,
                location_id=record.location_id,
                number=record.number,
                extension=record.extension,
                type=record.type,
                description=record.description,
            )

        fields = ["service_id", "location_id", "number", "extension", "type", "description"]
        self.write_children(
            "phones",
            Phone,
            self.bundle.phones,
            build,
            fields,
            {"service_id": "services", "location_id": "locations"},
        )

    def schedules(self) -> None:
        def build(record: Any) -> Schedule:
            return Schedule(
                id=record.id,
                service_id=record.service_id,
                location_id=record.location_id,
                freq=record.freq,
                byday=record.byday,
                opens_at=record.opens_at,
                closes_at=record.closes_at,
                valid_from=record.valid_from,
                valid_to=record.valid_to,
                description=record.description,
            )

        fields = [
            "service_id",
            "location_id",
            "freq",
            "byday",
            "opens_at",
            "closes_at",
            "valid_from",
            "valid_to",
            "description",
        ]
        self.write_children(
            "schedules",
            Schedule,
            self.bundle.schedules,
            build,
            fields,
            {"service_id": "services", "location_id": "locations"},
        )

    def languages(self) -> None:
        def build(record: Any) -> Language | None:
            if not record.code:
                self.skip("languages", record.where, _("Sprachkürzel fehlt"))
                return None
            return Language(
                id=record.id,
                service_id=record.service_id,
                code=record.code,
                name=record.name or record.code,
            )

        self.write_children(
            "languages",
            Language,
            self.bundle.languages,
            build,
            ["service_id", "code", "name"],
            {"service_id": "services"},
        )

    def contacts(self) -> None:
        def build(record: Any) -> Contact | None:
            if not record.name:
                self.skip("contacts", record.where, _("Name fehlt"))
                return None
            return Contact(
                id=record.id,
                service_id=record.service_id,
                name=record.name,
                title=record.title,
                email=record.email,
            )

        self.write_children(
            "contacts",
            Contact,
            self.bundle.contacts,
            build,
            ["service_id", "name", "title", "email"],
            {"service_id": "services"},
        )

    def cost_options(self) -> None:
        def build(record: Any) -> CostOption | None:
            if not record.option:
                self.skip("cost_options", record.where, _("Bezeichnung fehlt"))
                return None
            return CostOption(
                id=record.id,
                service_id=record.service_id,
                option=record.option,
                amount=record.amount,
                amount_description=record.amount_description,
                currency=record.currency,
            )

        fields = ["service_id", "option", "amount", "amount_description", "currency"]
        self.write_children(
            "cost_options",
            CostOption,
            self.bundle.cost_options,
            build,
            fields,
            {"service_id": "services"},
        )

    def accessibility(self) -> None:
        def build(record: Any) -> Accessibility:
            return Accessibility(
                id=record.id,
                location_id=record.location_id,
                feature=record.feature,
                details=record.details,
            )

        self.write_children(
            "accessibility",
            Accessibility,
            self.bundle.accessibility,
            build,
            ["location_id", "feature", "details"],
            {"location_id": "locations"},
        )

    def service_areas(self) -> None:
        areas: dict[str, Area] = {}
        for area in Area.objects.filter(region=self.region).order_by("kind", "name"):
            areas.setdefault(area.name.lower(), area)
        areas.setdefault(self.region.name.lower(), self.region)

        def build(record: Any) -> ServiceArea | None:
            area = areas.get(record.area_name.lower())
            if area is None:
                self.notes.skip_alike(
                    _(
                        "Einsatzgebiete, die es in der Region nicht gibt – %(count)d "
                        "übersprungen: %(items)s."
                    ),
                    record.area_name[:80],
                    kind="service_areas",
                    key=record.id,
                )
                return None
            return ServiceArea(
                id=record.id,
                service_id=record.service_id,
                area=area,
                description=record.description,
            )

        self.write_children(
            "service_areas",
            ServiceArea,
            self.bundle.service_areas,
            build,
            ["service_id", "area_id", "description"],
            {"service_id": "services"},
        )

    def service_at_locations(self) -> None:
        pairs: set[tuple] = set()

        def build(record: Any) -> ServiceAtLocation | None:
            if record.service_id is None or record.location_id is None:
                self.skip("service_at_locations", record.where, _("Angebot oder Ort fehlt"))
                return None
            if (record.service_id, record.location_id) in pairs:
                self.skip("service_at_locations", record.where, _("doppelt"))
                return None
            pairs.add((record.service_id, record.location_id))
            return ServiceAtLocation(
                id=record.id, service_id=record.service_id, location_id=record.location_id
            )

        self.write_children(
            "service_at_locations",
            ServiceAtLocation,
            self.bundle.service_at_locations,
            build,
            ["service_id", "location_id"],
            {"service_id": "services", "location_id": "locations"},
        )
        # The search document of an offer holds facts of its locations (city, quarter,
        # step-free) and its organisation's name.
        self.dirty_services |= linked_ids(
            ServiceAtLocation, "location_id", self.dirty_locations, "service_id"
        )
        self.dirty_services |= linked_ids(
            Service, "organization_id", self.dirty_organisations, "id"
        )
