"""Every change of appointments: booking (online or by staff), cancelling, marking, reminders;
and of consultation hours and closures."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.codes import short_code_new
from lotse.core.permissions import Actor, require
from lotse.directory.hours import DAY_CODES, format_time
from lotse.directory.models import Schedule
from lotse.notifications.models import Message
from lotse.notifications.services import message_enqueue
from lotse.office.labels import slot_label
from lotse.office.models import Appointment, ConsultationHour, Office, OfficeClosure
from lotse.office.selectors import (
    appointment_is_own,
    appointments_stranded,
    appointments_to_remind,
    office_nearest_slots,
    office_slots,
    token_hash,
)
from lotse.office.workdays import reminder_days
from lotse.people.models import ContactChannel, Person

PURPOSE = "Terminvergabe"
PHONE_DIGITS = _lazy("Geben Sie die Telefonnummer in Ziffern ein, zum Beispiel 02361 123 45 67")
# Letters need time to arrive: persons who want letters get theirs this many days ahead.
LETTER_LEAD_DAYS = 3
# The ways a booker without a person record can get the confirmation and the reminder
# (a call: the office phones them, the day view lists them; a letter: to the postal address
# they give).
PUBLIC_CHANNELS = (
    ContactChannel.EMAIL,
    ContactChannel.SMS,
    ContactChannel.LETTER,
    ContactChannel.PHONE,
    ContactChannel.NONE,
)
# Visits staff book at any time: how short and how long one may be, in minutes.
VISIT_MINUTES = (5, 8 * 60)


class SlotTaken(ValidationError):
    """The slot was booked by someone else in the meantime; `nearest` are free ones close to it."""

    def __init__(self, message: str, *, nearest: list[dt.datetime]) -> None:
        super().__init__(message)
        self.nearest = nearest


def _taken(office: Office, start: dt.datetime) -> SlotTaken:
    return SlotTaken(
        _("Der Termin am %(when)s ist gerade vergeben worden. Bitte wählen Sie einen anderen.")
        % {"when": slot_label(start)},
        nearest=office_nearest_slots(office, start),
    )


def phone_is_dialable(phone: str) -> bool:
    """Any format is fine ("0561 / 12 34 56", "+49 …", "(0561)"), but the office must be able
    to dial it: digits and the usual separators only, at least five digits."""
    allowed = set("0123456789 +-/().")
    return set(phone) <= allowed and sum(ch.isdigit() for ch in phone) >= 5


def postal_address_errors(*, street: str, postcode: str, city: str) -> dict[str, str]:
    """What is missing or wrong in a postal address for a letter (German postcodes have five
    digits); empty if it will do."""
    errors = {}
    if not street:
        errors["street"] = _("Für einen Brief geben Sie Straße und Hausnummer ein")
    if not postcode:
        errors["postcode"] = _("Für einen Brief geben Sie die Postleitzahl ein")
    elif not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
        errors["postcode"] = _("Die Postleitzahl hat 5 Ziffern, zum Beispiel 45657")
    if not city:
        errors["city"] = _("Für einen Brief geben Sie den Ort ein")
    return errors


def _lock_schedule(office: Office) -> Office:
    """Locks the office's row until the transaction ends, so that a booking and a change of
    the hours or closures take turns: a booking never lands in an hour being removed at the
    same moment. Returns the office read afresh, with its hours and closures as they are now
    (read once for the whole change)."""
    return (
        Office.objects.select_for_update(no_key=True)
        .prefetch_related("hours", "closures")
        .get(pk=office.pk)
    )


def _book(*, actor: Actor, appointment: Appointment) -> tuple[Appointment, str]:
    """Saves a new appointment for a slot that is free now; returns it with its cancel token.
    Bookings of one office take turns (`_lock_schedule`); the partial unique constraint still
    refuses a second booking of the slot should they ever not."""
    office = appointment.office
    day = timezone.localtime(appointment.start).date()
    if appointment.start not in office_slots(_lock_schedule(office), day):
        if (
            appointment.start > timezone.now()
            and Appointment.objects.filter(
                office=office, start=appointment.start, kind=Appointment.Kind.SLOT
            )
            .exclude(status=Appointment.Status.CANCELLED)
            .exists()
        ):
            raise _taken(office, appointment.start)
        raise ValidationError(_("Diesen Termin gibt es nicht. Bitte wählen Sie einen anderen."))
    appointment.end = appointment.start + dt.timedelta(minutes=office.slot_minutes)
    token = _prepare(appointment)
    try:
        with transaction.atomic():
            appointment.save(force_insert=True)
    except IntegrityError as exc:
        raise _taken(office, appointment.start) from exc
    return appointment, token


def _prepare(appointment: Appointment) -> str:
    """Fills in what every new appointment carries (cancel token, short code, region, state)
    and checks the row; returns the cancel token."""
    token = secrets.token_urlsafe(24)
    appointment.cancel_token_hash = token_hash(token)
    appointment.short_code = _free_short_code()
    appointment.region_id = appointment.office.organisation.region_id
    appointment.status = Appointment.Status.BOOKED
    appointment.full_clean(validate_constraints=False)
    return token


def _free_short_code() -> str:
    # 31**8 codes: a clash is rare, but a booked appointment's code must be its own.
    while True:
        code = short_code_new()
        if not Appointment.objects.filter(
            short_code=code, status=Appointment.Status.BOOKED
        ).exists():
            return code


def _message_context(appointment: Appointment) -> dict[str, str]:
    """What confirmations and reminders say: when and where in words, the office's own phone
    (the only number they name, also as `contact_phone`), and how to cancel."""
    office = appointment.office
    site = settings.LOTSE_SITE_URL.rstrip("/")
    office_address = f"{office.street}, {office.postcode} {office.city}"
    if appointment.kind == Appointment.Kind.HOME_VISIT:
        where = where_short = _("Hausbesuch: %(place)s") % {"place": appointment.place}
    else:
        where, where_short = f"{office.name}, {office_address}", office_address
    return {
        "office_name": office.name,
        "office_address": office_address,
        # Where the appointment is, in words: the office, or the place of a home visit (an SMS
        # names the office before, so its address is enough there).
        "where": where,
        "where_short": where_short,
        "office_phone": office.phone,
        "contact_phone": office.phone,
        "when": slot_label(appointment.start),
        # Whom the message greets, and for whom the appointment is if someone else booked it.
        "name": appointment.booker_name or appointment.display_name,
        "booked_for": appointment.name if appointment.booked_for_other else "",
        "short_code": appointment.short_code,
        "cancel_page": site + reverse("office:cancel_by_code"),
    }


def _appointment_message(appointment: Appointment, *, template: str) -> Message | None:
    """Queues a confirmation or reminder: to a person the office holds by their preferred way
    (a letter to their stored address, with their consent), else to the contact given when
    booking, a letter to the postal address given then; the office's organisation prints the
    letters. None if it cannot go out (a call, no way chosen, no address)."""
    kind = template.removeprefix("appointment_")
    context = _message_context(appointment)
    dedupe_key = f"appointment-{kind}:{appointment.id}"
    if appointment.person is not None:
        return message_enqueue(
            template=template, context=context, person=appointment.person, dedupe_key=dedupe_key
        )
    if appointment.channel in ("", ContactChannel.NONE, ContactChannel.PHONE):
        return None
    return message_enqueue(
        template=template,
        context=context,
        email=appointment.reach_email,
        phone=appointment.reach_phone,
        address=appointment.postal_address,
        organisation=appointment.office.organisation,
        channel=appointment.channel,
        dedupe_key=dedupe_key,
    )


def _confirmation_send(appointment: Appointment) -> None:
    """The confirmation by the booker's chosen way; a call is the office's to make (the day
    view lists it), no message at all leaves it unconfirmed."""
    message = _appointment_message(appointment, template="appointment_confirmation")
    if message is not None:
        appointment.confirmed_at = timezone.now()
        appointment.save(update_fields=["confirmed_at", "updated_at"])


@transaction.atomic
def appointment_book_public(
    *,
    actor: Actor,
    office: Office,
    start: dt.datetime,
    name: str,
    phone: str = "",
    email: str = "",
    channel: str = ContactChannel.NONE,
    note: str = "",
    booker_name: str = "",
    booker_relation: str = "",
    booker_phone: str = "",
    booker_email: str = "",
    street: str = "",
    postcode: str = "",
    city: str = "",
) -> tuple[Appointment, str]:
    """A booking from the public page, with or without an account: a name and a phone number
    or an e-mail address are needed, so the office can reach the booker. Someone booking for
    another person (`booker_name`: a relative, a neighbour) gives the person's name (their
    phone if they like) and their own contact, where confirmation and reminders go. A booker
    who wants a letter gives the postal address (kept only then)."""
    name, phone, email = name.strip(), phone.strip(), email.strip()
    street, postcode, city = street.strip(), postcode.strip(), city.strip()
    booker_name, booker_relation = booker_name.strip(), booker_relation.strip()
    booker_phone, booker_email = booker_phone.strip(), booker_email.strip()
    for_other = bool(booker_name)
    if for_other:
        email = ""  # the person's own contact is their phone, if given
    # The contact that confirmations and reminders go to, and the names of its fields.
    reach_phone, reach_email = (booker_phone, booker_email) if for_other else (phone, email)
    phone_key, email_key = ("booker_phone", "booker_email") if for_other else ("phone", "email")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = (
            _("Geben Sie den Namen der Person ein, für die der Termin ist")
            if for_other
            else _("Geben Sie Ihren Namen ein")
        )
    for key, value in (("phone", phone), ("booker_phone", booker_phone)):
        if value and not phone_is_dialable(value):
            errors[key] = str(PHONE_DIGITS)
    if not reach_phone and not reach_email:
        errors[phone_key] = _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein")
    if channel not in PUBLIC_CHANNELS:
        errors["channel"] = _("Wählen Sie, wie wir Sie benachrichtigen sollen")
    elif channel == ContactChannel.EMAIL and not reach_email:
        errors[email_key] = _("Für eine Nachricht per E-Mail geben Sie Ihre E-Mail-Adresse ein")
    elif channel == ContactChannel.SMS and not reach_phone and phone_key not in errors:
        errors[phone_key] = _("Für eine SMS geben Sie Ihre Handynummer ein")
    elif channel == ContactChannel.PHONE and not reach_phone and phone_key not in errors:
        errors[phone_key] = _("Damit wir Sie anrufen können, geben Sie Ihre Telefonnummer ein")
    elif channel == ContactChannel.LETTER:
        errors |= postal_address_errors(street=street, postcode=postcode, city=city)
    else:
        street = postcode = city = ""  # only a letter needs the address
    if errors:
        raise ValidationError(errors)
    appointment = Appointment(
        office=office,
        start=start,
        name=name,
        phone=phone,
        email=email,
        channel=channel,
        note=note.strip(),
        booker_name=booker_name,
        booker_relation=booker_relation if for_other else "",
        booker_phone=booker_phone if for_other else "",
        booker_email=booker_email if for_other else "",
        street=street,
        postcode=postcode,
        city=city,
        booked_by=actor,
    )
    appointment, token = _book(actor=actor, appointment=appointment)
    audit_record(actor=actor, verb="appointment.booked", target=appointment, purpose=PURPOSE)
    _confirmation_send(appointment)
    return appointment, token


@transaction.atomic
def appointment_book_for_person(
    *, actor: Actor, office: Office, person: Person, start: dt.datetime, note: str = ""
) -> tuple[Appointment, str]:
    """Staff book for a person their organisation holds; the confirmation and the reminder
    follow the person's preferred way of contact (a letter goes to their stored address)."""
    require(actor, "office.book_appointment", office)
    if person.organisation_id != office.organisation_id:
        raise ValidationError(_("Diese Person wird von einem anderen Träger betreut."))
    appointment = Appointment(
        office=office,
        start=start,
        person=person,
        channel=person.contact_channel,
        note=note.strip(),
        booked_by=actor,
    )
    _lock_people(appointment)
    appointment.end = start + dt.timedelta(minutes=office.slot_minutes)
    _refuse_overlap(appointment)
    appointment, token = _book(actor=actor, appointment=appointment)
    audit_record(
        actor=actor,
        verb="appointment.booked",
        target=appointment,
        note=f"für Person {person.pk}",
        purpose=PURPOSE,
    )
    _confirmation_send(appointment)
    return appointment, token


