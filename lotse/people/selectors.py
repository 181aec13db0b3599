"""Reads of persons. `access_person` is the one way to fetch a person for an actor, and it
records the read in the audit log: a read of personal data is itself an event to keep."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from rapidfuzz import fuzz

from lotse.core.audit import audit_record
from lotse.core.models import Area, AuditEntry, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.people.matching import digits, fold, fold_street
from lotse.people.models import Consent, Person
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


def person_search(*, actor: Actor, text: str) -> list[Person]:
    """Persons of the actor's organisations by name, phone digits or street, tolerant of case,
    umlauts and ß. Lists only names and addresses, so no read is recorded per hit."""
    words = fold(text).split()
    if not words:
        return []
    persons = Person.objects.filter(organisation__in=person_organisations(actor=actor))
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
    candidates = Person.objects.filter(organisation=organisation, birth_year=birth_year)
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
    return Consent.objects.filter(person=person).select_related("recipient", "recorded_by")


def access_consent(actor: Actor, *, person: Person, consent_id: uuid.UUID | str) -> Consent:
    """A consent of a person the actor already accessed; any other answers 404."""
    try:
        consent = consent_list(person=person).get(id=consent_id)
    except (Consent.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("people.change_consent", consent):
        raise Http404
    return consent


def recipient_choices(*, person: Person) -> QuerySet[Organisation]:
    """Organisations a person's data may be shared with: those of the person's region."""
    return Organisation.objects.filter(region_id=person.region_id).exclude(
        pk=person.organisation_id
    )


def quarter_choices(*, organisation: Organisation) -> QuerySet[Area]:
    return Area.objects.filter(kind=Area.Kind.QUARTER, region_id=organisation.region_id)
