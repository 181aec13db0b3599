"""HSDS fields to our records: one mapping for the JSON objects and the CSV rows, which carry
the same field names (Ohana and 1.x use a few others, named where they are read).

The inverse of lotse.directory.hsds.serialise: our German profile comes back from the HSDS
fields it was written to (fees_description, eligibility_description, accreditations,
assured_date). Text that is not ours stays readable in the description.
"""

import re
import uuid
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.directory.interop.readers.values import (
    Row,
    accessibility_feature,
    care_level_from_text,
    cost_from_text,
    is_45a_recognition,
    language_codes,
    web_address,
)
from lotse.directory.interop.records import (
    ID_NAMESPACE,
    AccessibilityRecord,
    AddressRecord,
    Bundle,
    ContactRecord,
    CostOptionRecord,
    LanguageRecord,
    LocationRecord,
    OrganisationRecord,
    PhoneRecord,
    ServiceAreaRecord,
    ServiceRecord,
)

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
# The fields each builder reads; any other filled field is reported as left out.
ORGANISATION_FIELDS = set("id name alternate_name description email website url".split())
SERVICE_FIELDS = set(
    "id organization_id name alternate_name description url email status fees_description "
    "fees accreditations eligibility_description minimum_age maximum_age assured_date "
    "last_modified".split()
)
LOCATION_FIELDS = set(
    "id organization_id location_type name description transportation latitude longitude".split()
)
ADDRESS_FIELDS = set(
    "id location_id address_1 city postal_code state_province country address_type".split()
)
PHONE_FIELDS = set("id service_id location_id number extension type description".split())
CONTACT_FIELDS = set("id service_id name title email".split())
COST_OPTION_FIELDS = set("id service_id option amount amount_description currency".split())
ACCESSIBILITY_FIELDS = set("id location_id description details accessibility".split())
SERVICE_AREA_FIELDS = set("id service_id name service_area description".split())
SCHEDULE_FIELDS = set(
    "id service_id location_id freq byday opens_at closes_at valid_from valid_to description "
    "interval weekday notes".split()
)
UNKNOWN_ACCESSIBILITY = gettext_lazy(
    "Barrierefreiheit „%(text)s“ passt zu keinem unserer Merkmale – als Beschreibung der "
    "Barrierefreiheit des Ortes behalten"
)


