"""Every change of registrations for an event's dates: online (with or without an account, for
oneself or by a relative for someone), by staff for a person the organisation holds or for a
caller, cancelling (by short code, link, account or staff), the waiting list moving up,
attendance, the calls staff make, and telling everyone when the organiser cancels a date.

No overbooking: `Occurrence.places_taken` is the sum of the places of the registrations that
hold one (confirmed, came, did not come). Every change that may move it first locks the date's
row (`_lock`, SELECT … FOR UPDATE) and counts again under the lock, so registrations for the
last places take turns; the waiting list moves up in the same transaction as the cancellation
that frees the places, and the people who move up are told by their channel (e-mail, SMS or
letter through the outbox; a telephone call is a to-do on the participant list)."""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.codes import short_code_new
from lotse.core.permissions import Actor, require
from lotse.news.models import Occurrence, Registration
from lotse.news.selectors_registrations import (
    date_label,
    event_place,
    organiser_phone,
    position_words,
    registration_is_own,
    registration_refusal,
    token_hash,
    waiting_list,
    waiting_position,
)
from lotse.notifications.models import Message
from lotse.notifications.services import message_enqueue
from lotse.office.services import PHONE_DIGITS, phone_is_dialable, postal_address_errors
from lotse.people.models import ContactChannel, Person

PURPOSE = "Veranstaltung"
REGISTER = "news.register_for_person"
# How a person without a record can hear from us: a call is staff's to make (the participant
# list shows it), "none" means they look themselves.
CHANNELS = (
    ContactChannel.EMAIL,
    ContactChannel.SMS,
    ContactChannel.LETTER,
    ContactChannel.PHONE,
    ContactChannel.NONE,
)
MAX_PLACES = 4


class EventFull(ValidationError):
    """The date is full and the event keeps no waiting list; `phone` is the organiser's."""

    def __init__(self, message: str, *, phone: str) -> None:
        super().__init__(message)
        self.phone = phone


class RegistrationConflict(ValidationError):
    """The state of the date or the registration does not allow the change (API: 409)."""


def _lock(occurrence: Occurrence) -> Occurrence:
    """The date's row, locked until the transaction ends, read afresh with its event."""
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "event__organisation", "event__location")
        .get(pk=occurrence.pk)
    )


def _recount(occurrence: Occurrence) -> None:
    """Sets `places_taken` from the registrations (call it under `_lock`)."""
    taken = Registration.objects.filter(
        occurrence=occurrence, status__in=Registration.HOLDS_PLACES
    ).aggregate(total=Sum("places"))["total"]
    occurrence.places_taken = taken or 0
    occurrence.save(update_fields=["places_taken"])


def _free_short_code() -> str:
    # 31**8 codes: a clash is rare, but a live registration's code must be its own.
    while True:
        code = short_code_new()
        if not Registration.objects.filter(short_code=code, status__in=Registration.LIVE).exists():
            return code


# Messages ----------------------------------------------------------------------------------------


def _context(registration: Registration) -> dict[str, str]:
    occurrence, event = registration.occurrence, registration.event
    site = settings.LOTSE_SITE_URL.rstrip("/")
    return {
        "title": event.title,
        "when": date_label(occurrence),
        "where": event_place(event),
        "organiser": event.organisation.name,
        "organiser_phone": organiser_phone(event),
        "contact_phone": organiser_phone(event),
        # Whom the message greets, and for whom the registration is if someone else made it.
        "name": registration.booker_name or registration.display_name,
        "booked_for": registration.display_name if registration.for_other else "",
        "places": str(registration.places),
        "short_code": registration.short_code,
        "cancel_page": site + reverse("events:cancel"),
        "reason": occurrence.note,
    }


def _tell(registration: Registration, *, template: str, key: str, **extra: str) -> Message | None:
    """Queues a message about the registration: to a person the office holds by their way
    (with their consent), else to the contact given when registering; a letter to someone
    without a record is printed by the organiser. None if no message can go out (a call, no
    way chosen, no address or consent)."""
    context = _context(registration) | extra
    dedupe_key = f"registration-{key}:{registration.pk}"
    if registration.person_id:
        return message_enqueue(
            template=f"news/{template}",
            context=context,
            person=registration.person,
            dedupe_key=dedupe_key,
        )
    if registration.channel in ("", ContactChannel.NONE, ContactChannel.PHONE):
        return None
    return message_enqueue(
        template=f"news/{template}",
        context=context,
        email=registration.reach_email,
        phone=registration.reach_phone,
        address=registration.postal_address,
        organisation=registration.event.organisation,
        channel=registration.channel,
        dedupe_key=dedupe_key,
    )