def _visit_label(appointment: Appointment) -> str:
    """ "Hausbesuch am Montag, 23. März 2026, 14:00 bis 15:30 Uhr"."""
    end = timezone.localtime(appointment.end)
    return _("%(kind)s am %(start)s bis %(end)s") % {
        "kind": appointment.get_kind_display(),
        "start": slot_label(appointment.start).removesuffix(" Uhr"),
        "end": format_time(end.time()),
    }


def _lock_people(appointment: Appointment) -> None:
    """Bookings for the same person or kept by the same staff member take turns (always
    person first, then staff member), so that two made at the same moment cannot both pass
    the check for overlaps."""
    if appointment.person_id:
        Person.objects.select_for_update().filter(pk=appointment.person_id).first()
    if appointment.staff_member_id:
        User.objects.select_for_update().filter(pk=appointment.staff_member_id).first()


def _refuse_overlap(appointment: Appointment) -> None:
    """Neither the staff member nor the person can be in two places at once: a booked
    appointment of either that overlaps this one refuses it, named in words."""
    whose = Q(person_id=appointment.person_id)
    if appointment.staff_member_id:
        whose |= Q(staff_member_id=appointment.staff_member_id)
    overlapping = (
        Appointment.objects.filter(
            whose,
            status=Appointment.Status.BOOKED,
            start__lt=appointment.end,
            end__gt=appointment.start,
        )
        .select_related("person", "staff_member", "office")
        .order_by("start")
        .first()
    )
    if overlapping is None:
        return
    when = _visit_label(overlapping)
    if overlapping.person_id == appointment.person_id:
        message = _(
            "%(person)s hat zu dieser Zeit schon einen Termin: %(when)s. Wählen Sie eine "
            "andere Zeit."
        ) % {"person": appointment.person, "when": when}
    else:
        staff = appointment.staff_member
        message = _(
            "%(staff)s hat zu dieser Zeit schon einen Termin: %(when)s. Wählen Sie eine "
            "andere Zeit oder eine andere Person aus dem Team."
        ) % {"staff": staff.name or staff.email if staff else "", "when": when}
    raise ValidationError(message)


