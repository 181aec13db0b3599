import datetime as dt

import pytest

from lotse.core.models import AuditEntry
from lotse.office.models import Appointment
from lotse.office.services import appointment_book_for_person
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.people.models import ContactChannel
from lotse.people.tests.factories import PersonFactory

MONDAY = MONDAY_8.date()
NINE = at(MONDAY, 9)
# The button on "Angaben prüfen": the answers come from the session.
BOOK_NOW = {"schritt": "buchen"}


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def test_office_page_shows_address_hours_and_the_way_to_book(clock, client, office):
    response = client.get("/buero/altstadt/")

    assert response.status_code == 200
    assert "Marktplatz 1" in response.text
    assert "Montag bis Freitag: 9 Uhr bis 12 Uhr" in response.text
    assert 'href="/buero/altstadt/termin/"' in response.text


def test_slot_page_lists_days_and_the_free_times_of_the_chosen_day(clock, client, office):
    book(office, start=at(MONDAY, 9, 30))

    response = client.get("/buero/altstadt/termin/", {"tag": "2026-03-24"})

    assert response.status_code == 200
    assert "Dienstag, 24. März 2026, 9:30 Uhr" in response.text
    assert 'href="?tag=2026-03-23#uhrzeit"' in response.text
    assert 'href="?tag=2026-03-28#uhrzeit"' not in response.text  # Saturday: closed
    assert 'aria-current="date"' in response.text and " checked" not in response.text
    monday = client.get("/buero/altstadt/termin/").text
    assert "Montag, 23. März 2026, 9 Uhr" in monday
    assert "Montag, 23. März 2026, 9:30 Uhr" not in monday


def test_booking_without_an_account_leads_to_the_confirmation_and_cancel_link(
    clock, client, office
):
    data = {
        "beginn": NINE.isoformat(),
        "name": "Karl Schmidt",
        "phone": "0561 99",
        "channel": "sms",
    }
    check = client.post("/buero/altstadt/termin/buchen/", data)
    assert "Angaben prüfen" in check.text and not Appointment.objects.exists()
    response = client.post("/buero/altstadt/termin/buchen/", BOOK_NOW | {"beginn": data["beginn"]})

    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert "Ihr Termin ist gebucht" in confirmation.text
    assert "Montag, 23. März 2026, 9 Uhr" in confirmation.text
    assert "Marktplatz 1" in confirmation.text
    assert Appointment.objects.get().short_code in confirmation.text
    assert 'href="/buero/absagen/"' in confirmation.text
    cancel_url = response["Location"] + "absagen/"
    assert cancel_url in confirmation.text
    assert "http://" not in confirmation.text.split("<main", 1)[1]  # no long address to keep
    assert "Möchten Sie den Termin am Montag, 23. März 2026, 9 Uhr absagen?" in (
        client.get(cancel_url).text
    )
    assert client.post(cancel_url).status_code == 302
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED
    assert "Dieser Termin ist abgesagt" in client.get(response["Location"]).text


def test_booking_form_explains_missing_input_and_books_nothing(clock, client, office):
    response = client.post(
        "/buero/altstadt/termin/buchen/", {"beginn": NINE.isoformat(), "channel": "none"}
    )

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Geben Sie Ihren Namen ein" in response.text
    assert "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein" in response.text
    assert not Appointment.objects.exists()


def test_booking_a_slot_someone_just_took_says_so(clock, client, office):
    data = {"beginn": NINE.isoformat(), "name": "Zu spät", "phone": "0561 99", "channel": "none"}
    client.post("/buero/altstadt/termin/buchen/", data)
    book(office)

    response = client.post("/buero/altstadt/termin/buchen/", BOOK_NOW | {"beginn": data["beginn"]})

    assert response.status_code == 409
    assert "Der Termin am Montag, 23. März 2026, 9 Uhr ist gerade vergeben worden." in response.text
    # Plain and polite: what happened, that nothing was booked, and what to do now.
    assert "Dieser Termin ist leider schon vergeben" in response.text
    assert "Sie haben noch keinen Termin. Ihre Angaben bleiben gespeichert." in response.text
    assert "Bitte wählen Sie einen anderen Termin" in response.text
    assert "2026-03-23T09" not in response.text.split("<form", 1)[0]  # no ISO time in words
    assert "Montag, 23. März 2026, 9:30 Uhr" in response.text  # the nearest free one
    assert " checked" not in response.text
    assert Appointment.objects.count() == 1


def test_booking_without_a_time_goes_back_to_the_slots(clock, client, office):
    response = client.get("/buero/altstadt/termin/buchen/", {"beginn": "morgen"})

    assert response.status_code == 302
    assert response["Location"] == "/buero/altstadt/termin/"


def test_unknown_offices_and_links_answer_404(client, office):
    assert client.get("/buero/gibt-es-nicht/").status_code == 404
    assert client.get("/buero/termin/falscher-link/").status_code == 404
    assert client.post("/buero/termin/falscher-link/absagen/").status_code == 404


def test_staff_day_view_lists_the_days_appointments(clock, staff_client, office, person):
    book(office, name="Karl Schmidt", note="Rente")

    response = staff_client.get("/buero/altstadt/termine/")

    assert response.status_code == 200
    assert "Karl Schmidt" in response.text and "Rente" in response.text
    assert "?tag=2026-03-24" in response.text and "?tag=2026-03-22" in response.text
    assert "5 Termine frei" in response.text