def _tell_or_call(
    registration: Registration, *, template: str, key: str, reason: str, **extra: str
) -> None:
    """A message by the person's channel; where none can go out (they want a call, or no
    consent or address), a to-do for staff on the participant list, if there is a number."""
    if _tell(registration, template=template, key=key, **extra) is not None:
        return
    channel = (
        registration.person.contact_channel
        if registration.person_id and registration.person is not None
        else registration.channel
    )
    if channel != ContactChannel.NONE:  # "Bitte nicht kontaktieren" is respected
        registration.call_reason = reason
        registration.save(update_fields=["call_reason", "updated_at"])


# Registering -------------------------------------------------------------------------------------


def _check_contact(
    *,
    name: str,
    phone: str,
    email: str,
    channel: str,
    for_other: bool,
    booker_phone: str,
    booker_email: str,
    address: dict[str, str],
) -> dict[str, str]:
    """The errors of a registration without a person record (the office's rules for bookings):
    a name, a way to reach them, and what the chosen channel needs."""
    reach_phone, reach_email = (booker_phone, booker_email) if for_other else (phone, email)
    phone_key, email_key = ("booker_phone", "booker_email") if for_other else ("phone", "email")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = (
            _("Geben Sie den Namen der Person ein, die kommen möchte")
            if for_other
            else _("Geben Sie Ihren Namen ein")
        )
    for key, value in (("phone", phone), ("booker_phone", booker_phone)):
        if value and not phone_is_dialable(value):
            errors[key] = str(PHONE_DIGITS)
    if not reach_phone and not reach_email:
        errors[phone_key] = _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein")
    if channel not in CHANNELS:
        errors["channel"] = _("Wählen Sie, wie wir Sie benachrichtigen sollen")
    elif channel == ContactChannel.EMAIL and not reach_email:
        errors[email_key] = _("Für eine Nachricht per E-Mail geben Sie Ihre E-Mail-Adresse ein")
    elif channel in (ContactChannel.SMS, ContactChannel.PHONE) and not reach_phone:
        errors.setdefault(
            phone_key, _("Für eine SMS oder einen Anruf geben Sie Ihre Telefonnummer ein")
        )
    elif channel == ContactChannel.LETTER:
        errors |= postal_address_errors(**address)
    return errors


def _duplicate(occurrence: Occurrence, registration: Registration) -> Registration | None:
    """A live registration of the same person for the date (the same record, or the same
    name with the same phone or e-mail)."""
    live = Registration.objects.filter(occurrence=occurrence, status__in=Registration.LIVE)
    if registration.person_id:
        return live.filter(person_id=registration.person_id).first()
    same_contact = Q()
    for field in ("phone", "email", "booker_phone", "booker_email"):
        value = getattr(registration, field)
        if value:
            same_contact |= Q(**{f"{field}__iexact": value})
    if not same_contact:
        return None
    return live.filter(same_contact, name__iexact=registration.name).first()


