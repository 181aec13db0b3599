"""Every change of appointments: booking (online or by staff), cancelling, marking, reminders."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, require
from lotse.office.labels import slot_label
from lotse.office.models import Appointment, Office
from lotse.office.selectors import appointments_to_remind, office_slots, token_hash
from lotse.people.models import ContactChannel, Person

PURPOSE = "Terminvergabe"
# Letters need time to arrive: persons who want letters get theirs this many days ahead.
LETTER_LEAD_DAYS = 3
# The reminder channels a booker without a person record can choose.
PUBLIC_CHANNELS = (ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.NONE)


def _taken() -> ValidationError:
    return ValidationError(
        _("Dieser Termin ist gerade vergeben worden. Bitte wählen Sie einen anderen.")
    )


def _book(*, actor: Actor, appointment: Appointment) -> tuple[Appointment, str]:
    """Saves a new appointment for a slot that is free now; returns it with its cancel token.
    The partial unique constraint decides between bookings made at the same moment."""
    office = appointment.office
    day = timezone.localtime(appointment.start).date()
    if appointment.start not in office_slots(office, day):
        if (
            appointment.start > timezone.now()
            and Appointment.objects.filter(office=office, start=appointment.start)
            .exclude(status=Appointment.Status.CANCELLED)
            .exists()
        ):
            raise _taken()
        raise ValidationError(_("Diesen Termin gibt es nicht. Bitte wählen Sie einen anderen."))
    token = secrets.token_urlsafe(24)
    appointment.cancel_token_hash = token_hash(token)
    appointment.region_id = office.organisation.region_id
    appointment.end = appointment.start + dt.timedelta(minutes=office.slot_minutes)
    appointment.status = Appointment.Status.BOOKED
    appointment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            appointment.save(force_insert=True)
    except IntegrityError as exc:
        raise _taken() from exc
    return appointment, token


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
) -> tuple[Appointment, str]:
    """A booking from the public page, with or without an account: a name and a phone number
    or an e-mail address are needed, so the office can reach the booker."""
    name, phone, email = name.strip(), phone.strip(), email.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Geben Sie Ihren Namen ein")
    if not phone and not email:
        errors["phone"] = _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein")
    if channel not in PUBLIC_CHANNELS:
        errors["channel"] = _("Wählen Sie, wie wir Sie erinnern sollen")
    elif channel == ContactChannel.EMAIL and not email:
        errors["email"] = _("Für eine Erinnerung per E-Mail geben Sie Ihre E-Mail-Adresse ein")
    elif channel == ContactChannel.SMS and not phone:
        errors["phone"] = _("Für eine Erinnerung per SMS geben Sie Ihre Handynummer ein")
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
        booked_by=actor,
    )
    appointment, token = _book(actor=actor, appointment=appointment)
    audit_record(actor=actor, verb="appointment.booked", target=appointment, purpose=PURPOSE)
    return appointment, token


@transaction.atomic
def appointment_book_for_person(
    *, actor: Actor, office: Office, person: Person, start: dt.datetime, note: str = ""
) -> tuple[Appointment, str]:
    """Staff book for a person their organisation holds; the reminder follows the person's
    preferred way of contact."""
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
    appointment, token = _book(actor=actor, appointment=appointment)
    audit_record(
        actor=actor,
        verb="appointment.booked",
        target=appointment,
        note=f"für Person {person.pk}",
        purpose=PURPOSE,
    )
    return appointment, token


@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment: Appointment, token: str = "") -> Appointment:
    """Staff cancel any booked appointment; a booker cancels a future one with the cancel
    link, or, logged in, one they booked themselves."""
    appointment = (
        Appointment.objects.select_for_update().select_related("office").get(pk=appointment.pk)
    )
    by_booker = (token and token_hash(token) == appointment.cancel_token_hash) or (
        actor is not None and appointment.booked_by_id == actor.pk
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


def appointment_reminders_send(*, day: dt.date) -> int:
    """Enqueues a reminder for each booked appointment on `day` (run the day before), and a
    letter for those on `day + LETTER_LEAD_DAYS` whose person wants letters. The dedupe key
    makes a second run send nothing twice. Returns how many appointments have a reminder in
    the outbox (from this run or an earlier one)."""
    # Imported here: the notifications app is built alongside this one.
    from lotse.notifications.services import message_enqueue

    letters = appointments_to_remind(day=day + dt.timedelta(days=LETTER_LEAD_DAYS)).filter(
        person__contact_channel=ContactChannel.LETTER
    )
    count = 0
    for appointment in [*appointments_to_remind(day=day), *letters]:
        if not appointment.person_id and appointment.channel in ("", ContactChannel.NONE):
            continue
        office = appointment.office
        context = {
            "office_name": office.name,
            "office_address": f"{office.street}, {office.postcode} {office.city}",
            "office_phone": office.phone,
            "when": slot_label(appointment.start),
            "name": appointment.display_name,
        }
        with transaction.atomic():
            if appointment.person is not None:
                message = message_enqueue(
                    template="appointment_reminder",
                    context=context,
                    person=appointment.person,
                    dedupe_key=f"appointment-reminder:{appointment.id}",
                )
            else:
                message = message_enqueue(
                    template="appointment_reminder",
                    context=context,
                    email=appointment.email,
                    phone=appointment.phone,
                    channel=appointment.channel,
                    dedupe_key=f"appointment-reminder:{appointment.id}",
                )
        count += message is not None
    return count