def test_staff_book_for_a_person_found_by_search(clock, staff_client, office, person):
    search = staff_client.get("/buero/altstadt/termine/buchen/", {"q": "müller"})
    assert "Erna Müller, 1938" in search.text

    response = staff_client.post(
        "/buero/altstadt/termine/buchen/",
        {"q": "müller", "tag": "2026-03-23", "person": str(person.id), "start": NINE.isoformat()},
    )

    assert response.status_code == 302
    assert response["Location"] == "/buero/altstadt/termine/?tag=2026-03-23"
    appointment = Appointment.objects.get()
    assert appointment.person == person
    assert AuditEntry.objects.filter(verb="person.read", purpose="Terminvergabe").exists()


def test_staff_cancel_and_mark(clock, staff_client, office):
    first, _token = book(office)
    second, _token = book(office, start=at(MONDAY, 9, 30))
    clock.set(at(MONDAY, 9, 5))

    confirm = staff_client.get(f"/buero/termine/{second.id}/absagen/")
    staff_client.post(f"/buero/termine/{second.id}/absagen/")
    staff_client.post(f"/buero/termine/{first.id}/vermerken/", {"stand": "no_show"})

    assert "Möchten Sie den Termin von Karl Schmidt" in confirm.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("no_show", "cancelled")


def test_staff_mark_explains_a_refusal(clock, staff_client, office):
    appointment, _token = book(office)

    response = staff_client.post(
        f"/buero/termine/{appointment.id}/vermerken/", {"stand": "attended"}, follow=True
    )

    assert "Der Termin hat noch nicht begonnen." in response.text
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_staff_pages_refuse_outsiders_with_404(clock, client, office, outsider, with_totp):
    appointment, _token = book(office)
    with_totp(outsider)
    client.force_login(outsider)

    for url in [
        "/buero/altstadt/termine/",
        "/buero/altstadt/termine/buchen/",
        f"/buero/termine/{appointment.id}/absagen/",
    ]:
        assert client.get(url).status_code == 404


def test_a_double_click_on_book_leads_to_the_same_confirmation(clock, client, office):
    data = {"beginn": NINE.isoformat(), "name": "Karl", "phone": "0561 99", "channel": "none"}
    client.post("/buero/altstadt/termin/buchen/", data)

    first = client.post("/buero/altstadt/termin/buchen/", data | BOOK_NOW)
    second = client.post("/buero/altstadt/termin/buchen/", data | BOOK_NOW)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Appointment.objects.count() == 1


def test_choosing_a_slot_that_was_taken_meanwhile_goes_back_to_the_times(clock, client, office):
    book(office)

    response = client.get("/buero/altstadt/termin/buchen/", {"beginn": NINE.isoformat()})

    assert response.status_code == 302
    assert response["Location"] == "/buero/altstadt/termin/?tag=2026-03-23"


def test_after_cancelling_the_same_browser_can_book_the_slot_again(clock, client, office):
    data = {"beginn": NINE.isoformat(), "name": "Karl", "phone": "0561 99", "channel": "none"}
    client.post("/buero/altstadt/termin/buchen/", data)
    first = client.post("/buero/altstadt/termin/buchen/", data | BOOK_NOW)
    client.post(first["Location"] + "absagen/")

    client.post("/buero/altstadt/termin/buchen/", data)
    again = client.post("/buero/altstadt/termin/buchen/", data | BOOK_NOW)

    assert again["Location"] != first["Location"]
    assert Appointment.objects.filter(status="booked").count() == 1


def test_staff_day_view_lists_tomorrows_reminders_to_phone(
    clock, staff_client, office, person, office_staff
):
    tuesday = MONDAY + dt.timedelta(days=1)
    person.contact_channel = ContactChannel.PHONE
    person.save(update_fields=["contact_channel"])
    otto = PersonFactory.create(
        organisation=person.organisation,
        given_name="Otto",
        family_name="Abgesagt",
        birth_year=1940,
        phone="0561 5",
        contact_channel=ContactChannel.PHONE,
    )
    appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=at(tuesday, 10)
    )
    book(office, start=at(tuesday, 9), name="Karl Schmidt", channel=ContactChannel.NONE)
    book(office, start=at(tuesday, 11), name="Eva Mail", email="eva@example.org", channel="email")
    cancelled, _token = appointment_book_for_person(
        actor=office_staff, office=office, person=otto, start=at(tuesday, 11, 30)
    )
    Appointment.objects.filter(pk=cancelled.pk).update(status=Appointment.Status.CANCELLED)

    today = staff_client.get("/buero/altstadt/termine/").text
    tomorrow = staff_client.get("/buero/altstadt/termine/", {"tag": tuesday.isoformat()}).text

    start = today.index('id="anrufe"')
    calls = " ".join(today[start : today.index("</section>", start)].split())
    assert "Erna Müller, Dienstag, 24. März 2026, 10 Uhr: Telefon 0561 111 22 33" in calls
    assert "Karl Schmidt" not in calls and "Eva Mail" not in calls
    assert "Otto Abgesagt" not in calls
    assert 'id="anrufe"' not in tomorrow