def term_code(text: str) -> str:
    """A slug for a taxonomy code ("BD-1800.2000" becomes "bd-1800-2000")."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.lower().replace(a, b)
    return re.sub(r"[^a-z0-9_]+", "-", text).strip("-")[:80]


def add_text(
    bundle: Bundle,
    *,
    service_id: uuid.UUID | None,
    location_id: uuid.UUID | None,
    label: str,
    text: str,
) -> None:
    """Appends text that has no field of its own to the description of the offer (or else the
    location), so residents still read it. An offer without a description gets this text as
    its description; without any it is skipped."""
    record = bundle.services.get(service_id) if service_id else None
    target = record or (bundle.locations.get(location_id) if location_id else None)
    if target is None or not text:
        return
    paragraph = label % {"text": text}
    if paragraph not in target.description:
        target.description = f"{target.description}\n\n{paragraph}".strip()


class Unknown:
    """Fields of the source that have no place in our model, reported once per kind."""

    def __init__(self) -> None:
        self.fields: dict[str, set[str]] = defaultdict(set)

    def add(self, kind: str, row: Row, known: set[str]) -> None:
        self.fields[kind] |= row.unknown(known)

    def report(self, bundle: Bundle) -> None:
        for kind, names in sorted(self.fields.items()):
            if names:
                bundle.notes.warn(
                    _(
                        "%(kind)s: nicht übernommen, weil es dafür bei uns kein Feld gibt: "
                        "%(fields)s."
                    )
                    % {"kind": kind, "fields": ", ".join(sorted(names))}
                )


def organisation_record(row: Row, *, id: uuid.UUID, where: str) -> OrganisationRecord:
    return OrganisationRecord(
        id=id,
        name=row.text("name"),
        where=where,
        alternate_name=row.text("alternate_name"),
        description=row.text("description"),
        email=row.text("email"),
        # 1.x and 2.0 call it `url`, Ohana `website` like 3.0.
        website=row_web_address(row, row.text("website") or row.text("url")),
    )


def row_web_address(row: Row, text: str) -> str:
    """The web address, with "https://" added (and a warning) when the file left it out."""
    address, completed = web_address(text)
    if completed:
        row.notes.warn_row(
            row.where,
            _("Internetadresse ohne „https://“ – als „https://…“ übernommen"),
        )
    return address


def service_record(
    row: Row,
    *,
    bundle: Bundle,
    id: uuid.UUID,
    organisation_id: uuid.UUID | None,
    where: str,
    url_field: str = "url",
) -> ServiceRecord:
    """The service, stored in the bundle, with our profile read from its text fields."""
    status = row.text("status").lower() or "active"
    if status not in STATUSES:
        bundle.notes.error(
            _("%(where)s: „%(status)s“ ist kein Status nach HSDS.")
            % {"where": row.where, "status": status}
        )
    record = ServiceRecord(
        id=id,
        organisation_id=organisation_id,
        name=row.text("name"),
        where=where,
        description=row.text("description"),
        alternate_name=row.text("alternate_name"),
        url=row_web_address(row, row.text(url_field)),
        email=row.text("email"),
        status=status,
        minimum_age=row.integer("minimum_age"),
        maximum_age=row.integer("maximum_age"),
        last_verified_at=row.date("assured_date"),
    )
    bundle.services[id] = record
    fees = row.text("fees_description") or row.text("fees")
    if fees:
        record.cost, record.fee_amount, understood = cost_from_text(fees)
        if not understood:
            add_text(
                bundle, service_id=id, location_id=None, label=_("Kosten: %(text)s"), text=fees
            )
    eligibility = row.text("eligibility_description") or row.text("eligibility")
    if eligibility:
        record.care_level_required = care_level_from_text(eligibility)
        if record.care_level_required is None:
            label = _("Voraussetzungen: %(text)s")
            add_text(bundle, service_id=id, location_id=None, label=label, text=eligibility)
    record.recognised_45a = is_45a_recognition(row.text("accreditations"))
    return record


def location_record(
    row: Row, *, id: uuid.UUID, organisation_id: uuid.UUID | None, where: str
) -> LocationRecord:
    return LocationRecord(
        id=id,
        organisation_id=organisation_id,
        name=row.text("name"),
        where=where,
        location_type=row.text("location_type") or "physical",
        description=row.text("description"),
        transportation=row.text("transportation"),
        latitude=row.number("latitude"),
        longitude=row.number("longitude"),
    )


def address_record(row: Row, *, id: uuid.UUID, location_id: uuid.UUID) -> AddressRecord:
    return AddressRecord(
        id=id,
        location_id=location_id,
        address_1=row.text("address_1"),
        city=row.text("city"),
        postal_code=row.text("postal_code"),
        where=row.where,
        state_province=row.text("state_province"),
        country=row.text("country").upper(),
        address_type=row.text("address_type") or "physical",
    )


def phone_record(
    row: Row, *, id: uuid.UUID, service_id: uuid.UUID | None, location_id: uuid.UUID | None
) -> PhoneRecord:
    return PhoneRecord(
        id=id,
        service_id=service_id,
        location_id=location_id,
        # The official example quotes its number: "\"+44 1234 234567\"".
        number=row.text("number").strip("\"' "),
        where=row.where,
        extension=row.text("extension"),
        type=row.text("type") or "voice",
        description=row.text("description"),
    )


def contact_record(row: Row, *, id: uuid.UUID, service_id: uuid.UUID) -> ContactRecord:
    return ContactRecord(
        id=id,
        service_id=service_id,
        name=row.text("name"),
        where=row.where,
        title=row.text("title"),
        email=row.text("email"),
    )


def cost_option_record(row: Row, *, id: uuid.UUID, service_id: uuid.UUID) -> CostOptionRecord:
    return CostOptionRecord(
        id=id,
        service_id=service_id,
        option=row.text("option"),
        where=row.where,
        amount=row.decimal("amount"),
        amount_description=row.text("amount_description"),
        currency=row.text("currency").upper() or "EUR",
    )


def service_area_record(row: Row, *, id: uuid.UUID, service_id: uuid.UUID) -> ServiceAreaRecord:
    return ServiceAreaRecord(
        id=id,
        service_id=service_id,
        # 1.x names the area in `service_area`.
        area_name=row.text("name") or row.text("service_area"),
        where=row.where,
        description=row.text("description"),
    )


def accessibility_records(
    row: Row, *, bundle: Bundle, id: uuid.UUID, location_id: uuid.UUID
) -> None:
    """Our feature for the accessibility description (1.x: `accessibility`), or a skip."""
    text = row.text("description") or row.text("accessibility")
    feature = accessibility_feature(text)
    if feature is None:
        accessibility_text(bundle, location_id=location_id, text=text, where=row.where)
        return
    bundle.accessibility[id] = AccessibilityRecord(
        id, location_id, feature, row.where, row.text("details")
    )


def accessibility_text(bundle: Bundle, *, location_id: uuid.UUID, text: str, where: str) -> None:
    """Free-text accessibility ("Handicap accessible") that names none of our features becomes
    (part of) the location's accessibility description."""
    location = bundle.locations.get(location_id)
    text = " ".join(text.split())
    if location is None or not text:
        return
    known = location.accessibility_description or ""
    if text not in known.split("\n"):
        location.accessibility_description = f"{known}\n{text}".strip()
    bundle.notes.warn_row(where, UNKNOWN_ACCESSIBILITY % {"text": text[:80]})


def language_records(
    text: str, *, bundle: Bundle, id: uuid.UUID, service_id: uuid.UUID, where: str
) -> None:
    """The languages one row names (by code or name, one or several): a record for each that
    can be told; the rest is kept as a note on the offer, with a warning."""
    found, unknown = language_codes(text)
    for code, name in found:
        language_id = id if len(found) == 1 else uuid.uuid5(ID_NAMESPACE, f"{id}/{code}")
        bundle.languages[language_id] = LanguageRecord(language_id, service_id, code, name, where)
    for name in unknown:
        add_text(
            bundle,
            service_id=service_id,
            location_id=None,
            label=_("Sprachen: %(text)s"),
            text=name,
        )
        bundle.notes.warn_row(
            where,
            _(
                "Sprache „%(name)s“ lässt sich keiner Sprache zuordnen – als Hinweis am "
                "Angebot behalten"
            )
            % {"name": name[:80]},
        )
