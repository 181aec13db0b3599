"""Reads of persons. `access_person` is the one way to fetch a person for an actor, and it
records the read in the audit log: a read of personal data is itself an event to keep."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ForeignObjectRel, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from rapidfuzz import fuzz

from lotse.core.audit import audit_record
from lotse.core.models import Area, AuditEntry, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.people.matching import digits, fold, fold_street
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.rules import PERSON_ROLES

# Why a page shows a person, when the link does not say.
DEFAULT_PURPOSE = "Beratung"
PURPOSES = ("Beratung", "Weitervermittlung", "Nachfrage", "Datenauskunft")
SEARCH_LIMIT = 50
# rapidfuzz ratio (0-100) from which two folded names count as the same.
NAME_SIMILARITY = 85
STREET_SIMILARITY = 90


def person_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations whose persons the actor works with."""
    if actor is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=actor, memberships__role__in=PERSON_ROLES
    ).distinct()


def access_person(actor: Actor, person_id: uuid.UUID | str, *, purpose: str) -> Person:
    """A person the actor may see, the read recorded with its purpose. Another organisation's
    person answers 404, exactly like a missing one; a colleague of the holding organisation
    without a role that works with persons gets 403 (`refuse_object`)."""
    try:
        person = Person.objects.select_related("organisation", "quarter").get(id=person_id)
    except (Person.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("people.view_person", person):
        refuse_object(actor, organisation_id=person.organisation_id)
    audit_record(actor=actor, verb="person.read", target=person, purpose=purpose)
    return person


def person_reads_record(*, actor: Actor, persons: list[Person], purpose: str) -> None:
    """Records a read of each of `persons` (already accessible to the actor)."""
    for person in persons:
        audit_record(actor=actor, verb="person.read", target=person, purpose=purpose)


def person_search(*, actor: Actor, text: str, record_purpose: str = "") -> list[Person]:
    """Persons of the actor's organisations by name, phone digits or street, tolerant of case,
    umlauts and ß. The page lists only names and addresses and records no read per hit; the
    API passes `record_purpose`, and each hit is recorded as a read."""
    found = _person_search(actor=actor, text=text)
    if record_purpose:
        person_reads_record(actor=actor, persons=found, purpose=record_purpose)
    return found


def _person_search(*, actor: Actor, text: str) -> list[Person]:
    words = fold(text).split()
    if not words:
        return []
    persons = Person.objects.filter(
        organisation__in=person_organisations(actor=actor), anonymised_at__isnull=True
    )
    phone = digits(text)
    if len(phone) >= 3 and len(phone) >= len(text.replace(" ", "")) // 2:
        return list(persons.filter(search_phone__contains=phone)[:SEARCH_LIMIT])
    street = fold_street(text)
    by_name = Q()
    for word in words:
        by_name &= Q(search_name__contains=word)
    return list(
        persons.filter(by_name | Q(search_street__contains=street))
        .select_related("quarter")
        .order_by("family_name", "given_name")[:SEARCH_LIMIT]
    )


def person_duplicates(
    *,
    organisation: Organisation,
    given_name: str,
    family_name: str,
    birth_year: int,
    phone: str = "",
    street: str = "",
    exclude: Person | None = None,
) -> list[Person]:
    """Persons the organisation already holds who may be the same: a similar name, the same
    birth year, and the same phone number or a similar street."""
    name = fold(f"{given_name} {family_name}")
    phone_digits = digits(phone)
    folded_street = fold_street(street)
    candidates = Person.objects.filter(
        organisation=organisation, birth_year=birth_year, anonymised_at__isnull=True
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for person in candidates:
        if fuzz.ratio(name, person.search_name) < NAME_SIMILARITY:
            continue
        same_phone = bool(phone_digits) and phone_digits == person.search_phone
        same_street = bool(folded_street and person.search_street) and (
            fuzz.ratio(folded_street, person.search_street) >= STREET_SIMILARITY
        )
        if same_phone or same_street:
            found.append(person)
    return found


def person_read_log(*, person: Person, limit: int = 100) -> QuerySet[AuditEntry]:
    """Who looked at the record, newest first: for "Wer hat diese Akte angesehen?"."""
    return AuditEntry.objects.filter(
        target_type=Person._meta.label, target_id=str(person.pk), verb="person.read"
    ).select_related("actor")[:limit]


def consent_list(*, person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("recipient", "recorded_by", "proxy")


def access_consent(actor: Actor, *, person: Person, consent_id: uuid.UUID | str) -> Consent:
    """A consent of a person the actor already accessed; any other answers 404."""
    try:
        consent = consent_list(person=person).get(id=consent_id)
    except (Consent.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("people.change_consent", consent):
        raise Http404
    return consent


def share_recipient_ids(*, person: Person) -> set:
    """The organisations the person agreed to have their data shared with, as of now."""
    return set(
        Consent.objects.filter(
            person=person, purpose=Consent.Purpose.SHARE, withdrawn_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )


def recipient_choices(*, person: Person) -> QuerySet[Organisation]:
    """Organisations a person's data may be shared with: those of the person's region."""
    return Organisation.objects.filter(region_id=person.region_id).exclude(
        pk=person.organisation_id
    )


def chosen_in[M: models.Model](choices: QuerySet[M], wanted: str) -> M | None:
    """The object of `choices` whose id a link or form names, or None (also for a malformed
    id): `?empfaenger=` on the consent form, `?neu=` on the inquiry form."""
    try:
        return choices.filter(pk=uuid.UUID(wanted)).first()
    except ValueError:
        return None


def quarter_choices(*, organisation: Organisation) -> QuerySet[Area]:
    return Area.objects.filter(kind=Area.Kind.QUARTER, region_id=organisation.region_id)


def correction_list(*, person: Person) -> QuerySet[PersonCorrection]:
    """The Art. 16 history of a person, newest first."""
    return PersonCorrection.objects.filter(person=person).select_related("changed_by")


def proxy_list(*, person: Person) -> QuerySet[Proxy]:
    return Proxy.objects.filter(person=person).select_related("recorded_by", "ended_by")


def proxy_choices(*, person: Person) -> QuerySet[Proxy]:
    """The proxies that may give a consent now (as `Proxy.is_active`)."""
    return Proxy.objects.filter(person=person, ended_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
    )


def access_proxy(actor: Actor, *, person: Person, proxy_id: uuid.UUID | str) -> Proxy:
    """A proxy of a person the actor already accessed; any other answers 404."""
    try:
        proxy = proxy_list(person=person).get(id=proxy_id)
    except (Proxy.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("people.change_proxy", proxy):
        raise Http404
    return proxy


def person_duplicates_of(*, person: Person) -> list[Person]:
    """Other records of the person's organisation that may be the same person."""
    return person_duplicates(
        organisation=person.organisation,
        given_name=person.given_name,
        family_name=person.family_name,
        birth_year=person.birth_year,
        phone=person.phone,
        street=person.street,
        exclude=person,
    )


def person_relations() -> list[ForeignObjectRel]:
    """Every relation of another model to Person, hidden ones (related_name="+") included, which
    `_meta.related_objects` leaves out. Merge, the Art. 15 export and erasure all use this one
    list, so a model another app adds with a foreign key to Person is never missed."""
    return [
        field
        for field in Person._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel)
    ]
