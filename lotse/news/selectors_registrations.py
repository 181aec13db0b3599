"""Reads of registrations for an event's dates: whether a date takes registrations now, its free
places and waiting list, the participant list, a registration by its cancel link or short code,
and a resident's own registrations (Mein Konto)."""

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, refuse_object
from lotse.directory.hours import format_time
from lotse.news.models import Event, Occurrence, PublicationStatus, Registration
from lotse.office.labels import day_label

# Ordinal words for a place on the waiting list ("an zweiter Stelle"); beyond them digits.
ORDINALS = (
    pgettext_lazy("Stelle", "erster"),
    pgettext_lazy("Stelle", "zweiter"),
    pgettext_lazy("Stelle", "dritter"),
    pgettext_lazy("Stelle", "vierter"),
    pgettext_lazy("Stelle", "fünfter"),
    pgettext_lazy("Stelle", "sechster"),
    pgettext_lazy("Stelle", "siebter"),
    pgettext_lazy("Stelle", "achter"),
    pgettext_lazy("Stelle", "neunter"),
    pgettext_lazy("Stelle", "zehnter"),
    pgettext_lazy("Stelle", "elfter"),
    pgettext_lazy("Stelle", "zwölfter"),
)
# Past registrations "Mein Konto" still shows, the latest first.
OWN_PAST_SHOWN = 5


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _occurrences() -> QuerySet[Occurrence]:
    return Occurrence.objects.select_related(
        "event", "event__organisation", "event__area", "event__area__parent", "event__location"
    )


def occurrence_public_get(*, occurrence_id: uuid.UUID | str) -> Occurrence:
    """A date of a published event, for the public registration page; any other answers 404
    (drafts and events waiting for release are not public)."""
    try:
        occurrence = _occurrences().get(pk=occurrence_id)
    except (Occurrence.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not (occurrence.is_public and occurrence.event.status == PublicationStatus.PUBLISHED):
        raise Http404
    return occurrence


def access_occurrence(
    actor: Actor, occurrence_id: uuid.UUID | str, *, perm: str = "news.view_registrations"
) -> Occurrence:
    """A date of an event whose registrations the actor may see (or, with
    perm="news.register_for_person", make); another organisation's answers 404 for anyone
    without a role there and 403 for a colleague, as everywhere."""
    try:
        occurrence = _occurrences().get(pk=occurrence_id)
    except (Occurrence.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, occurrence.event):
        refuse_object(actor, organisation_id=occurrence.event.organisation_id)
    return occurrence


def organiser_phone(event: Event) -> str:
    """The number people call about an event: its own, else the platform's."""
    return event.contact_phone or settings.LOTSE_CONTACT_PHONE


def date_label(occurrence: Occurrence) -> str:
    """ "Dienstag, 1. Dezember 2026, 14 Uhr bis 16 Uhr"."""
    start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)
    if start.date() != end.date():
        return _("%(start)s bis %(end)s") % {
            "start": f"{day_label(start.date())}, {format_time(start.time())}",
            "end": f"{day_label(end.date())}, {format_time(end.time())}",
        }
    return _("%(day)s, %(start)s bis %(end)s") % {
        "day": day_label(start.date()),
        "start": format_time(start.time()),
        "end": format_time(end.time()),
    }


def event_place(event: Event) -> str:
    """Where the event takes place, in one line: the directory's place with its address, the
    free address, or "Am Telefon" / "Online"."""
    if event.mode == Event.Mode.PHONE:
        return _("Am Telefon")
    if event.mode == Event.Mode.ONLINE:
        return _("Online")
    location = event.location if event.location_id else None
    if location is not None:
        address = location.addresses.first()
        if address is None:
            return location.name
        return f"{location.name}, {address.address_1}, {address.postal_code} {address.city}"
    parts = [event.place_name, event.street, f"{event.postcode} {event.city}".strip()]
    return ", ".join(part for part in parts if part)


def places_free(occurrence: Occurrence) -> int | None:
    """The places still free on the date; None when the event has no limit."""
    capacity = occurrence.event.capacity
    if capacity is None:
        return None
    return max(capacity - occurrence.places_taken, 0)


def registration_refusal(
    occurrence: Occurrence, *, now: dt.datetime | None = None, public: bool = True
) -> str:
    """Why nobody can register for the date now, in words; "" if they can. Staff may register
    for a date of an event that is not (yet) published; the public may not."""
    now = now or timezone.now()
    event = occurrence.event
    if public and not (occurrence.is_public and event.status == PublicationStatus.PUBLISHED):
        return _("Diese Veranstaltung ist nicht veröffentlicht.")
    if not event.registration_required:
        return _("Für diese Veranstaltung braucht man keine Anmeldung. Kommen Sie einfach vorbei.")
    if occurrence.status == Occurrence.Status.CANCELLED:
        if occurrence.note:
            return _("Dieser Termin fällt aus: %(reason)s") % {"reason": occurrence.note}
        return _("Dieser Termin fällt aus.")
    if occurrence.start <= now:
        return _("Dieser Termin hat schon begonnen oder ist vorbei.")
    return ""


def waiting_list(occurrence: Occurrence) -> QuerySet[Registration]:
    """The waiting registrations of a date, first come first."""
    return Registration.objects.filter(
        occurrence=occurrence, status=Registration.Status.WAITING
    ).order_by("created_at", "id")


