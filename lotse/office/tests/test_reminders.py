import datetime as dt

from django.conf import settings
from django.core.management import call_command

from lotse.notifications.models import Message
from lotse.office.services import (
    appointment_book_for_person,
    appointment_reminders_due,
    appointment_reminders_send,
)
from lotse.office.tasks import send_appointment_reminders
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.office.workdays import is_working_day, next_working_day, reminder_days
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

    messages = Message.objects.filter(template="appointment_reminder").order_by("channel")
    assert count == 2
    assert [(m.channel, m.recipient) for m in messages] == [
        ("email", "karl@example.org"),
        ("sms", "0561 99 88 77"),
    ]
    sms = messages[1]
    assert "Dienstag, 24. März 2026, 9 Uhr" in sms.body
    assert "Marktplatz 1" in sms.body and "0561 123 45 67" in sms.body
    assert messages[0].subject == "Erinnerung an Ihren Termin am Dienstag, 24. März 2026, 10 Uhr"


def test_reminders_are_sent_once_however_often_the_job_runs(clock, office):
    appointment, _token = book(office, start=at(TUESDAY, 9), channel="sms")

    appointment_reminders_send(day=TUESDAY)
    appointment_reminders_send(day=TUESDAY)
    call_command("appointment_reminders")  # only queues the task

    message = Message.objects.get(template="appointment_reminder")
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

    letter = Message.objects.get(template="appointment_reminder")
    assert letter.channel == "letter"
    assert "Freitag, 27. März 2026, 9 Uhr" in letter.body
    assert "Lindenweg 3" in letter.recipient


NEXT_MONDAY = FRIDAY + dt.timedelta(days=3)
# Easter 2026: Good Friday 3 April and Easter Monday 6 April are public holidays in NW.
MAUNDY_THURSDAY = dt.date(2026, 4, 2)
TUESDAY_AFTER_EASTER = dt.date(2026, 4, 7)


def test_reminder_days_reach_over_weekends_and_public_holidays(settings):
    settings.LOTSE_HOLIDAY_STATE = "NW"

    assert reminder_days(MONDAY_8.date()) == [TUESDAY]
    assert reminder_days(FRIDAY) == [FRIDAY + dt.timedelta(days=n) for n in (1, 2, 3)]
    assert reminder_days(MAUNDY_THURSDAY) == [
        MAUNDY_THURSDAY + dt.timedelta(days=n) for n in range(1, 6)
    ]
    assert next_working_day(MAUNDY_THURSDAY) == TUESDAY_AFTER_EASTER
    assert not is_working_day(dt.date(2026, 4, 6))


def test_friday_sends_mondays_reminders_and_monday_sends_none_twice(clock, office):
    monday, _token = book(office, start=at(NEXT_MONDAY, 9), channel="sms")
    book(office, start=at(NEXT_MONDAY + dt.timedelta(days=1), 9), channel="sms")
    clock.set(at(FRIDAY, 18))

    sent = send_appointment_reminders.call()
    appointment_reminders_due(today=FRIDAY + dt.timedelta(days=1))  # a run on Saturday

    reminders = Message.objects.filter(template="appointment_reminder")
    assert sent == 1
    assert [m.dedupe_key for m in reminders] == [f"appointment-reminder:{monday.id}"]
    assert "Montag, 30. März 2026, 9 Uhr" in reminders.get().body


def test_the_day_before_easter_reminds_up_to_the_tuesday_after(clock, office):
    after_easter, _token = book(office, start=at(TUESDAY_AFTER_EASTER, 10), channel="sms")

    assert appointment_reminders_due(today=MAUNDY_THURSDAY - dt.timedelta(days=1)) == 0
    assert appointment_reminders_due(today=MAUNDY_THURSDAY) == 1

    reminder = Message.objects.get(template="appointment_reminder")
    assert reminder.dedupe_key == f"appointment-reminder:{after_easter.id}"


def test_a_letter_names_the_date_and_only_the_offices_phone(clock, office, office_staff, person):
    person.contact_channel = "letter"
    person.street, person.postcode, person.city = "Lindenweg 3", "45657", "Teststadt"
    person.save()
    _consent(person, "letter", office_staff)
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(FRIDAY, 9)
    )

    appointment_reminders_send(day=TUESDAY)

    letter = Message.objects.get(template="appointment_reminder")
    assert "morgen" not in (letter.subject + letter.body).lower()
    assert letter.subject == "Erinnerung an Ihren Termin am Freitag, 27. März 2026, 9 Uhr"
    assert office.phone in letter.body
    assert settings.LOTSE_CONTACT_PHONE != office.phone
    assert settings.LOTSE_CONTACT_PHONE not in letter.body


def test_reminders_of_public_bookings_say_how_to_cancel_with_the_short_code(clock, office):
    appointment, _token = book(office, start=at(TUESDAY, 9), channel="email", email="k@x.de")

    appointment_reminders_send(day=TUESDAY)

    reminder = Message.objects.get(template="appointment_reminder")
    assert appointment.short_code in reminder.body
    assert "/buero/absagen/" in reminder.body
