"""Every state change of the directory. Pages and the API call these and nothing else."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import require
from lotse.directory.models import Accessibility, Lexeme, SearchEntry, Service
from lotse.directory.text import index_tokens

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


def search_index_service(*, service: Service) -> None:
    """Rebuilds the search document of one offer; archived offers leave the index."""
    if service.status != Service.Status.ACTIVE:
        SearchEntry.objects.filter(service=service).delete()
        return
    text = " ".join(
        [service.name, service.alternate_name, service.description, service.organization.name]
    )
    tokens = index_tokens(text)
    flags = [f"_t_{t.code}" for t in service.terms.all()]
    flags += [f"_t_{t.parent.code}" for t in service.terms.all() if t.parent_id]
    flags += [f"_l_{lang.code}" for lang in service.languages.all()]
    lat = lon = None
    for sal in service.service_at_locations.select_related("location__quarter__parent"):
        loc = sal.location
        if loc.latitude is not None and lat is None:
            lat, lon = loc.latitude, loc.longitude
        if loc.quarter:
            flags.append(f"_a_{loc.quarter.slug}")
            if loc.quarter.parent:
                flags.append(f"_a_{loc.quarter.parent.slug}")
        tokens += index_tokens(" ".join(a.city for a in loc.addresses.all()))
        if loc.accessibility.filter(feature=Accessibility.Feature.STEP_FREE).exists():
            flags.append("_stufenlos")
    if service.cost == Service.Cost.FREE:
        flags.append("_kostenlos")
    document = " " + " ".join(dict.fromkeys(tokens + flags)) + " "
    SearchEntry.objects.update_or_create(
        service=service, defaults={"document": document, "latitude": lat, "longitude": lon}
    )
    Lexeme.objects.bulk_create([Lexeme(term=t[:80]) for t in set(tokens)], ignore_conflicts=True)


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
