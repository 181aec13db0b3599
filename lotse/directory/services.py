"""Every state change of the directory. Pages and the API call these and nothing else."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import require
from lotse.directory.geo import address_point, postcode_point
from lotse.directory.models import (
    Accessibility,
    Address,
    Lexeme,
    Location,
    SearchEntry,
    Service,
    ServiceAtLocation,
)
from lotse.directory.text import flag, search_document

EDITABLE_FIELDS = [
    "name",
    "description",
    "easy_language_description",
    "url",
    "email",
    "reach",
    "cost",
    "fee_amount",
    "care_level_required",
    "recognised_45a",
    "staffing",
]

# Besides these, location services take address_1, postal_code, city, features and offers.
LOCATION_FIELDS = ["name", "transportation", "quarter"]


def search_index_service(*, service: Service) -> None:
    """Rebuilds the search document of one offer; archived offers leave the index."""
    if service.status != Service.Status.ACTIVE:
        SearchEntry.objects.filter(service=service).delete()
        return
    texts = [service.alternate_name, service.description, service.organization.name]
    # Topic and target group names too: "Demenz" finds offers for "Menschen mit Demenz".
    texts += [t.name for t in service.terms.all()]
    flags = [flag("t", t.code) for t in service.terms.all()]
    flags += [flag("t", t.parent.code) for t in service.terms.all() if t.parent]
    flags += [flag("l", lang.code) for lang in service.languages.all()]
    days = {day[-2:] for rule in service.schedules.all() for day in rule.byday.split(",") if day}
    flags += [flag("d", day) for day in sorted(days)]
    lat = lon = None
    for sal in service.service_at_locations.select_related("location__quarter__parent"):
        loc = sal.location
        if loc.latitude is not None and lat is None:
            lat, lon = loc.latitude, loc.longitude
        if loc.quarter:
            flags.append(flag("a", loc.quarter.slug))
            if loc.quarter.parent:
                flags.append(flag("a", loc.quarter.parent.slug))
        texts += [a.city for a in loc.addresses.all()]
        if loc.accessibility.filter(feature=Accessibility.Feature.STEP_FREE).exists():
            flags.append(flag("stufenlos"))
    if service.cost == Service.Cost.FREE:
        flags.append(flag("kostenlos"))
    document = search_document(name=service.name, text=" ".join(texts), flags=flags)
    SearchEntry.objects.update_or_create(
        service=service, defaults={"document": document, "latitude": lat, "longitude": lon}
    )
    words = {t for t in document.split() if not t.startswith("qf")}
    Lexeme.objects.bulk_create([Lexeme(term=t[:80]) for t in words], ignore_conflicts=True)


def _check_duplicate(service: Service) -> None:
    twins = Service.objects.filter(
        organization=service.organization, name__iexact=service.name.strip()
    ).exclude(id=service.id)
    if twins.exists():
        raise ValidationError(
            {"name": _("Diese Organisation hat schon ein Angebot mit diesem Namen.")}
        )


@transaction.atomic
def offer_create(*, actor, organisation: Organisation, data: dict) -> Service:
    require(actor, "directory.add_offer")
    service = Service(
        organization=organisation, **{k: data[k] for k in EDITABLE_FIELDS if k in data}
    )
    require(actor, "directory.change_offer", service)
    service.full_clean()
    _check_duplicate(service)
    service.last_verified_at = dt.date.today()
    service.last_verified_by = actor
    service.save()
    search_index_service(service=service)
    audit_record(actor=actor, verb="offer.created", target=service)
    return service


@transaction.atomic
def offer_update(*, actor, service: Service, data: dict) -> Service:
    require(actor, "directory.change_offer", service)
    changed = [k for k in EDITABLE_FIELDS if k in data and getattr(service, k) != data[k]]
    for key in changed:
        setattr(service, key, data[key])
    service.full_clean()
    _check_duplicate(service)
    # Saving through the staff form confirms the data as checked today.
    service.last_verified_at = dt.date.today()
    service.last_verified_by = actor
    service.save(update_fields=[*changed, "last_verified_at", "last_verified_by", "updated_at"])
    search_index_service(service=service)
    audit_record(actor=actor, verb="offer.updated", target=service, note=", ".join(changed))
    return service


@transaction.atomic
def offer_archive(*, actor, service: Service) -> Service:
    require(actor, "directory.change_offer", service)
    if service.status == Service.Status.INACTIVE:
        raise ValidationError(_("Das Angebot ist schon archiviert."))
    service.status = Service.Status.INACTIVE
    service.save(update_fields=["status", "updated_at"])
    search_index_service(service=service)
    audit_record(actor=actor, verb="offer.archived", target=service)
    return service


def _location_apply(location: Location, data: dict) -> None:
    """Sets address, step-free features and offers; the location is saved already."""
    Address.objects.update_or_create(
        location=location,
        defaults={
            "address_1": data["address_1"],
            "postal_code": data["postal_code"],
            "city": data["city"],
        },
    )
    location.accessibility.exclude(feature__in=data["features"]).delete()
    have = set(location.accessibility.values_list("feature", flat=True))
    Accessibility.objects.bulk_create(
        [Accessibility(location=location, feature=f) for f in data["features"] if f not in have]
    )
    offers = list(data["offers"])
    before = list(Service.objects.filter(service_at_locations__location=location))
    location.service_at_locations.exclude(service__in=offers).delete()
    for offer in offers:
        ServiceAtLocation.objects.get_or_create(service=offer, location=location)
    for offer in {*before, *offers}:
        search_index_service(service=offer)


def _location_check(location: Location, data: dict) -> None:
    location.full_clean(exclude=["organization"])
    if set(data["features"]) - set(Accessibility.Feature.values):
        raise ValidationError({"features": _("Unbekanntes Merkmal der Barrierefreiheit.")})
    foreign = [o.name for o in data["offers"] if o.organization_id != location.organization_id]
    if foreign:
        raise ValidationError({"offers": _("Sie können nur eigene Angebote zuordnen.")})
    quarter = location.quarter
    region_id = location.organization.region_id
    if quarter and (quarter.kind != Area.Kind.QUARTER or quarter.region_id != region_id):
        raise ValidationError({"quarter": _("Wählen Sie ein Quartier Ihrer Region.")})
    centre = postcode_point(data["postal_code"])
    if centre is None:
        raise ValidationError(
            {"postal_code": _("Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie sie.")}
        )
    # Without a geocoder the postcode centre is close enough for distance search.
    point = address_point(street=data["address_1"], postcode=data["postal_code"], city=data["city"])
    location.latitude, location.longitude = point or centre


@transaction.atomic
def location_create(*, actor, organisation: Organisation, data: dict) -> Location:
    location = Location(organization=organisation, **{k: data[k] for k in LOCATION_FIELDS})
    require(actor, "directory.change_location", location)
    _location_check(location, data)
    location.save()
    _location_apply(location, data)
    audit_record(actor=actor, verb="location.created", target=location)
    return location


@transaction.atomic
def location_update(*, actor, location: Location, data: dict) -> Location:
    require(actor, "directory.change_location", location)
    for key in LOCATION_FIELDS:
        setattr(location, key, data[key])
    _location_check(location, data)
    location.save(update_fields=[*LOCATION_FIELDS, "latitude", "longitude"])
    _location_apply(location, data)
    audit_record(actor=actor, verb="location.updated", target=location)
    return location
