"""Every state change of the directory. Pages and the API call these and nothing else."""

import datetime as dt
import hashlib
import logging
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.links import site_link
from lotse.core.models import Area, Organisation
from lotse.core.permissions import require
from lotse.directory.geo import address_point, postcode_point
from lotse.directory.models import (
    LANGUAGES,
    Accessibility,
    Address,
    Language,
    Location,
    Phone,
    SavedService,
    Schedule,
    Service,
    ServiceAtLocation,
)
from lotse.directory.search.indexing import search_entries_rebuild
from lotse.directory.selectors import review_queue
from lotse.notifications.services import message_enqueue

logger = logging.getLogger(__name__)

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
    search_entries_rebuild(service_ids=[service.pk], change_rows=True)


def _check_duplicate(service: Service) -> None:
    twins = Service.objects.filter(
        organization=service.organization, name__iexact=service.name.strip()
    ).exclude(id=service.id)
    if twins.exists():
        raise ValidationError(
            {"name": _("Diese Organisation hat schon ein Angebot mit diesem Namen.")}
        )


def _offer_relations_apply(service: Service, data: dict) -> list[str]:
    """Sets topics and target groups, languages and the phone number; returns what changed."""
    changed = []
    if "terms" in data and set(service.terms.all()) != set(data["terms"]):
        service.terms.set(data["terms"])
        changed.append("terms")
    if "languages" in data:
        codes = list(dict.fromkeys(data["languages"]))
        unknown = set(codes) - {code for code, _name in LANGUAGES}
        if unknown:
            raise ValidationError({"languages": _("Diese Sprache kennen wir nicht.")})
        if sorted(codes) != sorted(lang.code for lang in service.languages.all()):
            service.languages.all().delete()
            # The stored name is German, the data's language, whatever the staff member reads.
            with translation.override("de"):
                names = {code: str(name) for code, name in LANGUAGES}
            Language.objects.bulk_create(
                [Language(service=service, code=c, name=names[c]) for c in codes]
            )
            changed.append("languages")
    if "phone" in data:
        number = data["phone"].strip()
        # The API passes the number unchecked; PostgreSQL refuses an overlong one with a 500.
        if len(number) > Phone._meta.get_field("number").max_length:  # type: ignore[operator]
            raise ValidationError({"phone": _("Die Telefonnummer darf höchstens 40 Zeichen haben")})
        phone = service.phones.first()
        if phone and not number:
            phone.delete()
        elif number and phone is None:
            Phone.objects.create(service=service, number=number)
        elif phone and number != phone.number:
            phone.number = number
            phone.save(update_fields=["number"])
        else:
            return changed
        changed.append("phone")
    return changed


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
    _offer_relations_apply(service, data)
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
    changed += _offer_relations_apply(service, data)
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


@transaction.atomic
def offer_hours_set(*, actor, service: Service, rules: list[dict]) -> Service:
    """Replaces the offer's opening hours. Each rule: days (codes), week ("" for every week,
    else 1-4 or -1 for the week of the month), opens_at, closes_at. Empty rules are skipped."""
    require(actor, "directory.change_offer", service)
    schedules = []
    for number, rule in enumerate(rules, start=1):
        if not (rule["days"] or rule["opens_at"] or rule["closes_at"]):
            continue
        if not rule["days"] or not rule["opens_at"] or not rule["closes_at"]:
            raise ValidationError(
                _("Zeit %(n)s: Wählen Sie mindestens einen Tag und geben Sie von und bis an.")
                % {"n": number}
            )
        if rule["closes_at"] <= rule["opens_at"]:
            raise ValidationError(
                _("Zeit %(n)s: Das Ende muss nach dem Beginn liegen.") % {"n": number}
            )
        week = rule["week"]
        schedules.append(
            Schedule(
                service=service,
                freq=Schedule.Freq.MONTHLY if week else Schedule.Freq.WEEKLY,
                byday=",".join(f"{week}{day}" for day in rule["days"]),
                opens_at=rule["opens_at"],
                closes_at=rule["closes_at"],
            )
        )
    for schedule in schedules:
        schedule.full_clean()
    service.schedules.all().delete()
    Schedule.objects.bulk_create(schedules)
    search_index_service(service=service)
    audit_record(actor=actor, verb="offer.hours_set", target=service, note=f"{len(schedules)}")
    return service


