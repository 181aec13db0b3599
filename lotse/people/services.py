"""Every change of persons and consents, and the consent gate `consent_require`."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, require
from lotse.people.matching import digits, fold, fold_street
from lotse.people.models import Consent, ContactChannel, Person
from lotse.people.selectors import person_duplicates

# The fields of Person a form may set.
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "birth_year",
    "birth_date",
    "phone",
    "email",
    "street",
    "postcode",
    "city",
    "quarter",
    "languages",
    "contact_channel",
    "hearing_note",
    "sight_note",
    "mobility_note",
)


class PossibleDuplicates(ValidationError):
    """The organisation may already hold this person; `candidates` lists them. Creating anyway
    needs `confirmed_new=True` (the form's "Trotzdem neu anlegen")."""

    def __init__(self, candidates: list[Person]) -> None:
        super().__init__(_("Diese Person gibt es vielleicht schon."))
        self.candidates = candidates


class ConsentMissing(PermissionDenied):
    """Raised by `consent_require`. A PermissionDenied, not a ValidationError: the data is
    fine, the action is not allowed; a caller that forgets to handle it fails closed (403)
    instead of showing a form error that invites "fixing" the input."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _set_search_keys(person: Person) -> None:
    person.search_name = fold(f"{person.given_name} {person.family_name}")
    person.search_phone = digits(person.phone)
    person.search_street = fold_street(person.street)


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    organisation: Organisation,
    data: dict[str, Any],
    confirmed_new: bool = False,
) -> Person:
    require(actor, "people.add_person", organisation)
    person = Person(organisation=organisation, region_id=organisation.region_id)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    _set_search_keys(person)
    person.full_clean()
    if not confirmed_new:
        candidates = person_duplicates(
            organisation=organisation,
            given_name=person.given_name,
            family_name=person.family_name,
            birth_year=person.birth_year,
            phone=person.phone,
            street=person.street,
        )
        if candidates:
            raise PossibleDuplicates(candidates)
    person.save(force_insert=True)
    note = "trotz möglicher Doppelung angelegt" if confirmed_new else ""
    audit_record(actor=actor, verb="person.created", target=person, note=note, purpose="Anlage")
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, data: dict[str, Any]) -> Person:
    require(actor, "people.change_person", person)
    changed = [
        name for name in PERSON_FIELDS if name in data and getattr(person, name) != data[name]
    ]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, data[name])
    _set_search_keys(person)
    person.full_clean()
    person.save(
        update_fields=[
            *changed,
            "search_name",
            "search_phone",
            "search_street",
            "updated_at",
        ]
    )
    # Field names only: the log must not become a second copy of the data.
    audit_record(
        actor=actor, verb="person.updated", target=person, note=", ".join(changed), purpose="Pflege"
    )
    return person


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    purpose: str,
    given_how: str,
    given_at: dt.datetime | None = None,
    recipient: Organisation | None = None,
    channel: str = "",
    evidence_note: str = "",
) -> Consent:
    require(actor, "people.add_consent", person)
    assert actor is not None  # require refused anonymous actors
    consent = Consent(
        person=person,
        region_id=person.region_id,
        purpose=purpose,
        given_how=given_how,
        given_at=given_at or timezone.now(),
        recipient=recipient,
        channel=channel,
        recorded_by=actor,
        evidence_note=evidence_note,
    )
    consent.full_clean()
    if consent.given_at > timezone.now():
        raise ValidationError({"given_at": _("Das Datum muss in der Vergangenheit liegen")})
    consent.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="consent.recorded",
        target=consent,
        note=f"{purpose} {given_how}",
        purpose="Einwilligung",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent) -> Consent:
    """Effective at once: from this moment `consent_require` refuses."""
    require(actor, "people.change_consent", consent)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Diese Einwilligung ist schon widerrufen."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(actor=actor, verb="consent.withdrawn", target=consent, purpose="Einwilligung")
    return consent


def consent_require(
    *,
    person: Person,
    purpose: str,
    recipient: Organisation | None = None,
    channel: str = "",
) -> Consent:
    """THE gate: every service calls it before it shares or uses a person's data for a
    purpose. Returns the consent in force; raises ConsentMissing with a German message."""
    name = str(person)
    consents = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
    if purpose == Consent.Purpose.SHARE:
        if recipient is None:
            raise ValueError("consent_require: sharing needs a recipient")
        consents = consents.filter(recipient=recipient)
        message = _(
            "Für %(name)s liegt keine Einwilligung vor, die Daten an %(recipient)s weiterzugeben."
        ) % {"name": name, "recipient": recipient.name}
    elif purpose == Consent.Purpose.CONTACT:
        if not channel:
            raise ValueError("consent_require: contact needs a channel")
        if person.contact_channel == ContactChannel.NONE:
            raise ConsentMissing(_("%(name)s möchte nicht kontaktiert werden.") % {"name": name})
        consents = consents.filter(channel=channel)
        message = _(
            "Für %(name)s liegt keine Einwilligung vor, per %(channel)s Kontakt aufzunehmen."
        ) % {"name": name, "channel": ContactChannel(channel).label}
    elif purpose == Consent.Purpose.KEEP:
        message = _("Für %(name)s liegt keine Einwilligung vor, die Daten zu speichern.") % {
            "name": name
        }
    elif purpose == Consent.Purpose.PHOTOS:
        message = _("Für %(name)s liegt keine Einwilligung für Fotos vor.") % {"name": name}
    else:
        raise ValueError(f"consent_require: unknown purpose {purpose!r}")
    consent = consents.order_by("-given_at").first()
    if consent is None:
        raise ConsentMissing(message)
    return consent
