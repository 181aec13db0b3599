import datetime as dt

from django.core.management import call_command

from lotse.notifications.models import Message
from lotse.office.services import appointment_book_for_person, appointment_reminders_send
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.people.models import Consent
from lotse.people.services import consent_record

TUESDAY = MONDAY_8.date() + dt.timedelta(days=1)
FRIDAY = MONDAY_8.date() + dt.timedelta(days=4)


def _consent(person, channel, staff):
    consent_record(
        actor=staff,
        person=person,
        purpose=Consent.Purpose.CONTACT,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        channel=channel,
        given_at=MONDAY_8 - dt.timedelta(days=1),
    )


def test_reminders_go_out_the_day_before_by_the_chosen_channel(clock, office):
    book(office, start=at(TUESDAY, 9), channel="sms")
    book(office, start=at(TUESDAY, 10), channel="email", email="karl@example.org")
    book(office, start=at(TUESDAY, 11), channel="none")
    cancelled, token = book(office, start=at(TUESDAY, 11, 30), channel="sms")
    book(office, start=at(FRIDAY, 9), channel="sms")
    from lotse.office.services import appointment_cancel

    appointment_cancel(actor=None, appointment=cancelled, token=token)

    count = appointment_reminders_send(day=TUESDAY)

    messages = Message.objects.order_by("channel")
    assert count == 2
    assert [(m.channel, m.recipient) for m in messages] == [
        ("email", "karl@example.org"),
        ("sms", "0561 99 88 77"),
    ]
    sms = messages[1]
    assert "Dienstag, 24. März 2026, 9 Uhr" in sms.body
    assert "Marktplatz 1" in sms.body and "0561 123 45 67" in sms.body
    assert "Quartiersbüro Altstadt" in messages[0].subject


def test_reminders_are_sent_once_however_often_the_job_runs(clock, office):
    appointment, _token = book(office, start=at(TUESDAY, 9), channel="sms")

    appointment_reminders_send(day=TUESDAY)
    appointment_reminders_send(day=TUESDAY)
    call_command("appointment_reminders")  # only queues the task

    message = Message.objects.get()
    assert message.dedupe_key == f"appointment-reminder:{appointment.id}"


def test_reminders_for_persons_follow_their_channel_and_consent(
    clock, office, office_staff, person
):
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(TUESDAY, 9)
    )
    person.contact_channel = "email"
    person.save()

    assert appointment_reminders_send(day=TUESDAY) == 0  # no consent to contact yet

    _consent(person, "email", office_staff)
    assert appointment_reminders_send(day=TUESDAY) == 1
    assert Message.objects.get().recipient == "erna@example.org"


def test_persons_who_want_letters_get_them_days_ahead(clock, office, office_staff, person):
    person.contact_channel = "letter"
    person.street, person.postcode, person.city = "Lindenweg 3", "45657", "Teststadt"
    person.save()
    _consent(person, "letter", office_staff)
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(FRIDAY, 9)
    )

    assert appointment_reminders_send(day=TUESDAY) == 1

    letter = Message.objects.get()
    assert letter.channel == "letter"
    assert "Freitag, 27. März 2026, 9 Uhr" in letter.body
    assert "Lindenweg 3" in letter.recipient
