"""A resident's account: "Mein Konto" shows every appointment with the account's e-mail address
(booked online, or by staff for a person with that address) and cancels them, the messages
they wrote to an office with their text, the office's name and their state, and their
Merkliste."""

import datetime as dt

from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.directory.services import saved_service_add
from lotse.office.models import Appointment
from lotse.office.services import appointment_book_for_person, appointment_book_public
from lotse.office.tests.conftest import MONDAY_8, at

MONDAY = MONDAY_8.date()
ACCOUNT = "/konto/"
INQUIRY = {
    "description": "Ich komme mit dem Antrag auf Wohngeld nicht zurecht.",
    "contact_name": "Bea Bewohner",
    "contact_phone": "",
    "contact_email": "bewohner@test.de",
    "consent": "on",
}


def _book(office, actor, hour: int = 10, email: str = "bewohner@test.de") -> Appointment:
    appointment, _token = appointment_book_public(
        actor=actor,
        office=office,
        start=at(MONDAY, hour),
        name="Bea Bewohner",
        email=email,
        channel="email",
    )
    return appointment


def _cancel_url(appointment: Appointment) -> str:
    return f"/buero/mein-termin/{appointment.id}/absagen/"


def test_my_account_lists_the_appointments_booked_logged_in_with_a_way_to_cancel(
    client, clock, office, resident
):
    appointment = _book(office, resident)
    client.force_login(resident)

    text = client.get(ACCOUNT).text

    assert "Ihre Termine" in text
    assert "Montag, 23. März 2026, 10 Uhr" in text
    assert "Quartiersbüro Altstadt, Marktplatz 1, 45657 Teststadt" in text
    assert f'href="{_cancel_url(appointment)}"' in text


def test_my_account_leaves_out_what_staff_booked_for_a_person_and_others_bookings(
    client, clock, office, office_staff, person, resident, relative, with_totp
):
    with_totp(office_staff)
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(MONDAY, 9)
    )
    _book(office, relative, hour=11, email="angehoerige@test.de")
    client.force_login(office_staff)

    staff_text = client.get(ACCOUNT).text
    client.force_login(resident)
    resident_text = client.get(ACCOUNT).text

    # The staff member booked for Erna: her appointment is not the staff member's own.
    assert "2026, 9 Uhr" not in staff_text and "Ihre Termine" not in staff_text
    assert "2026, 11 Uhr" not in resident_text
    assert "Sie haben keinen Termin vor sich." in resident_text


def test_my_account_shows_what_staff_booked_for_the_person_with_the_accounts_address(
    client, clock, office, office_staff, person, resident, with_totp
):
    with_totp(office_staff)
    person.email = "Bewohner@Test.de"
    person.save(update_fields=["email"])
    appointment, _token = appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(MONDAY, 9)
    )
    client.force_login(resident)

    text = client.get(ACCOUNT).text
    done = client.post(_cancel_url(appointment))

    assert "Montag, 23. März 2026, 9 Uhr" in text
    assert f'href="{_cancel_url(appointment)}"' in text
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_my_account_shows_a_booking_made_without_login_with_the_accounts_address(
    client, clock, office, resident
):
    appointment = _book(office, None, hour=11)
    client.force_login(resident)

    text = client.get(ACCOUNT).text

    assert "Montag, 23. März 2026, 11 Uhr" in text
    assert f'href="{_cancel_url(appointment)}"' in text


def test_an_appointment_booked_for_someone_else_names_them(client, clock, office, relative):
    appointment_book_public(
        actor=None,
        office=office,
        start=at(MONDAY, 10),
        name="Erna Müller",
        phone="0561 111 22 33",
        channel="email",
        booker_name="Anna Müller",
        booker_relation="Tochter",
        booker_email="angehoerige@test.de",
    )
    client.force_login(relative)

    text = client.get(ACCOUNT).text

    assert "Montag, 23. März 2026, 10 Uhr" in text
    assert "Für: Erna Müller" in text


def test_a_resident_cancels_their_appointment_after_being_asked(client, clock, office, resident):
    appointment = _book(office, resident)
    client.force_login(resident)

    asked = client.get(_cancel_url(appointment))
    done = client.post(_cancel_url(appointment))

    assert "Möchten Sie den Termin am Montag, 23. März 2026, 10 Uhr absagen?" in asked.text
    assert done.status_code == 302 and done["Location"] == "/konto/#termine"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    after = client.get(ACCOUNT).text
    assert "Ihr Termin am Montag, 23. März 2026, 10 Uhr ist abgesagt." in after
    assert "Abgesagt" in after and f'href="{_cancel_url(appointment)}"' not in after


