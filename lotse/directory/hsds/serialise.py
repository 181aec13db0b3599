"""Our models as HSDS 3.0 objects: the full forms of the compiled schemas (service.json,
organization.json, service_at_location.json), their list forms (*_list.json), taxonomies,
terms and the `Page` envelope.

The schemas type optional fields as plain strings and numbers, without null, so an empty
field is left out, never sent as null. Facts of our German profile go where HSDS has a field
for them: the Pflegegrad into `eligibility_description`, § 45a recognition into
`accreditations`, the cost into `fees_description`, the last check into `assured_date`, topics
and target groups into `attributes`.
"""

import datetime as dt
import math
import uuid
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from lotse.core.models import Organisation
from lotse.directory.hsds.params import Paging
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

type Json = dict[str, Any]

HSDS_VERSION = "3.0"
# Our links between services and terms have no UUID of their own; an attribute's id is derived
# from the pair, so it stays the same from one request to the next.
_ATTRIBUTE_NAMESPACE = uuid.UUID("5b0f3c2e-8d1a-4c6e-9f47-2a9e0c1d7b13")


def _present(**fields: Any) -> Json:
    """The fields that have a value."""
    return {name: value for name, value in fields.items() if value is not None and value != ""}


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def api_info(*, openapi_url: str) -> Json:
    """The answer of `GET /`: `openapi_url` is this API's own document (openapi.py)."""
    return {"version": HSDS_VERSION, "openapi_url": openapi_url}


def page(*, contents: list[Json], total: int, paging: Paging) -> Json:
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.number,
        "size": len(contents),
        "first_page": paging.number == 1,
        "last_page": paging.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def organization_list_item(*, organisation: Organisation) -> Json:
    return {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description,
        **_present(
            alternate_name=organisation.alternate_name,
            email=organisation.email,
            website=organisation.website,
        ),
    }


def organization_full(*, organisation: Organisation) -> Json:
    """Expects `services` and `locations` prefetched as selectors.organization_get does."""
    return organization_list_item(organisation=organisation) | {
        "services": [
            service_list_item(service=s, with_organization=False)
            for s in organisation.services.all()
        ],
        "locations": [location_full(location=loc) for loc in organisation.locations.all()],
    }


def _fees_description(service: Service) -> str:
    label = str(service.get_cost_display())
    if service.fee_amount is None:
        return label
    return _("%(cost)s: %(amount)s €") % {
        "cost": label,
        "amount": formats.number_format(service.fee_amount, 2),
    }


def _eligibility_description(service: Service) -> str | None:
    if service.care_level_required is None:
        return None
    return _("Nur mit Pflegegrad %(level)d oder höher.") % {"level": service.care_level_required}


def service_list_item(*, service: Service, with_organization: bool = True) -> Json:
    """The one-to-one fields of a service (and its organisation, which list pages show)."""
    item = {
        "id": str(service.id),
        "name": service.name,
        "status": service.status,
        **_present(
            organization_id=_id(service.organization_id),
            alternate_name=service.alternate_name,
            description=service.description,
            url=service.url,
            email=service.email,
            fees_description=_fees_description(service),
            accreditations=(
                _("Anerkannt als Angebot zur Unterstützung im Alltag nach § 45a SGB XI.")
                if service.recognised_45a
                else None
            ),
            eligibility_description=_eligibility_description(service),
            minimum_age=service.minimum_age,
            maximum_age=service.maximum_age,
            assured_date=_date(service.last_verified_at),
            last_modified=_timestamp(service.updated_at),
        ),
    }
    if with_organization:
        item["organization"] = organization_list_item(organisation=service.organization)
    return item


def service_full(*, service: Service, with_locations: bool = True) -> Json:
    """Expects the relations prefetched as selectors.service_get does; inside a
    service_at_location the service leaves out its other locations."""
    item = service_list_item(service=service) | {
        "phones": [_phone(p) for p in service.phones.all()],
        "schedules": [_schedule(s) for s in service.schedules.all()],
        "service_areas": [_service_area(a) for a in service.service_areas.all()],
        "languages": [_language(lang) for lang in service.languages.all()],
        "contacts": [_contact(c) for c in service.contacts.all()],
        "cost_options": [_cost_option(c) for c in service.cost_options.all()],
        "attributes": [_attribute(service, term) for term in service.terms.all()],
    }
    if with_locations:
        item["service_at_locations"] = [
            {
                "id": str(sal.id),
                "service_id": str(sal.service_id),
                "location_id": str(sal.location_id),
                "location": location_full(location=sal.location),
            }
            for sal in service.service_at_locations.all()
        ]
    return item