def _register(
    *, actor: Actor, registration: Registration, public: bool
) -> tuple[Registration, str]:
    """Saves a new registration under the date's lock: a place if enough are free, else the
    waiting list if the event keeps one, else EventFull. Returns it with its cancel token."""
    occurrence = _lock(registration.occurrence)
    event = occurrence.event
    refusal = registration_refusal(occurrence, public=public)
    if refusal:
        raise RegistrationConflict(refusal)
    if not 1 <= registration.places <= MAX_PLACES:
        raise ValidationError({"places": _("Wählen Sie 1 bis 4 Plätze")})
    if event.capacity is not None and registration.places > event.capacity:
        raise ValidationError(
            {
                "places": _("Für diesen Termin gibt es nur %(count)d Plätze.")
                % {"count": event.capacity}
            }
        )
    duplicate = _duplicate(occurrence, registration)
    if duplicate is not None:
        raise RegistrationConflict(
            _("%(name)s ist für diesen Termin schon angemeldet.") % {"name": duplicate.display_name}
            if duplicate.status == Registration.Status.CONFIRMED
            else _("%(name)s steht für diesen Termin schon auf der Warteliste.")
            % {"name": duplicate.display_name}
        )
    free = None if event.capacity is None else event.capacity - occurrence.places_taken
    if free is None or registration.places <= free:
        registration.status = Registration.Status.CONFIRMED
    elif event.waiting_list:
        if not registration.person_id and registration.channel == ContactChannel.NONE:
            # Nobody could tell them of a free place.
            raise ValidationError(
                {
                    "channel": _(
                        "Der Termin ist voll. Für die Warteliste wählen Sie bitte, wie wir "
                        "Ihnen Bescheid sagen, wenn ein Platz frei wird"
                    )
                }
            )
        registration.status = Registration.Status.WAITING
    else:
        raise EventFull(
            _("Dieser Termin ist ausgebucht. Fragen Sie beim Veranstalter nach: %(phone)s")
            % {"phone": organiser_phone(event)},
            phone=organiser_phone(event),
        )
    token = secrets.token_urlsafe(24)
    registration.occurrence = occurrence
    registration.event = event
    registration.region_id = event.region_id
    registration.cancel_token_hash = token_hash(token)
    registration.short_code = _free_short_code()
    registration.registered_by = actor
    registration.full_clean(validate_constraints=False)
    registration.save(force_insert=True)
    _recount(occurrence)
    audit_record(
        actor=actor,
        verb=f"registration.{registration.status}",
        target=registration,
        note=f"für Person {registration.person_id}" if registration.person_id else "",
        purpose=PURPOSE,
    )
    if registration.status == Registration.Status.CONFIRMED:
        _tell(registration, template="registration_confirmed", key="confirmed")
    else:
        position = waiting_position(registration) or 1
        _tell(
            registration,
            template="registration_waiting",
            key="waiting",
            position=position_words(position),
        )
    return registration, token


@transaction.atomic
def registration_register_public(
    *,
    actor: Actor,
    occurrence: Occurrence,
    name: str,
    phone: str = "",
    email: str = "",
    channel: str = ContactChannel.NONE,
    places: int = 1,
    booker_name: str = "",
    booker_relation: str = "",
    booker_phone: str = "",
    booker_email: str = "",
    street: str = "",
    postcode: str = "",
    city: str = "",
) -> tuple[Registration, str]:
    """A registration from the public page, with or without an account: a name and a phone
    number or an e-mail address. Someone registering another person (`booker_name`: a
    relative, a neighbour) gives the person's name (their phone if they like) and their own
    contact, where the messages go. A letter needs the postal address (kept only then)."""
    name, phone, email = name.strip(), phone.strip(), email.strip()
    booker_name, booker_relation = booker_name.strip(), booker_relation.strip()
    booker_phone, booker_email = booker_phone.strip(), booker_email.strip()
    address = {"street": street.strip(), "postcode": postcode.strip(), "city": city.strip()}
    for_other = bool(booker_name)
    if for_other:
        email = ""  # the person's own contact is their phone, if given
    else:
        booker_relation = booker_phone = booker_email = ""
    errors = _check_contact(
        name=name,
        phone=phone,
        email=email,
        channel=channel,
        for_other=for_other,
        booker_phone=booker_phone,
        booker_email=booker_email,
        address=address,
    )
    if errors:
        raise ValidationError(errors)
    if channel != ContactChannel.LETTER:
        address = dict.fromkeys(address, "")
    registration = Registration(
        occurrence=occurrence,
        event=occurrence.event,
        user=actor if actor is not None and actor.is_authenticated else None,
        name=name,
        phone=phone,
        email=email,
        places=places,
        booker_name=booker_name,
        booker_relation=booker_relation,
        booker_phone=booker_phone,
        booker_email=booker_email,
        channel=channel,
        **address,
    )
    return _register(actor=actor, registration=registration, public=True)