@transaction.atomic
def appointment_visit_book(
    *,
    actor: Actor,
    office: Office,
    person: Person,
    kind: str,
    start: dt.datetime,
    minutes: int,
    staff_member: User,
    place: str = "",
    note: str = "",
) -> Appointment:
    """Staff book a visit outside the slots for a person their organisation holds: a home
    visit (at `place`, by default the person's address) or an appointment in the office
    outside the consultation hours, at any time and length. The staff member who keeps it
    and the person must be free then. Confirmation and reminder as for other appointments."""
    require(actor, "office.book_appointment", office)
    if person.organisation_id != office.organisation_id:
        raise ValidationError(_("Diese Person wird von einem anderen Träger betreut."))
    errors: dict[str, str] = {}
    if kind not in (Appointment.Kind.HOME_VISIT, Appointment.Kind.OFFICE_EXTRA):
        errors["kind"] = _("Wählen Sie „Hausbesuch“ oder „Termin im Büro außerhalb der Sprechzeit“")
    if not VISIT_MINUTES[0] <= minutes <= VISIT_MINUTES[1]:
        errors["minutes"] = _("Ein Termin dauert zwischen %(least)d und %(most)d Minuten") % {
            "least": VISIT_MINUTES[0],
            "most": VISIT_MINUTES[1],
        }
    if start <= timezone.now():
        errors["start"] = _("Der Termin muss in der Zukunft liegen")
    if not staff_member.has_perm("office.view_appointments", office):
        errors["staff_member"] = _("Wählen Sie jemanden aus dem Team dieses Quartiersbüros")
    place = place.strip()
    if kind == Appointment.Kind.HOME_VISIT:
        if not place and person.street and person.postcode and person.city:
            place = f"{person.street}, {person.postcode} {person.city}"
        if not place:
            errors["place"] = _(
                "Die Adresse der Person ist nicht bekannt. Geben Sie den Ort des Hausbesuchs ein"
            )
    else:
        place = ""
    if errors:
        raise ValidationError(errors)
    appointment = Appointment(
        office=office,
        kind=kind,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        person=person,
        place=place,
        staff_member=staff_member,
        channel=person.contact_channel,
        note=note.strip(),
        booked_by=actor,
    )
    _lock_people(appointment)
    _refuse_overlap(appointment)
    _prepare(appointment)
    appointment.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="appointment.booked",
        target=appointment,
        note=f"{kind} für Person {person.pk}",
        purpose=PURPOSE,
    )
    _confirmation_send(appointment)
    return appointment


