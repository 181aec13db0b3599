"""Booking and cancelling online: the short code, the confirmation by the chosen way, the
phone check, the slot picker with "Angaben prüfen", the calendar file and the day view's marks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from lotse.core.codes import ALPHABET
from lotse.notifications.models import Message
from lotse.office.calendar import appointment_ics
from lotse.office.models import Appointment
from lotse.office.services import (
    appointment_book_for_person,
    appointment_cancel,
    appointment_reminders_send,
)
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.office.views import CODE_TRIES

MONDAY = MONDAY_8.date()
NINE = at(MONDAY, 9)
BOOK = "/buero/altstadt/termin/buchen/"
CANCEL = "/buero/absagen/"
DATA = {"beginn": NINE.isoformat(), "name": "Karl Schmidt", "phone": "0561 99", "channel": "none"}


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.fixture
def staff_client_factory(office_staff, with_totp):
    """A second browser, of the office staff, next to the resident's `client`."""

    def make() -> Client:
        with_totp(office_staff)
        staff = Client()
        staff.force_login(office_staff)
        return staff

    return make


def test_a_booking_gets_a_short_code_of_the_referral_slips_kind(clock, office):
    appointment, _token = book(office)

    code = appointment.short_code
    assert len(code) == 9 and code[4] == "-"
    assert all(ch in ALPHABET for ch in code.replace("-", ""))


def test_cancel_by_code_asks_first_then_cancels(clock, client, office):
    appointment, _token = book(office)
    typed = appointment.short_code.lower().replace("-", " ")

    check = client.post(CANCEL, {"code": typed})

    assert "Möchten Sie den Termin am Montag, 23. März 2026, 9 Uhr absagen?" in check.text
    assert "Karl Schmidt" not in check.text
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED

    done = client.post(CANCEL, {"code": typed, "schritt": "absagen"})

    assert "Ihr Termin ist abgesagt" in done.text
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    again = client.post(CANCEL, {"code": typed})
    assert "Zu diesem Kurzcode gibt es keinen gebuchten Termin" in again.text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Geben Sie Ihren Kurzcode ein"),
        ("12345", "Der Kurzcode hat 8 Zeichen aus Buchstaben und Ziffern"),
        ("OOOO-IIII", "Der Kurzcode hat 8 Zeichen aus Buchstaben und Ziffern"),
        ("ABCD-EFGH", "Zu diesem Kurzcode gibt es keinen gebuchten Termin"),
    ],
)
def test_cancel_by_code_explains_bad_codes_and_changes_nothing(
    clock, client, office, code, message
):
    book(office)

    response = client.post(CANCEL, {"code": code, "schritt": "absagen"})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text and message in response.text
    assert Appointment.objects.get().status == Appointment.Status.BOOKED


def test_a_past_appointments_code_cancels_nothing(clock, client, office):
    appointment, _token = book(office)
    clock.set(at(MONDAY, 9, 5))

    response = client.post(CANCEL, {"code": appointment.short_code, "schritt": "absagen"})

    assert "Zu diesem Kurzcode gibt es keinen gebuchten Termin" in response.text
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_guessing_short_codes_is_rate_limited(clock, client, office):
    appointment, _token = book(office)
    for _ in range(CODE_TRIES):
        assert client.post(CANCEL, {"code": "ABCD-EFGH"}).status_code == 200

    response = client.post(CANCEL, {"code": appointment.short_code, "schritt": "absagen"})

    assert response.status_code == 429
    assert "Bitte warten Sie 10 Minuten" in response.text
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_short_code_cancels_only_its_own_appointment(clock, office):
    first, _token = book(office)
    second, _token = book(office, start=at(MONDAY, 9, 30))

    with pytest.raises(PermissionDenied):
        appointment_cancel(actor=None, appointment=second, code=first.short_code)

    second.refresh_from_db()
    assert second.status == Appointment.Status.BOOKED


def test_confirmation_goes_out_by_the_chosen_way_and_says_how_to_cancel(clock, office):
    by_mail, _token = book(office, channel="email", email="karl@example.org")
    by_sms, _token = book(office, start=at(MONDAY, 9, 30), channel="sms")
    by_call, _token = book(office, start=at(MONDAY, 10), channel="phone")
    silent, _token = book(office, start=at(MONDAY, 10, 30), channel="none")

    confirmations = Message.objects.filter(template="appointment_confirmation")
    mail = confirmations.get(channel="email")
    sms = confirmations.get(channel="sms")
    assert confirmations.count() == 2
    assert mail.subject == "Ihr Termin am Montag, 23. März 2026, 9 Uhr ist gebucht"
    assert by_mail.short_code in mail.body and "/buero/absagen/" in mail.body
    assert "0561 123 45 67" in mail.body
    assert by_sms.short_code in sms.body and sms.recipient == "0561 99 88 77"
    by_mail.refresh_from_db()
    by_call.refresh_from_db()
    assert by_mail.confirmed_at is not None and by_call.confirmed_at is None


