"""A booker who wants a letter: the postal address on the public form, the confirmation and
reminder letters in the office's letter batch, and the address's retention and erasure."""

import datetime as dt

import pytest

from lotse.compliance.selectors import privacy_notice
from lotse.notifications.models import Message
from lotse.notifications.selectors import letters_waiting
from lotse.office.forms import PublicBookingForm
from lotse.office.models import Appointment
from lotse.office.processing import appointment_text_apply, appointment_text_due
from lotse.office.services import (
    LETTER_LEAD_DAYS,
    appointment_book_for_person,
    appointment_reminders_send,
)
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.people.models import Consent
from lotse.people.services import consent_record

MONDAY = MONDAY_8.date()
FRIDAY = MONDAY + dt.timedelta(days=4)
ADDRESS = {"street": "Lindenweg 3", "postcode": "45657", "city": "Teststadt"}
BOOK_NOW = {"schritt": "buchen"}


def test_a_letter_booking_keeps_the_address_and_queues_the_confirmation_for_printing(
    clock, office, office_staff
):
    appointment, _token = book(office, start=at(FRIDAY, 9), channel="letter", **ADDRESS)

    appointment.refresh_from_db()
    assert (appointment.street, appointment.postcode, appointment.city) == (
        "Lindenweg 3",
        "45657",
        "Teststadt",
    )
    letter = Message.objects.get(template="appointment_confirmation")
    assert (letter.channel, letter.status) == ("letter", "waiting")
    assert letter.recipient == "Karl Schmidt\nLindenweg 3\n45657 Teststadt"
    assert letter.organisation_id == office.organisation_id
    assert letter.person_id is None
    assert "Freitag, 27. März 2026, 9 Uhr" in letter.body
    assert appointment.short_code in letter.body and "0561 123 45 67" in letter.body
    assert "/buero/absagen/" in letter.body
    assert appointment.confirmed_at is not None
    assert letters_waiting(actor=office_staff) == [letter]


def test_an_address_is_not_kept_when_the_booker_wants_no_letter(clock, office):
    appointment, _token = book(office, channel="sms", **ADDRESS)

    appointment.refresh_from_db()
    assert (appointment.street, appointment.postcode, appointment.city) == ("", "", "")
    assert not Message.objects.filter(channel="letter").exists()


def test_someone_booking_for_another_gets_the_letter_at_their_own_address(clock, office):
    book(
        office,
        name="Erna Müller",
        phone="",
        booker_name="Petra Müller",
        booker_phone="0171 555 66 77",
        channel="letter",
        **ADDRESS,
    )

    letter = Message.objects.get(channel="letter")
    assert letter.recipient.startswith("Petra Müller\nLindenweg 3")
    assert "Erna Müller" in letter.body


def test_the_reminder_letter_goes_out_days_ahead_to_the_address_given(clock, office):
    appointment, _token = book(office, start=at(FRIDAY, 9), channel="letter", **ADDRESS)
    assert appointment.reminder_reachable

    sent = appointment_reminders_send(day=FRIDAY - dt.timedelta(days=LETTER_LEAD_DAYS))

    assert sent == 1
    reminder = Message.objects.get(template="appointment_reminder")
    assert reminder.channel == "letter" and reminder.recipient.endswith("45657 Teststadt")
    assert appointment.short_code in reminder.body and "0561 123 45 67" in reminder.body


def test_staff_booking_for_a_person_who_wants_letters_writes_to_their_stored_address(
    clock, office, office_staff, person
):
    person.contact_channel = "letter"
    person.street, person.postcode, person.city = "Am Teich 7", "45659", "Teststadt"
    person.save()
    consent_record(
        actor=office_staff,
        person=person,
        purpose=Consent.Purpose.CONTACT,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        channel="letter",
        given_at=MONDAY_8 - dt.timedelta(days=1),
    )

    appointment, _token = appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(FRIDAY, 10)
    )

    letter = Message.objects.get(template="appointment_confirmation")
    assert letter.recipient == "Erna Müller\nAm Teich 7\n45659 Teststadt"
    assert letter.person == person
    appointment.refresh_from_db()
    assert appointment.street == ""  # the person's own record holds the address