@transaction.atomic
def registration_register_by_staff(
    *,
    actor: Actor,
    occurrence: Occurrence,
    person: Person | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    channel: str = ContactChannel.PHONE,
    places: int = 1,
    street: str = "",
    postcode: str = "",
    city: str = "",
) -> tuple[Registration, str]:
    """Staff register someone who called or came in: a person their organisation holds
    (messages follow the person's way of contact and consent), or a caller by name and phone
    number (and the channel they want). The staff member is recorded."""
    require(actor, REGISTER, occurrence.event)
    if person is not None:
        registration = Registration(
            occurrence=occurrence,
            event=occurrence.event,
            person=person,
            name=str(person),
            phone=person.phone,
            channel=person.contact_channel,
            places=places,
        )
        return _register(actor=actor, registration=registration, public=False)
    name, phone, email = name.strip(), phone.strip(), email.strip()
    address = {"street": street.strip(), "postcode": postcode.strip(), "city": city.strip()}
    errors = _check_contact(
        name=name,
        phone=phone,
        email=email,
        channel=channel,
        for_other=False,
        booker_phone="",
        booker_email="",
        address=address,
    )
    if not phone:  # staff call back about the date: a number is needed
        errors["phone"] = _("Geben Sie die Telefonnummer der Person ein")
    if errors:
        raise ValidationError(errors)
    if channel != ContactChannel.LETTER:
        address = dict.fromkeys(address, "")
    registration = Registration(
        occurrence=occurrence,
        event=occurrence.event,
        name=name,
        phone=phone,
        email=email,
        channel=channel,
        places=places,
        **address,
    )
    return _register(actor=actor, registration=registration, public=False)


# Cancelling and the waiting list -----------------------------------------------------------------


def _promote(occurrence: Occurrence) -> list[Registration]:
    """Gives free places to the waiting list, first come first: each waiting registration
    whose places fit what is free gets them (a larger one that does not fit yet keeps its
    place on the list while a smaller one behind it moves up). Under the date's lock."""
    capacity = occurrence.event.capacity
    promoted: list[Registration] = []
    if occurrence.status == Occurrence.Status.CANCELLED or occurrence.start <= timezone.now():
        return promoted
    free = None if capacity is None else capacity - occurrence.places_taken
    now = timezone.now()
    for registration in waiting_list(occurrence).select_related("person", "event__organisation"):
        if free is not None and registration.places > free:
            continue
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        promoted.append(registration)
        if free is not None:
            free -= registration.places
            if free <= 0:
                break
    if promoted:
        _recount(occurrence)
    for registration in promoted:
        registration.occurrence = occurrence
        audit_record(actor=None, verb="registration.promoted", target=registration, purpose=PURPOSE)
        _tell_or_call(
            registration,
            template="registration_promoted",
            key="promoted",
            reason=Registration.CallReason.PROMOTED,
        )
    return promoted


@transaction.atomic
def registrations_promote(*, occurrence: Occurrence) -> list[Registration]:
    """Gives free places of the date to its waiting list, as a cancellation does: after the
    organiser changed an event's places, or an erasure cancelled a registration. The places
    taken are counted afresh first."""
    occurrence = _lock(occurrence)
    _recount(occurrence)
    return _promote(occurrence)


@transaction.atomic
def registration_cancel(
    *, actor: Actor, registration: Registration, token: str = "", code: str = ""
) -> tuple[Registration, list[Registration]]:
    """Cancels a live registration: by the person with the cancel link or the short code (the
    view checked the phone or e-mail with it), or logged in as one of their own (Mein
    Konto); or by staff who may register for the event. The places go to the waiting list at
    once. Returns the registration and those who moved up."""
    occurrence = _lock(registration.occurrence)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.occurrence = occurrence
    by_person = (
        (token and token_hash(token) == registration.cancel_token_hash)
        or (code and registration.short_code and code == registration.short_code)
        or (actor is not None and registration_is_own(user=actor, registration=registration))
    )
    if not by_person:
        require(actor, REGISTER, occurrence.event)
    if registration.status not in Registration.LIVE:
        raise RegistrationConflict(_("Diese Anmeldung ist schon abgesagt oder vorbei."))
    if occurrence.start <= timezone.now() and (
        by_person and (actor is None or not actor.has_perm(REGISTER, occurrence.event))
    ):
        raise RegistrationConflict(
            _("Der Termin hat schon begonnen. Bitte rufen Sie den Veranstalter an: %(phone)s")
            % {"phone": organiser_phone(occurrence.event)}
        )
    held_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.call_reason = ""
    registration.save(update_fields=["status", "call_reason", "updated_at"])
    audit_record(actor=actor, verb="registration.cancelled", target=registration, purpose=PURPOSE)
    promoted: list[Registration] = []
    if held_place:
        _recount(occurrence)
        promoted = _promote(occurrence)
    return registration, promoted