def test_a_call_as_confirmation_is_listed_for_the_office_until_ticked_off(
    clock, staff_client, office
):
    by_call, _token = book(office, start=at(MONDAY, 10), channel="phone", name="Rufe Mich")

    day = staff_client.get("/buero/altstadt/termine/").text
    assert 'id="bestaetigen"' in day and "Rufe Mich" in day

    response = staff_client.post(f"/buero/termine/{by_call.id}/bestaetigt/", {"tag": "2026-03-23"})

    assert response["Location"] == "/buero/altstadt/termine/?tag=2026-03-23"
    by_call.refresh_from_db()
    assert by_call.confirmed_at is not None
    assert 'id="bestaetigen"' not in staff_client.get("/buero/altstadt/termine/").text


def test_heute_anrufen_on_friday_holds_mondays_calls(clock, staff_client, office):
    friday = MONDAY + dt.timedelta(days=4)
    book(office, start=at(friday + dt.timedelta(days=3), 9), channel="phone", name="Montags Anruf")
    book(office, start=at(friday + dt.timedelta(days=4), 9), channel="phone", name="Otto Später")

    page = staff_client.get("/buero/altstadt/termine/", {"tag": friday.isoformat()}).text

    start = page.index('id="anrufe"')
    calls = " ".join(page[start : page.index("</section>", start)].split())
    assert "bis Montag, 30. März 2026" in calls
    assert "Montags Anruf, Montag, 30. März 2026, 9 Uhr" in calls
    assert "Otto Später" not in calls


def test_the_day_view_marks_who_no_reminder_reaches(
    clock, staff_client, office, office_staff, person
):
    book(office, start=at(MONDAY, 9), name="Ohne Erinnerung", channel="none")
    book(office, start=at(MONDAY, 9, 30), name="Mit SMS", channel="sms")
    person.contact_channel = "letter"  # but no postal address
    person.save(update_fields=["contact_channel"])
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(MONDAY, 10)
    )

    page = staff_client.get("/buero/altstadt/termine/").text

    rows = page.split("<tr>")
    marked = [row for row in rows if "Keine Erinnerung möglich" in row]
    assert len(marked) == 2
    assert any("Ohne Erinnerung" in row for row in marked)
    assert any("Erna Müller" in row for row in marked)


@pytest.mark.parametrize("phone", ["abc!!?", "0561", "ruf mich an 123"])
def test_the_booking_form_checks_the_phone_number(clock, client, office, phone):
    response = client.post(BOOK, DATA | {"phone": phone})

    assert "<title>Fehler:" in response.text
    assert "Geben Sie die Telefonnummer in Ziffern ein" in response.text
    assert "Angaben prüfen</h1>" not in response.text
    assert not Appointment.objects.exists()


def test_the_booking_form_says_one_of_phone_or_email_and_marks_neither_optional(
    clock, client, office
):
    page = client.get(BOOK, {"beginn": NINE.isoformat(), "fuer": "mich"}).text

    assert "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse." in page
    assert page.count("(freiwillig)") == 1  # the note only
    assert "Das Quartiersbüro ruft mich an" in page
    assert " checked" not in page


def test_no_time_chosen_goes_back_to_the_day_with_an_error(clock, client, office):
    response = client.get(BOOK, {"tag": "2026-03-24"})

    assert response.status_code == 302
    assert response["Location"] == "/buero/altstadt/termin/?tag=2026-03-24&fehler=uhrzeit#uhrzeit"
    page = client.get(response["Location"]).text
    assert "<title>Fehler:" in page and "Wählen Sie eine Uhrzeit" in page


def test_check_step_shows_the_answers_and_aendern_keeps_them(clock, client, office):
    check = client.post(BOOK, DATA | {"note": "Rente"})

    assert "Angaben prüfen" in check.text
    assert "Karl Schmidt" in check.text and "Rente" in check.text
    assert "Ändern" in check.text
    assert not Appointment.objects.exists()
    form = client.get(BOOK, {"beginn": NINE.isoformat()}).text
    assert 'value="Karl Schmidt"' in form


def test_booking_without_the_check_step_asks_again(clock, client, office):
    response = client.post(BOOK, {"beginn": NINE.isoformat(), "schritt": "buchen"})

    assert response.status_code == 302
    assert response["Location"].startswith(BOOK + "?beginn=")
    assert not Appointment.objects.exists()