@transaction.atomic
def appointment_cancel(
    *, actor: Actor, appointment: Appointment, token: str = "", code: str = ""
) -> Appointment:
    """Staff cancel any booked appointment; a booker cancels a future one with the cancel
    link or the short code, or, logged in, one of their own (as "Mein Konto" lists them)."""
    appointment = (
        Appointment.objects.select_for_update().select_related("office").get(pk=appointment.pk)
    )
    by_booker = (
        (token and token_hash(token) == appointment.cancel_token_hash)
        or (code and appointment.short_code and code == appointment.short_code)
        or (actor is not None and appointment.booked_by_id == actor.pk)
        or (actor is not None and appointment_is_own(user=actor, appointment=appointment))
    )
    if not by_booker:
        require(actor, "office.change_appointment", appointment)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Dieser Termin ist nicht mehr gebucht."))
    if by_booker and appointment.start <= timezone.now():
        if actor is None or not actor.has_perm("office.change_appointment", appointment):
            raise ValidationError(_("Der Termin hat schon begonnen. Bitte rufen Sie uns an."))
    appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb="appointment.cancelled", target=appointment, purpose=PURPOSE)
    return appointment


@transaction.atomic
def appointment_confirm_by_call(*, actor: Actor, appointment: Appointment) -> Appointment:
    """The office phoned the booker to confirm (they chose a call on the booking form)."""
    require(actor, "office.change_appointment", appointment)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Dieser Termin ist nicht mehr gebucht."))
    if appointment.confirmed_at is None:
        appointment.confirmed_at = timezone.now()
        appointment.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(actor=actor, verb="appointment.confirmed", target=appointment, purpose=PURPOSE)
    return appointment