def waiting_position(registration: Registration) -> int | None:
    """The registration's place on its date's waiting list (1 = next), None if not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = waiting_list(registration.occurrence).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def position_words(position: int) -> str:
    """ "an zweiter Stelle" (words up to twelve, then "an 13. Stelle")."""
    if 1 <= position <= len(ORDINALS):
        return _("an %(ordinal)s Stelle") % {"ordinal": ORDINALS[position - 1]}
    return _("an %(number)d. Stelle") % {"number": position}


def participant_list(
    *, actor: Actor, occurrence: Occurrence, purpose: str
) -> dict[str, list[Registration]]:
    """The date's registrations for staff: who holds a place (confirmed, came, did not come),
    the waiting list in order, the cancelled ones, and the calls still to make. The read of
    the list is recorded (one entry for the date's list)."""
    audit_record(
        actor=actor,
        verb="registration.list_read",
        target=occurrence,
        note=str(occurrence.event_id),
        purpose=purpose,
    )
    registrations = list(
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person", "registered_by")
        .order_by("created_at", "id")
    )
    waiting = [r for r in registrations if r.status == Registration.Status.WAITING]
    for position, registration in enumerate(waiting, start=1):
        registration.position = position  # type: ignore[attr-defined]
    return {
        "holding": [r for r in registrations if r.status in Registration.HOLDS_PLACES],
        "waiting": waiting,
        "cancelled": [r for r in registrations if r.status == Registration.Status.CANCELLED],
        "calls": [r for r in registrations if r.call_reason],
    }


def registration_list(*, occurrence: Occurrence) -> QuerySet[Registration]:
    """Every registration of a date, in the order they came (the staff API)."""
    return (
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person", "occurrence")
        .order_by("created_at", "id")
    )


def event_dates_with_registrations(*, occurrence: Occurrence, count: int = 8) -> list[Occurrence]:
    """The coming dates of the same event (the participant list links to them), this one
    included, with their places taken."""
    since = min(occurrence.start, timezone.now())
    return list(
        Occurrence.objects.filter(event_id=occurrence.event_id, start__gte=since).order_by("start")[
            :count
        ]
    )


def registration_by_token(*, token: str) -> Registration:
    """The registration the holder of a cancel link made; an unknown link answers 404."""
    try:
        return Registration.objects.select_related(
            "occurrence", "event", "event__organisation", "event__location", "person"
        ).get(cancel_token_hash=token_hash(token))
    except Registration.DoesNotExist as exc:
        raise Http404 from exc


def registration_by_code(*, code: str, now: dt.datetime | None = None) -> Registration | None:
    """The live registration (confirmed or waiting) for a coming date with this short code
    (as `short_code_normalise` gives it), or None: past and cancelled ones reveal nothing."""
    now = now or timezone.now()
    return (
        Registration.objects.select_related(
            "occurrence", "event", "event__organisation", "event__location", "person"
        )
        .filter(short_code=code, status__in=Registration.LIVE, occurrence__start__gt=now)
        .first()
    )


def _digits(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    # +49 171 … and 0171 … are the same number.
    if text.strip().startswith(("+49", "0049")):
        digits = "0" + digits.removeprefix("00").removeprefix("49")
    return digits


def contact_matches(registration: Registration, contact: str) -> bool:
    """Whether `contact` is one of the phone numbers or e-mail addresses the registration was
    made with (the person's, or the relative's who registered them). A registration that has
    none (staff registered a person without phone or e-mail) asks for the code alone."""
    phones = [registration.phone, registration.booker_phone]
    emails = [registration.email, registration.booker_email]
    person = registration.person if registration.person_id else None
    if person is not None:
        phones.append(person.phone)
        emails.append(person.email)
    phones = [_digits(phone) for phone in phones if phone]
    emails = [email.casefold() for email in emails if email]
    if not phones and not emails:
        return True
    contact = contact.strip()
    if "@" in contact:
        return contact.casefold() in emails
    digits = _digits(contact)
    return len(digits) >= 5 and digits in phones


def _own_registrations(user) -> QuerySet[Registration]:
    """A resident's registrations: what they made online while logged in, and every one made
    with the account's confirmed e-mail address (online without login, by a relative for
    them or by them for a relative, by staff for a person the office holds with that
    address), as the office's appointments do. Staff who register a person are
    `registered_by`, but such registrations are not the staff member's own."""
    mine = Q(user=user)
    if user.email:
        mine |= (
            Q(email__iexact=user.email)
            | Q(booker_email__iexact=user.email)
            | Q(person__email__iexact=user.email, person__anonymised_at__isnull=True)
        )
    return Registration.objects.filter(mine)


def registration_is_own(*, user, registration: Registration) -> bool:
    return _own_registrations(user).filter(pk=registration.pk).exists()


def access_own_registration(actor: Actor, registration_id: uuid.UUID | str) -> Registration:
    """One of the actor's own registrations (see _own_registrations); anyone else's: 404."""
    if actor is None:
        raise Http404
    try:
        return (
            _own_registrations(actor)
            .select_related("occurrence", "event", "event__organisation", "event__location")
            .get(pk=registration_id)
        )
    except (Registration.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def own_registration_lists(
    *, user, now: dt.datetime | None = None
) -> tuple[list[Registration], list[Registration]]:
    """For "Mein Konto": the coming registrations (soonest first) and the last few past ones."""
    now = now or timezone.now()
    mine = _own_registrations(user).select_related(
        "occurrence", "event", "event__location", "event__organisation"
    )
    coming = list(mine.filter(occurrence__end__gt=now).order_by("occurrence__start"))
    past = list(
        mine.filter(occurrence__end__lte=now).order_by("-occurrence__start")[:OWN_PAST_SHOWN]
    )
    return coming, past


def person_registrations(*, person, limit: int) -> QuerySet[Registration]:
    """The registrations made for a person the office holds, the latest date first."""
    return (
        Registration.objects.filter(person=person)
        .select_related("occurrence", "event", "event__organisation")
        .order_by("-occurrence__start")[:limit]
    )
