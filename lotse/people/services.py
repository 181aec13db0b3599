"""Every change of persons and consents, and the consent gate `consent_require`."""

import datetime as dt
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, require
from lotse.people.matching import digits, fold, fold_street
from lotse.people.models import Consent, ContactChannel, Person, PersonCorrection, Proxy
from lotse.people.selectors import person_duplicates, person_relations

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
def person_register(
    *,
    actor: Actor,
    organisation: Organisation,
    data: dict[str, Any],
    consents: list[tuple[str, str]],
    given_how: str,
    purpose: str,
) -> Person:
    """A person who joins another app's work (a volunteer signing up), with the consents they
    gave (`consents`: (purpose, channel) pairs; channel only for CONTACT). For the calling
    app's service, which has checked its own permission first (e.g. volunteers.add_helper):
    this function does not ask for people.add_person, because the person registers themself
    (`actor` None, on a public form: the consents are given online and recorded by nobody) or
    is registered by that app's staff from a paper form (`given_how` written). No duplicate
    check: the person is not looked up among the organisation's clients."""
    person = Person(organisation=organisation, region_id=organisation.region_id)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    _set_search_keys(person)
    person.full_clean()
    person.save(force_insert=True)
    audit_record(actor=actor, verb="person.created", target=person, purpose=purpose)
    now = timezone.now()
    for consent_purpose, channel in consents:
        consent = Consent(
            person=person,
            region_id=person.region_id,
            purpose=consent_purpose,
            given_how=given_how,
            given_at=now,
            channel=channel,
            recorded_by=actor,
        )
        consent.full_clean()
        consent.save(force_insert=True)
        audit_record(
            actor=actor,
            verb="consent.recorded",
            target=consent,
            note=f"{consent_purpose} {given_how}",
            purpose="Einwilligung",
        )
    return person


def value_shown(name: str, value: object) -> str:
    """A value of the Person field `name` as the history and the merge page show it."""
    choices = dict(getattr(Person._meta.get_field(name), "flatchoices", []))
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return str(value)


def _correction_record(
    *,
    actor: Actor,
    person: Person,
    old: dict[str, object],
    reason: str,
    kind: str = PersonCorrection.Kind.CORRECTION,
) -> PersonCorrection:
    """The Art. 16 history entry for the fields in `old`, with their values before and now."""
    assert actor is not None
    values = {
        name: [value_shown(name, value), value_shown(name, getattr(person, name))]
        for name, value in old.items()
    }
    correction = PersonCorrection(
        person=person,
        region_id=person.region_id,
        kind=kind,
        changed_by=actor,
        reason=reason,
        fields=list(old),
        change_values=json.dumps(values, ensure_ascii=False),
    )
    correction.full_clean()
    correction.save(force_insert=True)
    return correction


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, data: dict[str, Any], reason: str = ""
) -> Person:
    """Changes the given fields and records the change with old and new values (Art. 16)."""
    require(actor, "people.change_person", person)
    changed = [
        name for name in PERSON_FIELDS if name in data and getattr(person, name) != data[name]
    ]
    if not changed:
        return person
    old = {name: getattr(person, name) for name in changed}
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
    _correction_record(actor=actor, person=person, old=old, reason=reason.strip())
    # Field names only: the log must not become a second copy of the data.
    audit_record(
        actor=actor, verb="person.updated", target=person, note=", ".join(changed), purpose="Pflege"
    )
    return person


def _is_empty(value: object) -> bool:
    return value in (None, "", [])


@transaction.atomic
def person_merge(*, actor: Actor, keep: Person, duplicate: Person) -> Person:
    """Merges two records of the same person: every relation pointing to `duplicate` (found
    generically, so models of other apps come along) moves to `keep`, empty fields of `keep`
    are filled from `duplicate`, the change is recorded, then `duplicate` is deleted."""
    require(actor, "people.merge_person", keep)
    require(actor, "people.merge_person", duplicate)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Eine Person kann nicht mit sich selbst zusammengeführt werden."))
    if keep.organisation_id != duplicate.organisation_id:
        raise ValidationError(_("Nur Personen desselben Trägers können zusammengeführt werden."))
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if keep.anonymised_at or duplicate.anonymised_at:
        raise ValidationError(_("Anonymisierte Einträge können nicht zusammengeführt werden."))
    moved = []
    for relation in person_relations():
        count = _relation_move(relation, keep=keep, duplicate=duplicate)
        if count:
            moved.append(f"{relation.related_model._meta.label}.{relation.field.name}: {count}")
    old = {}
    for name in PERSON_FIELDS:
        if _is_empty(getattr(keep, name)) and not _is_empty(getattr(duplicate, name)):
            old[name] = getattr(keep, name)
            setattr(keep, name, getattr(duplicate, name))
    if keep.birth_date and keep.birth_date.year != keep.birth_year:
        # The two records disagree on the birth year: keep's year wins, the date is dropped.
        old.pop("birth_date", None)
        keep.birth_date = None
    _set_search_keys(keep)
    keep.full_clean()
    keep.save(
        update_fields=[
            *PERSON_FIELDS,
            "search_name",
            "search_phone",
            "search_street",
            "updated_at",
        ]
    )
    reason = _("Zusammengeführt mit einem doppelten Eintrag (%(id)s)") % {"id": duplicate.pk}
    _correction_record(
        actor=actor, person=keep, old=old, reason=reason, kind=PersonCorrection.Kind.MERGE
    )
    note = f"{keep.pk} <- {duplicate.pk}; " + "; ".join(moved) + "; " + ", ".join(old)
    audit_record(
        actor=actor, verb="person.merged", target=keep, note=note, purpose="Zusammenführung"
    )
    audit_record(
        actor=actor,
        verb="person.merged_away",
        target=duplicate,
        note=f"{duplicate.pk} -> {keep.pk}",
        purpose="Zusammenführung",
    )
    duplicate.delete()
    return keep