def service_at_location_list_item(*, service_at_location: ServiceAtLocation) -> Json:
    return {
        "id": str(service_at_location.id),
        "service_id": str(service_at_location.service_id),
        "location_id": str(service_at_location.location_id),
        "location": _location_fields(service_at_location.location),
        "service": service_list_item(service=service_at_location.service),
    }


def service_at_location_full(*, service_at_location: ServiceAtLocation) -> Json:
    return {
        "id": str(service_at_location.id),
        "service_id": str(service_at_location.service_id),
        "location_id": str(service_at_location.location_id),
        "location": location_full(location=service_at_location.location),
        "service": service_full(service=service_at_location.service, with_locations=False),
    }


def _location_fields(location: Location) -> Json:
    return {
        "id": str(location.id),
        "location_type": location.location_type,
        **_present(
            organization_id=_id(location.organization_id),
            name=location.name,
            description=location.description,
            transportation=location.transportation,
            latitude=location.latitude,
            longitude=location.longitude,
        ),
    }


def location_full(*, location: Location) -> Json:
    return _location_fields(location) | {
        "addresses": [_address(a) for a in location.addresses.all()],
        "accessibility": [_accessibility(a) for a in location.accessibility.all()],
        "phones": [_phone(p) for p in location.phones.all()],
        "schedules": [_schedule(s) for s in location.schedules.all()],
    }


def _address(address: Address) -> Json:
    return {
        "id": str(address.id),
        "location_id": str(address.location_id),
        "address_1": address.address_1,
        "city": address.city,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
        "country": address.country,
        "address_type": address.address_type,
    }


def _accessibility(accessibility: Accessibility) -> Json:
    return _present(
        id=str(accessibility.id),
        location_id=str(accessibility.location_id),
        description=str(accessibility.get_feature_display()),
        details=accessibility.details,
    )


def _phone(phone: Phone) -> Json:
    return _present(
        id=str(phone.id),
        service_id=_id(phone.service_id),
        location_id=_id(phone.location_id),
        number=phone.number,
        # HSDS types the extension as a number; one with other characters is left out.
        extension=int(phone.extension) if phone.extension.isdigit() else None,
        type=phone.type,
        description=phone.description,
    )


def _schedule(rule: Schedule) -> Json:
    return _present(
        id=str(rule.id),
        service_id=_id(rule.service_id),
        location_id=_id(rule.location_id),
        freq=rule.freq,
        byday=rule.byday,
        opens_at=rule.opens_at.isoformat(),
        closes_at=rule.closes_at.isoformat(),
        valid_from=_date(rule.valid_from),
        valid_to=_date(rule.valid_to),
        description=rule.description,
    )


def _service_area(service_area: ServiceArea) -> Json:
    return _present(
        id=str(service_area.id),
        service_id=str(service_area.service_id),
        name=service_area.area.name,
        description=service_area.description,
    )


def _language(language: Language) -> Json:
    return _present(
        id=str(language.id),
        service_id=str(language.service_id),
        name=language.name,
        code=language.code,
    )


def _contact(contact: Contact) -> Json:
    return _present(
        id=str(contact.id),
        service_id=str(contact.service_id),
        name=contact.name,
        title=contact.title,
        email=contact.email,
    )


def _cost_option(option: CostOption) -> Json:
    return _present(
        id=str(option.id),
        service_id=str(option.service_id),
        option=option.option,
        amount=float(option.amount) if option.amount is not None else None,
        amount_description=option.amount_description,
        currency=option.currency,
    )


def _attribute(service: Service, term: TaxonomyTerm) -> Json:
    return {
        "id": str(uuid.uuid5(_ATTRIBUTE_NAMESPACE, f"{service.id}/{term.id}")),
        "link_id": str(service.id),
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term=term),
    }


def taxonomy(*, taxonomy: Taxonomy) -> Json:
    return {
        "id": str(taxonomy.id),
        "name": taxonomy.name,
        "description": taxonomy.description,
        **_present(uri=taxonomy.uri, version=taxonomy.version),
    }


def taxonomy_term(*, term: TaxonomyTerm) -> Json:
    """Expects the term's taxonomy loaded with it."""
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        **_present(
            code=term.code,
            parent_id=_id(term.parent_id),
            taxonomy=term.taxonomy.name,
            taxonomy_id=str(term.taxonomy_id),
            taxonomy_detail=taxonomy(taxonomy=term.taxonomy),
            # Terms are written in the directory's language.
            language=settings.LANGUAGE_CODE,
        ),
    }