def test_the_public_form_asks_for_the_address_only_when_a_letter_is_chosen(clock, office):
    data = {"name": "Karl Schmidt", "phone": "0561 99 88 77", "channel": "letter"}

    form = PublicBookingForm(data | {"street": "Lindenweg 3", "postcode": "4565 7"})
    assert not form.is_valid()
    assert form.errors["postcode"] == ["Die Postleitzahl hat 5 Ziffern, zum Beispiel 45657"]
    assert form.errors["city"] == ["Für einen Brief geben Sie den Ort ein"]

    email = PublicBookingForm(data | {"channel": "sms", "street": "Lindenweg 3"})
    assert email.is_valid()
    assert email.booking_data()["street"] == ""
    assert [row[0] for row in email.review_rows()] == ["name", "phone", "email", "channel", "note"]

    letter = PublicBookingForm(data | ADDRESS)
    assert letter.is_valid()
    rows = {key: answer for key, _question, answer in letter.review_rows()}
    assert (rows["channel"], rows["postcode"]) == ("Per Brief", "45657")


def test_booking_a_letter_on_the_public_pages(clock, client, office):
    start = at(MONDAY, 9).isoformat()
    page = client.get("/buero/altstadt/termin/buchen/", {"beginn": start, "fuer": "mich"})
    assert "Per Brief" in page.text and "Postleitzahl (nur für Brief)" in page.text
    assert "ein Brief einige Tage vorher" in page.text and "zu spät" in page.text

    data = {"beginn": start, "name": "Karl Schmidt", "phone": "0561 99", "channel": "letter"}
    refused = client.post("/buero/altstadt/termin/buchen/", data)
    assert "Für einen Brief geben Sie Straße und Hausnummer ein" in refused.text

    check = client.post("/buero/altstadt/termin/buchen/", data | ADDRESS)
    assert "Angaben prüfen" in check.text and "Lindenweg 3" in check.text
    booked = client.post("/buero/altstadt/termin/buchen/", BOOK_NOW | {"beginn": start})

    assert booked.status_code == 302
    confirmation = client.get(booked["Location"])
    assert "Bestätigung per Brief an Lindenweg 3, 45657 Teststadt" in confirmation.text
    appointment = Appointment.objects.get()
    assert (appointment.channel, appointment.city) == ("letter", "Teststadt")
    assert Message.objects.get().channel == "letter"


@pytest.mark.parametrize(
    ("days_ahead", "soon"), [(0, True), (LETTER_LEAD_DAYS + 1, True), (7, False)]
)
def test_the_confirmation_page_says_when_a_letter_comes_too_late(
    clock, client, office, days_ahead, soon
):
    day = MONDAY + dt.timedelta(days=days_ahead)
    _appointment, token = book(office, start=at(day, 9), channel="letter", **ADDRESS)

    page = client.get(f"/buero/termin/{token}/").text

    assert "Bestätigung per Brief an Lindenweg 3, 45657 Teststadt" in page
    assert (
        "Ihr Termin ist schon bald. Der Brief kommt vielleicht erst kurz vorher an" in page
    ) == soon
    assert ("und einige Tage vorher eine Erinnerung" in page) == (not soon)


def test_retention_and_erasure_clear_the_postal_address(clock, office):
    appointment, _token = book(office, channel="letter", **ADDRESS)
    Appointment.objects.filter(pk=appointment.pk).update(name="", phone="")
    cutoff = at(MONDAY, 12)

    due = list(appointment_text_due(cutoff, "redact"))
    appointment_text_apply(due[0], action="redact", actor=None, reason="Frist")

    assert due == [appointment]
    appointment.refresh_from_db()
    assert (appointment.street, appointment.postcode, appointment.city) == ("", "", "")
    assert list(appointment_text_due(cutoff, "redact")) == []


@pytest.mark.parametrize(
    "label", ["Straße und Hausnummer", "Postleitzahl", "Art des Termins", "Ort des Besuchs"]
)
def test_the_privacy_notice_names_the_new_appointment_data(db, label):
    notice = privacy_notice()

    activity = next(
        activity
        for activity in notice["resident_activities"] + notice["staff_activities"]
        if activity.key == "office.appointments"
    )
    assert label in activity.data