def _relation_move(relation: Any, *, keep: Person, duplicate: Person) -> int:
    """Points the rows of one reverse relation of `duplicate` at `keep`; the number moved."""
    if relation.many_to_many:
        # Another model's ManyToManyField to Person: move the rows of its through table, and
        # drop those that would link the same object to `keep` twice.
        through = relation.through
        to_person = relation.field.m2m_reverse_field_name()
        to_other = relation.field.m2m_field_name() + "_id"
        rows = through._base_manager.filter(**{to_person: duplicate})
        linked = through._base_manager.filter(**{to_person: keep}).values(to_other)
        rows.filter(**{f"{to_other}__in": linked}).delete()
        return rows.update(**{to_person: keep})
    if relation.one_to_one:
        rows = relation.related_model._base_manager.filter(**{relation.field.name: duplicate})
        if (
            rows.exists()
            and relation.related_model._base_manager.filter(**{relation.field.name: keep}).exists()
        ):
            raise ValidationError(
                _("Beide Einträge haben %(what)s; führen Sie das zuerst von Hand zusammen.")
                % {"what": relation.related_model._meta.verbose_name}
            )
        return rows.update(**{relation.field.name: keep})
    return relation.related_model._base_manager.filter(**{relation.field.name: duplicate}).update(
        **{relation.field.name: keep}
    )


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
    proxy: Proxy | None = None,
) -> Consent:
    """Records a consent; one given "Durch eine Vertretung" names an active proxy of the
    person."""
    require(actor, "people.add_consent", person)
    assert actor is not None  # require refused anonymous actors
    if proxy is not None:
        # Locked and fresh: a proxy ended a moment ago must not give consent.
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy is not None and (proxy.person_id != person.pk or not proxy.is_active):
        raise ValidationError({"proxy": _("Wählen Sie eine gültige Vertretung dieser Person")})
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
        proxy=proxy,
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


# The fields of Proxy a form may set.
PROXY_FIELDS = (
    "kind",
    "name",
    "relationship",
    "phone",
    "email",
    "address",
    "scope",
    "evidence_kind",
    "evidence_note",
    "evidence_seen_on",
    "valid_until",
)


@transaction.atomic
def proxy_add(*, actor: Actor, person: Person, data: dict[str, Any]) -> Proxy:
    """Records who may act for the person and which evidence staff have seen."""
    require(actor, "people.add_proxy", person)
    assert actor is not None
    proxy = Proxy(person=person, region_id=person.region_id, recorded_by=actor)
    for name in PROXY_FIELDS:
        if name in data:
            setattr(proxy, name, data[name])
    proxy.full_clean()
    today = timezone.localdate()
    if proxy.evidence_seen_on > today:
        raise ValidationError(
            {"evidence_seen_on": _("Der Tag des Nachweises darf nicht in der Zukunft liegen")}
        )
    if proxy.valid_until is not None and proxy.valid_until < today:
        raise ValidationError({"valid_until": _("Dieser Nachweis ist schon abgelaufen")})
    proxy.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="proxy.added",
        target=proxy,
        note=f"{person.pk} {proxy.kind} {proxy.evidence_kind}",
        purpose="Vertretung",
    )
    return proxy


@transaction.atomic
def proxy_end(*, actor: Actor, proxy: Proxy) -> Proxy:
    """Ends a proxy at once; consents it gave stay as they are."""
    require(actor, "people.change_proxy", proxy)
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.ended_at is not None:
        raise ValidationError(_("Diese Vertretung ist schon beendet."))
    proxy.ended_at = timezone.now()
    proxy.ended_by = actor
    proxy.save(update_fields=["ended_at", "ended_by"])
    audit_record(actor=actor, verb="proxy.ended", target=proxy, purpose="Vertretung")
    return proxy


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
    elif purpose == Consent.Purpose.PASS_ON:
        message = _(
            "%(name)s hat nicht eingewilligt, dass wir die Kontaktdaten an Menschen geben, "
            "denen geholfen wird."
        ) % {"name": name}
    else:
        raise ValueError(f"consent_require: unknown purpose {purpose!r}")
    consent = consents.order_by("-given_at").first()
    if consent is None:
        raise ConsentMissing(message)
    return consent
