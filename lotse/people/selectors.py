"""Reads of persons. `access_person` is the one way to fetch a person for an actor, and it
records the read in the audit log: a read of personal data is itself an event to keep."""

import dataclasses
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import ForeignObjectRel, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from lotse.core.audit import audit_record
from lotse.core.models import Area, AuditEntry, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_sources
from lotse.people.matching import digits, fold, fold_street
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.phonetics import cologne
from lotse.people.rules import PERSON_ROLES

# Why a page shows a person, when the link does not say.
DEFAULT_PURPOSE = "Beratung"
PURPOSES = ("Beratung", "Weitervermittlung", "Nachfrage", "Datenauskunft")
SEARCH_LIMIT = 50
VIEW_PERSON = "people.view_person"
# rapidfuzz ratio (0-100) from which two folded names count as the same.
NAME_SIMILARITY = 85
STREET_SIMILARITY = 85
# Points of `duplicate_score` from which a stored person is shown as a possible duplicate:
# the same name and birth year (70), a name sounding the same and the same year (60), the same
# phone and a year one off with a similar name (65 or more) all count; the same name alone
# in another year does not.
DUPLICATE_THRESHOLD = 50


def person_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations whose persons the actor works with."""
    if actor is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=actor, memberships__role__in=PERSON_ROLES
    ).distinct()


def access_person(
    actor: Actor, person_id: uuid.UUID | str, *, purpose: str, perm: str = VIEW_PERSON
) -> Person:
    """A person the actor may see, the read recorded with its purpose. Another organisation's
    person answers 404, exactly like a missing one; a colleague of the holding organisation
    without a role that works with persons gets 403 (`refuse_object`). A page that needs more
    than seeing (`perm`, e.g. "compliance.anonymise_person") refuses with 403 before the read is
    recorded: the list "Wer hat diese Akte angesehen?" holds only what was shown."""
    try:
        person = Person.objects.select_related("organisation", "quarter").get(id=person_id)
    except (Person.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(VIEW_PERSON, person):
        refuse_object(actor, organisation_id=person.organisation_id)
    if perm != VIEW_PERSON and not actor.has_perm(perm, person):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
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


@dataclasses.dataclass(frozen=True)
class DuplicateScore:
    """How much a stored person looks like the one typed, and why (German, for the page)."""

    points: int
    reasons: list[str]


def duplicate_score(
    *,
    name: str,
    name_code: str,
    family_code: str,
    birth_year: int,
    phone_digits: str,
    folded_street: str,
    other: Person,
) -> DuplicateScore:
    """Points (0-100) for `other` being the person typed: the name (the same, sounding the
    same by the Kölner Phonetik, or spelt similarly), the birth year (the same or one off), the
    same phone number and a similar street. DUPLICATE_THRESHOLD points make a candidate."""
    points = 0
    reasons = []
    other_code = cologne(other.search_name)
    similarity = max(
        fuzz.ratio(name, other.search_name), fuzz.token_sort_ratio(name, other.search_name)
    )
    if name and name == other.search_name:
        points += 50
        reasons.append(_("gleicher Name"))
    elif name_code and name_code == other_code:
        points += 40
        reasons.append(_("Name klingt gleich"))
    elif similarity >= NAME_SIMILARITY:
        points += 35
        reasons.append(_("ähnlicher Name"))
    elif family_code and family_code == cologne(other.family_name):
        points += 20
        reasons.append(_("Nachname klingt gleich"))
    if other.birth_year == birth_year:
        points += 20
        reasons.append(_("gleiches Geburtsjahr"))
    elif abs(other.birth_year - birth_year) == 1:
        points += 10
        reasons.append(_("Geburtsjahr ein Jahr anders"))
    if phone_digits and phone_digits == other.search_phone:
        points += 35
        reasons.append(_("gleiche Telefonnummer"))
    if folded_street and other.search_street:
        if fuzz.ratio(folded_street, other.search_street) >= STREET_SIMILARITY:
            points += 20
            reasons.append(_("ähnliche Straße"))
    return DuplicateScore(points=min(points, 100), reasons=reasons)


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
    """Persons the organisation already holds who may be the same, most likely first: those
    born within a year of `birth_year` or with the same phone number, scored by
    `duplicate_score`, from DUPLICATE_THRESHOLD points on. Each carries `duplicate_score`."""
    name = fold(f"{given_name} {family_name}")
    phone_digits = digits(phone)
    nearby = Q(birth_year__gte=birth_year - 1, birth_year__lte=birth_year + 1)
    if phone_digits:
        nearby |= Q(search_phone=phone_digits)
    candidates = Person.objects.filter(
        nearby, organisation=organisation, anonymised_at__isnull=True
    ).select_related("quarter")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    name_code, family_code = cologne(name), cologne(family_name)
    folded_street = fold_street(street)
    found = []
    for person in candidates:
        score = duplicate_score(
            name=name,
            name_code=name_code,
            family_code=family_code,
            birth_year=birth_year,
            phone_digits=phone_digits,
            folded_street=folded_street,
            other=person,
        )
        if score.points >= DUPLICATE_THRESHOLD:
            person.duplicate_score = score  # type: ignore[attr-defined]
            found.append(person)
    found.sort(key=lambda p: (-p.duplicate_score.points, p.family_name, p.given_name))  # type: ignore[attr-defined]
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


# A person's history ----------------------------------------------------------------------------


def person_history(
    *,
    actor: Actor,
    person: Person,
    consents: list[Consent] | None = None,
    proxies: list[Proxy] | None = None,
) -> list[HistoryEntry]:
    """What happened with the person, newest first: what the other apps register
    (lotse.people.history: inquiries open and closed, referrals with their current step,
    appointments; each only of the organisation holding the person, and only for a viewer with
    a role there that works with them), consents and proxies. Five queries, however long the
    history (three when the page passes the consents and proxies it reads anyway)."""
    entries: list[HistoryEntry] = []
    for source in history_sources():
        entries += source(actor, person)
    if consents is None:
        consents = list(consent_list(person=person)[:HISTORY_LIMIT])
    if proxies is None:
        proxies = list(proxy_list(person=person)[:HISTORY_LIMIT])
    for consent in consents:
        title = str(consent.get_purpose_display())
        if consent.recipient:
            title += f": {consent.recipient.name}"
        elif consent.channel:
            title += f": {consent.get_channel_display()}"
        state = _("Gilt")
        if consent.withdrawn_at:
            state = _("Widerrufen am %(day)s") % {
                "day": formats.date_format(timezone.localtime(consent.withdrawn_at), "j. F Y")
            }
        entries.append(
            HistoryEntry(
                at=consent.given_at,
                kind="consent",
                kind_label=_("Einwilligung"),
                title=title,
                state=state,
                detail=str(consent.get_given_how_display()),
            )
        )
    for proxy in proxies:
        entries.append(
            HistoryEntry(
                at=proxy.recorded_at,
                kind="proxy",
                kind_label=_("Vertretung"),
                title=f"{proxy.name} ({proxy.get_kind_display()})",
                state=_("Gilt") if proxy.is_active else _("Beendet"),
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