@transaction.atomic
def appointment_mark(*, actor: Actor, appointment: Appointment, status: str) -> Appointment:
    """Attended or no-show, once the appointment has begun; a wrong mark can be corrected."""
    require(actor, "office.change_appointment", appointment)
    if status not in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
        raise ValidationError(_("Wählen Sie „Erschienen“ oder „Nicht erschienen“."))
    appointment = (
        Appointment.objects.select_for_update().select_related("office").get(pk=appointment.pk)
    )
    if appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError(_("Dieser Termin ist abgesagt."))
    if appointment.start > timezone.now():
        raise ValidationError(_("Der Termin hat noch nicht begonnen."))
    if appointment.status != status:
        appointment.status = status
        appointment.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, verb=f"appointment.{status}", target=appointment, purpose=PURPOSE)
    return appointment


def appointment_reminders_due(*, today: dt.date) -> int:
    """The reminders to send on `today`: for tomorrow and, before a weekend or holiday, every
    day up to the next working day (Friday sends Monday's). Returns how many are queued."""
    return sum(appointment_reminders_send(day=day) for day in reminder_days(today))


def appointment_reminders_send(*, day: dt.date) -> int:
    """Enqueues a reminder for each booked appointment on `day` (run the day before), and a
    letter for those on `day + LETTER_LEAD_DAYS` whose person wants letters. The dedupe key
    makes a second run send nothing twice. Returns how many appointments have a reminder in
    the outbox (from this run or an earlier one)."""
    letters = appointments_to_remind(day=day + dt.timedelta(days=LETTER_LEAD_DAYS)).filter(
        Q(person__contact_channel=ContactChannel.LETTER)
        | Q(person__isnull=True, channel=ContactChannel.LETTER)
    )
    count = 0
    for appointment in [*appointments_to_remind(day=day), *letters]:
        with transaction.atomic():
            message = _appointment_message(appointment, template="appointment_reminder")
        count += message is not None
    return count


# Consultation hours and closures -------------------------------------------------------------