def test_cancelling_someone_elses_appointment_answers_404_and_changes_nothing(
    client, clock, office, resident, relative
):
    appointment = _book(office, relative, email="angehoerige@test.de")
    client.force_login(resident)

    response = client.post(_cancel_url(appointment))

    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_anonymous_visitors_are_sent_to_the_code_login_first(client, clock, office, resident):
    appointment = _book(office, resident)

    response = client.post(_cancel_url(appointment))

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/code/?next=/buero/mein-termin/")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_started_appointment_is_not_cancelled_online(client, clock, office, resident):
    appointment = _book(office, resident)
    client.force_login(resident)
    clock.set(at(MONDAY, 10, 5))

    account = client.get(ACCOUNT).text
    response = client.post(_cancel_url(appointment))

    assert f'href="{_cancel_url(appointment)}"' not in account
    assert "Der Termin hat schon begonnen. Bitte rufen Sie uns an." in response.text
    assert response.text.count('class="error-summary"') == 1
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_message_written_logged_in_shows_on_my_account_with_its_text_and_state(
    client, office, office_staff, resident, topic
):
    # The organisation that runs the office has a name of its own: the resident wrote to
    # the office.
    office.organisation.name = "Nachbarschaftshilfe Altstadt e. V."
    office.organisation.save(update_fields=["name"])
    client.force_login(resident)

    client.post("/buero/altstadt/anliegen/", INQUIRY | {"topic": str(topic.pk)})
    inquiry = Inquiry.objects.get()
    first = client.get(ACCOUNT).text
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.save(update_fields=["status"])
    later = client.get(ACCOUNT).text

    assert inquiry.written_by == resident
    assert "Ihre Nachrichten an das Quartiersbüro" in first
    assert "An: Quartiersbüro Altstadt" in first and "e. V." not in first
    assert "Thema: Einkaufen" in first
    assert "Ich komme mit dem Antrag auf Wohngeld nicht zurecht." in first
    assert "Stand: Angekommen. Das Quartiersbüro meldet sich bei Ihnen." in first
    assert "Stand: Erledigt" in later


def test_a_message_written_without_login_belongs_to_no_account(client, office):
    client.post("/buero/altstadt/anliegen/", INQUIRY)

    assert Inquiry.objects.get().written_by is None


def test_staff_recording_an_inquiry_cannot_make_it_someone_elses_message(
    office, office_staff, resident, with_totp
):
    with_totp(office_staff)

    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office.organisation,
        channel=Inquiry.Channel.PHONE,
        description="Anruf",
        written_by=resident,
    )

    assert inquiry.written_by is None


def test_my_account_shows_the_merkliste_and_an_archived_offer_as_gone(client, resident, make_offer):
    kept = make_offer("Mittagstisch")
    gone = make_offer("Handy-Sprechstunde")
    saved_service_add(user=resident, service=kept)
    saved_service_add(user=resident, service=gone)
    gone.status = gone.Status.INACTIVE
    gone.save(update_fields=["status"])
    client.force_login(resident)

    text = client.get(ACCOUNT).text

    assert f'<a href="/angebot/{kept.id}/"><strong>Mittagstisch</strong></a>' in text
    assert "Handy-Sprechstunde" in text and "Dieses Angebot gibt es nicht mehr." in text
    assert f'action="/angebot/{gone.id}/nicht-mehr-merken/"' in text


def test_an_empty_account_says_how_to_fill_it(client, resident):
    client.force_login(resident)

    text = client.get(ACCOUNT).text

    assert "Sie haben keinen Termin vor sich." in text
    assert "Sie haben noch keine Nachricht geschrieben." in text
    assert "Ihre Merkliste ist leer." in text


def test_past_appointments_are_listed_without_cancel(client, clock, office, resident):
    appointment = _book(office, resident)
    clock.set(MONDAY_8 + dt.timedelta(days=1))
    client.force_login(resident)

    text = client.get(ACCOUNT).text

    assert "Frühere Termine" in text
    assert "Montag, 23. März 2026, 10 Uhr, Quartiersbüro Altstadt: Gebucht" in text
    assert _cancel_url(appointment) not in text