@transaction.atomic
def registration_mark(*, actor: Actor, registration: Registration, status: str) -> Registration:
    """Attendance, once the date has begun: came ("War da") or did not ("War nicht da"); a
    wrong mark can be corrected. Only a registration that held a place is marked."""
    require(actor, REGISTER, registration.event)
    if status not in (Registration.Status.ATTENDED, Registration.Status.NO_SHOW):
        raise ValidationError(_("Wählen Sie „War da“ oder „War nicht da“."))
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("occurrence")
        .get(pk=registration.pk)
    )
    if registration.status not in Registration.HOLDS_PLACES:
        raise RegistrationConflict(
            _("Nur wer einen Platz hatte, kann als da oder nicht da vermerkt werden.")
        )
    if registration.occurrence.start > timezone.now():
        raise RegistrationConflict(_("Der Termin hat noch nicht begonnen."))
    if registration.status != status:
        registration.status = status
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, verb=f"registration.{status}", target=registration, purpose=PURPOSE
        )
    return registration


@transaction.atomic
def registration_call_done(*, actor: Actor, registration: Registration) -> Registration:
    """Staff phoned the person (a place from the waiting list, or the date cancelled): the
    to-do leaves the participant list."""
    require(actor, REGISTER, registration.event)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.call_reason:
        note = registration.call_reason
        registration.call_reason = ""
        registration.save(update_fields=["call_reason", "updated_at"])
        audit_record(
            actor=actor,
            verb="registration.called",
            target=registration,
            note=note,
            purpose=PURPOSE,
        )
    return registration


def _live(occurrence: Occurrence) -> QuerySet[Registration]:
    """Everyone registered or waiting for the date, oldest first, with what a message needs."""
    return (
        Registration.objects.filter(occurrence=occurrence, status__in=Registration.LIVE)
        .select_related("person", "event__organisation")
        .order_by("created_at")
    )


def _tell_all(
    occurrence: Occurrence,
    registrations: Iterable[Registration],
    *,
    actor: Actor,
    verb: str,
    template: str,
    key: str,
    reason: str,
) -> int:
    """Tells each of the date's `registrations` by their channel or puts a call on the
    participant list (`_tell_or_call`), with one audit entry for all; returns how many."""
    told = 0
    for registration in registrations:
        registration.occurrence = occurrence
        _tell_or_call(registration, template=template, key=key, reason=reason)
        told += 1
    if told:
        audit_record(
            actor=actor,
            verb=verb,
            target=occurrence.event,
            note=f"{told} Anmeldungen, Termin {occurrence.pk}",
            purpose=PURPOSE,
        )
    return told


@transaction.atomic
def registrations_notify_cancelled(*, occurrence: Occurrence, actor: Actor = None) -> int:
    """The organiser cancelled the date (Occurrence.status "cancelled", set by the events
    part): everyone registered or waiting is told by their channel, or gets a call on the
    participant list. Safe to call again: each person is told once. Returns how many were
    told or are to be called. The registrations stay as they are (the list shows them)."""
    occurrence = _lock(occurrence)
    if actor is not None:
        require(actor, "news.change_event", occurrence.event)
    if occurrence.status != Occurrence.Status.CANCELLED:
        return 0
    untold = list(_live(occurrence).filter(cancellation_told_at__isnull=True))
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in untold]).update(
        cancellation_told_at=now, updated_at=now
    )
    return _tell_all(
        occurrence,
        untold,
        actor=actor,
        verb="registration.date_cancelled_told",
        template="registration_date_cancelled",
        key="date-cancelled",
        reason=Registration.CallReason.CANCELLED,
    )


@transaction.atomic
def registrations_notify_moved(*, occurrence: Occurrence, actor: Actor = None) -> int:
    """The organiser moved the date (or put it back to its planned time): everyone registered
    or waiting is told the new day and time by their channel, or gets a call on the
    participant list. Each new time is told once (a second move is told again). Returns how
    many were told or are to be called."""
    occurrence = _lock(occurrence)
    if actor is not None:
        require(actor, "news.change_event", occurrence.event)
    if occurrence.status != Occurrence.Status.SCHEDULED or occurrence.start <= timezone.now():
        return 0
    moved_to = timezone.localtime(occurrence.start).strftime("%Y%m%dT%H%M")
    return _tell_all(
        occurrence,
        _live(occurrence),
        actor=actor,
        verb="registration.date_moved_told",
        template="registration_date_moved",
        key=f"date-moved-{moved_to}",
        reason=Registration.CallReason.MOVED,
    )