def _refuse_stranding(appointments: list[Appointment]) -> None:
    """Booked appointments are never left outside the hours without a word: the staff cancel
    or move them first (the day view lists them)."""
    if not appointments:
        return
    raise ValidationError(
        ngettext(
            "Das geht noch nicht: %(count)d gebuchter Termin läge sonst außerhalb der "
            "Sprechstunden (am %(first)s). Sagen Sie ihn zuerst in der Terminübersicht ab und "
            "rufen Sie die Person an.",
            "Das geht noch nicht: %(count)d gebuchte Termine lägen sonst außerhalb der "
            "Sprechstunden (der erste am %(first)s). Sagen Sie diese Termine zuerst in der "
            "Terminübersicht ab und rufen Sie die Personen an.",
            len(appointments),
        )
        % {"count": len(appointments), "first": slot_label(min(a.start for a in appointments))}
    )


def _check_byday(freq: str, byday: str) -> None:
    items = [item for item in byday.split(",") if item]
    valid = bool(items) and all(
        item[-2:] in DAY_CODES
        and (
            item[:-2] == ""
            if freq == Schedule.Freq.WEEKLY
            else item[:-2] in ("1", "2", "3", "4", "-1")
        )
        for item in items
    )
    if not valid:
        raise ValidationError({"byday": _("Wählen Sie mindestens einen Tag")})


@transaction.atomic
def consultation_hour_add(
    *,
    actor: Actor,
    office: Office,
    freq: str,
    byday: str,
    opens_at: dt.time,
    closes_at: dt.time,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> ConsultationHour:
    """A new consultation hour; it must hold at least one appointment."""
    require(actor, "office.change_office", office)
    _check_byday(freq, byday)
    hour = ConsultationHour(
        office=office,
        freq=freq,
        byday=byday,
        opens_at=opens_at,
        closes_at=closes_at,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    hour.full_clean()
    minutes = (closes_at.hour * 60 + closes_at.minute) - (opens_at.hour * 60 + opens_at.minute)
    if minutes < office.slot_minutes:
        raise ValidationError(
            {
                "closes_at": _(
                    "Die Sprechstunde muss mindestens so lang sein wie ein Termin "
                    "(%(minutes)d Minuten)"
                )
                % {"minutes": office.slot_minutes}
            }
        )
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("„Gültig bis“ darf nicht vor „Gültig ab“ liegen")})
    hour.save(force_insert=True)
    audit_record(actor=actor, verb="office.hour_added", target=office, note=str(hour))
    return hour


@transaction.atomic
def consultation_hour_remove(*, actor: Actor, hour: ConsultationHour) -> None:
    """Removes a consultation hour, unless booked appointments would then lie outside the
    hours: the staff cancel those first (and call the people), nothing goes silently."""
    require(actor, "office.change_office", hour.office)
    office = _lock_schedule(hour.office)
    remaining = [other for other in office.hours.all() if other.pk != hour.pk]
    _refuse_stranding(
        appointments_stranded(office=office, hours=remaining, closures=list(office.closures.all()))
    )
    note = str(hour)
    hour.delete()
    audit_record(actor=actor, verb="office.hour_removed", target=office, note=note)


@transaction.atomic
def office_closure_add(
    *, actor: Actor, office: Office, starts_on: dt.date, ends_on: dt.date, note: str = ""
) -> OfficeClosure:
    """Days the office is closed; not over booked appointments (they are cancelled first)."""
    require(actor, "office.change_office", office)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Der letzte Tag darf nicht vor dem ersten Tag liegen")})
    if ends_on < timezone.localdate():
        raise ValidationError(
            {"ends_on": _("Der letzte Tag darf nicht in der Vergangenheit liegen")}
        )
    closure = OfficeClosure(office=office, starts_on=starts_on, ends_on=ends_on, note=note.strip())
    closure.full_clean()
    current = _lock_schedule(office)
    _refuse_stranding(
        appointments_stranded(
            office=current,
            hours=list(current.hours.all()),
            closures=[*current.closures.all(), closure],
        )
    )
    closure.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="office.closure_added",
        target=office,
        note=f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}",
    )
    return closure


@transaction.atomic
def office_closure_remove(*, actor: Actor, closure: OfficeClosure) -> None:
    """Removes a closure: the office is open on those days again."""
    office = closure.office
    require(actor, "office.change_office", office)
    note = f"{closure.starts_on:%d.%m.%Y}–{closure.ends_on:%d.%m.%Y}"
    closure.delete()
    audit_record(actor=actor, verb="office.closure_removed", target=office, note=note)