# The Merkliste -----------------------------------------------------------------------------

# A Merkliste holds at most this many offers: enough for anyone, and no account can grow it
# without bound.
SAVED_MAX = 100


@transaction.atomic
def saved_service_add(*, user: User, service: Service) -> SavedService:
    """ "Merken": puts an offer on the user's Merkliste; an offer already there stays once."""
    saved = SavedService.objects.filter(user=user, service=service).first()
    if saved is not None:
        return saved
    if SavedService.objects.filter(user=user).count() >= SAVED_MAX:
        raise ValidationError(
            _(
                "Ihre Merkliste ist voll (%(count)d Angebote). Nehmen Sie zuerst Angebote "
                "von der Liste, die Sie nicht mehr brauchen."
            )
            % {"count": SAVED_MAX}
        )
    saved, _created = SavedService.objects.get_or_create(user=user, service=service)
    return saved


def saved_service_remove(*, user: User, service_id: uuid.UUID) -> bool:
    """Takes an offer off the user's Merkliste; False when it was not there."""
    deleted, _by_model = SavedService.objects.filter(user=user, service_id=service_id).delete()
    return bool(deleted)


# An organisation is asked to confirm its stale offers at most once in this many days.
REMIND_EVERY_DAYS = 30


def _reminder_due(today: dt.date):
    """Stale offers (review_queue) of organisations with an e-mail address, not reminded
    within REMIND_EVERY_DAYS."""
    return (
        review_queue(today=today)
        .exclude(verification_reminded_at__gt=today - dt.timedelta(days=REMIND_EVERY_DAYS))
        .exclude(organization__email="")
    )


@transaction.atomic
def _verification_remind(*, organisation: Organisation, offer_ids: list, today: dt.date) -> bool:
    """One organisation's reminder: its message in the outbox and its offers marked reminded,
    in one transaction. The offers are looked at again under a lock, so that a second run at
    the same time finds them reminded."""
    offers = list(
        _reminder_due(today)
        .filter(pk__in=offer_ids, organization=organisation)
        .select_for_update(of=("self",))
        .order_by("name")
    )
    if not offers:
        return False
    ids = ",".join(sorted(str(offer.pk) for offer in offers))
    message_enqueue(
        template="directory/verification_reminder",
        context={
            "organisation": organisation.name,
            "offers": [offer.name for offer in offers],
            "link": site_link(reverse("directory:staff_offers")),
        },
        email=organisation.email,
        channel="email",
        # The same offers on the same day are the same reminder.
        dedupe_key=f"verification-reminder:{today.isoformat()}:"
        + hashlib.sha256(ids.encode()).hexdigest(),
    )
    Service.objects.filter(pk__in=[offer.pk for offer in offers]).update(
        verification_reminded_at=today
    )
    return True


def verification_reminders_send(*, today: dt.date | None = None) -> int:
    """Asks each organisation by e-mail to confirm its offers not verified for 12 months, at
    most once in REMIND_EVERY_DAYS; returns how many were asked. The e-mails leave through the
    outbox (lotse.notifications), each written in the transaction that marks its offers
    reminded: a crash leaves an organisation either reminded with its e-mail on the way or
    neither (the next run asks it), never asked twice, never marked without its e-mail."""
    today = today or timezone.localdate()
    by_organisation: dict[Organisation, list] = defaultdict(list)
    for offer in _reminder_due(today):
        by_organisation[offer.organization].append(offer.pk)
    reminded = 0
    for organisation, offer_ids in by_organisation.items():
        try:
            reminded += _verification_remind(
                organisation=organisation, offer_ids=offer_ids, today=today
            )
        except ValidationError:
            # An address the outbox refuses: the others are still asked.
            logger.warning("verification reminder not sent: organisation=%s", organisation.pk)
    return reminded