def test_absagen_cannot_name_an_office(office):
    office.slug = "absagen"

    with pytest.raises(ValidationError, match="Kurzname"):
        office.full_clean()


def test_calendar_file_follows_rfc_5545_with_the_offices_address(clock, client, office):
    appointment, token = book(office, note="Rente; Wohngeld")

    response = client.get(f"/buero/termin/{token}/kalender.ics")
    text = response.content.decode()

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260323T080000Z\r\n" in text and "DTEND:20260323T083000Z\r\n" in text
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Quartiersbüro Altstadt\\, Marktplatz 1\\, 45657 Teststadt" in unfolded
    assert appointment.short_code in unfolded
    assert "Karl Schmidt" not in unfolded and "Rente" not in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    appointment_cancel(actor=None, appointment=appointment, token=token)
    assert client.get(f"/buero/termin/{token}/kalender.ics").status_code == 404


def test_calendar_lines_fold_without_splitting_a_character(clock, office):
    office.name = "Quartiersbüro " + "Ä" * 60
    appointment, _token = book(office)
    appointment.office = office

    text = appointment_ics(appointment=appointment)

    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert ("Ä" * 60) in text.replace("\r\n ", "")


def test_the_first_question_is_for_whom_and_an_empty_answer_is_explained(clock, client, office):
    question = client.get(BOOK, {"beginn": NINE.isoformat()})
    empty = client.get(BOOK, {"beginn": NINE.isoformat(), "gefragt": "ja"})

    assert "Für wen ist der Termin?" in question.text
    assert "Für eine andere Person" in question.text and " checked" not in question.text
    assert "<title>Fehler:" in empty.text and "Wählen Sie, für wen der Termin ist" in empty.text


RELATIVE = {
    "beginn": NINE.isoformat(),
    "fuer": "andere",
    "name": "Erna Schmidt",
    "phone": "",
    "booker_name": "Klaus Schmidt",
    "booker_relation": "Sohn",
    "booker_phone": "",
    "booker_email": "klaus@example.org",
    "channel": "email",
}


def test_a_relative_books_for_someone_else_and_both_contacts_are_stored(
    clock, client, staff_client_factory, office
):
    form = client.get(BOOK, {"beginn": NINE.isoformat(), "fuer": "andere"}).text
    assert "Name der Person, für die der Termin ist" in form and "Ihr Name" in form

    check = client.post(BOOK, RELATIVE)
    assert "Angaben prüfen" in check.text and "Klaus Schmidt" in check.text
    booked = client.post(BOOK, {"beginn": NINE.isoformat(), "schritt": "buchen"})

    assert booked.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.name, appointment.phone, appointment.email) == ("Erna Schmidt", "", "")
    assert (appointment.booker_name, appointment.booker_relation) == ("Klaus Schmidt", "Sohn")
    assert appointment.booker_email == "klaus@example.org"
    confirmation = Message.objects.get(template="appointment_confirmation")
    assert confirmation.recipient == "klaus@example.org"
    assert "Guten Tag Klaus Schmidt" in confirmation.body
    assert "Für: Erna Schmidt" in confirmation.body
    day = staff_client_factory().get("/buero/altstadt/termine/").text
    assert "Erna Schmidt" in day and "gebucht von Klaus Schmidt (Sohn)" in day


def test_a_relative_must_give_their_own_contact(clock, client, office):
    response = client.post(BOOK, RELATIVE | {"booker_email": "", "phone": "0561 99 88"})

    assert "<title>Fehler:" in response.text
    assert "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein" in response.text
    assert 'href="#id_booker_phone"' in response.text
    assert not Appointment.objects.exists()


def test_the_service_checks_the_relatives_contact_too(clock, office):
    with pytest.raises(ValidationError) as caught:
        book(office, phone="", booker_name="Klaus", booker_phone="abc", channel="sms")

    assert set(caught.value.message_dict) == {"booker_phone"}
    assert not Appointment.objects.exists()


def test_reminders_for_a_relatives_booking_go_to_the_relative(clock, office):
    tuesday = MONDAY + dt.timedelta(days=1)
    appointment, _token = book(
        office,
        start=at(tuesday, 9),
        name="Erna Schmidt",
        phone="0561 11 22 33",
        booker_name="Klaus Schmidt",
        booker_phone="0170 123 45 67",
        channel="sms",
    )

    appointment_reminders_send(day=tuesday)

    reminder = Message.objects.get(template="appointment_reminder")
    assert reminder.recipient == "0170 123 45 67"
    assert "Für Erna Schmidt" in reminder.body
    assert appointment.reach_phone == "0170 123 45 67"
