"""The pages of registrations: wiring, status codes, what each page says, and the outsider."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.news.models import Occurrence, PublicationStatus, Registration
from lotse.news.services_registrations import registration_register_by_staff
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import fresh, register
from lotse.notifications.models import Message

# The fixtures of the registration tests (a module attribute is a fixture to pytest).
date = registrations_support.date
make_date = registrations_support.make_date

# The button on "Angaben prüfen": the answers come from the session.
REGISTER_NOW = {"schritt": "anmelden"}
DETAILS = {"fuer": "mich", "name": "Karl Schmidt", "phone": "0561 99 88 77", "channel": "sms"}


def _url(name: str, *args) -> str:
    return reverse(f"events:{name}", args=args)


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


# Registering online ------------------------------------------------------------------------------


def test_registering_asks_for_whom_then_the_details_then_checks_them(client, date):
    url = _url("register", date.id)

    whom = client.get(url)
    details = client.get(url, {"fuer": "mich"})
    check = client.post(url, DETAILS | {"places": "2"})

    assert "Für wen ist die Anmeldung?" in whom.text
    assert "Ihre Angaben für die Anmeldung" in details.text
    assert "Es sind noch 3 Plätze frei." in details.text
    assert "Angaben prüfen" in check.text and "Verbindlich anmelden" in check.text
    assert not Registration.objects.exists()

    done = client.post(url, REGISTER_NOW)

    registration = Registration.objects.get()
    assert (registration.name, registration.places, registration.channel) == (
        "Karl Schmidt",
        2,
        "sms",
    )
    assert done.status_code == 302
    confirmation = client.get(done["Location"])
    assert "Sie sind angemeldet" in confirmation.text
    assert f'id="kurzcode">{registration.short_code}<' in confirmation.text
    assert "Sie bekommen eine Bestätigung per SMS." in confirmation.text
    assert fresh(date).places_taken == 2


def test_a_second_click_on_register_leads_to_the_confirmation(client, date):
    url = _url("register", date.id)
    client.post(url, DETAILS | {"places": "1"})
    first = client.post(url, REGISTER_NOW)

    again = client.post(url, REGISTER_NOW)
    later = client.get(url)

    assert again["Location"] == first["Location"]
    assert Registration.objects.count() == 1
    # Someone may still register another person from the same browser.
    assert "Für wen ist die Anmeldung?" in later.text
    assert f'href="{first["Location"]}"' in later.text


def test_the_form_says_what_is_missing_in_german(client, date):
    response = client.post(_url("register", date.id), {"fuer": "mich", "places": "1"})

    assert response.text.count("Geben Sie Ihren Namen ein") == 2
    assert "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein" in response.text
    assert "<title>Fehler:" in response.text


def test_a_relative_registers_someone_else(client, date):
    url = _url("register", date.id)
    form = client.get(url, {"fuer": "andere"})
    client.post(
        url,
        {
            "fuer": "andere",
            "name": "Erna Müller",
            "booker_name": "Petra Müller",
            "booker_relation": "Tochter",
            "booker_email": "petra@example.org",
            "channel": "email",
            "places": "1",
        },
    )
    client.post(url, REGISTER_NOW)

    assert "Name der Person, die kommen möchte" in form.text
    registration = Registration.objects.get()
    assert (registration.name, registration.booker_name) == ("Erna Müller", "Petra Müller")


def test_a_logged_in_resident_finds_the_form_filled_in(client, date, resident):
    resident.name = "Berta Bewohner"
    resident.save(update_fields=["name"])
    client.force_login(resident)

    response = client.get(_url("register", date.id), {"fuer": "mich"})

    assert 'value="Berta Bewohner"' in response.text
    assert 'value="bewohner@test.de"' in response.text


def test_a_full_date_offers_the_waiting_list_with_the_place(client, date):
    for n in range(3):
        register(date, name=f"Gast {n}")
    url = _url("register", date.id)

    form = client.get(url, {"fuer": "mich"})
    check = client.post(url, DETAILS | {"places": "1"})
    done = client.post(url, REGISTER_NOW)
    confirmation = client.get(done["Location"])

    assert "Sie stehen dann an erster Stelle" in form.text
    assert "Gar nicht" not in form.text and "Keine Nachricht" not in form.text
    assert "Auf die Warteliste setzen" in check.text
    assert "Sie stehen auf der Warteliste" in confirmation.text
    assert "Sie stehen an erster Stelle der Warteliste." in confirmation.text


def test_a_full_date_without_waiting_list_says_so_with_the_organisers_phone(client, make_date):
    occurrence = make_date(capacity=1, waiting_list=False)
    register(occurrence)

    response = client.get(_url("register", occurrence.id))

    assert response.status_code == 200
    assert "Dieser Termin ist ausgebucht" in response.text
    assert "02361 55 66 77" in response.text
    assert "Weiter zu: Angaben prüfen" not in response.text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"registration_required": False}, "braucht man keine Anmeldung"),
        ({"cancelled_reason": "Die Leiterin ist krank."}, "Die Leiterin ist krank."),
    ],
)
def test_a_date_without_registration_says_why(client, make_date, change, words):
    occurrence = make_date(**change)

    response = client.get(_url("register", occurrence.id))

    assert "Anmeldung nicht möglich" in response.text and words in response.text


def test_a_past_date_takes_no_registration(client, make_date):
    start = timezone.now() - dt.timedelta(days=2)
    occurrence = make_date(starts_at=start)

    response = client.get(_url("register", occurrence.id))

    assert "Dieser Termin hat schon begonnen oder ist vorbei." in response.text


def test_an_unpublished_or_unknown_date_answers_404(client, make_date):
    draft = make_date(status=PublicationStatus.DRAFT)

    assert client.get(_url("register", draft.id)).status_code == 404
    assert client.get(_url("register", "9" * 8 + "-9999-9999-9999-" + "9" * 12)).status_code == 404


def test_a_bot_filling_the_honeypot_registers_nobody(client, date):
    url = _url("register", date.id)

    response = client.post(url, DETAILS | {"places": "1", "website": "http://spam.test"})

    assert "Wir konnten Ihre Angaben gerade nicht annehmen" in response.text
    assert not Registration.objects.exists()


def test_staff_see_their_way_to_register_someone_on_the_public_page(date, staff_client):
    response = staff_client.get(_url("register", date.id))

    assert _url("staff_register", date.id) in response.text
    assert _url("participants", date.id) in response.text


# Cancelling --------------------------------------------------------------------------------------


def test_cancelling_by_code_needs_the_phone_or_email_and_moves_the_waiting_list_up(client, date):
    registrations = [register(date, name=f"Gast {n}")[0] for n in range(3)]
    waiting, _ = register(date, name="Anna Berg")
    first = registrations[0]
    url = _url("cancel")

    wrong = client.post(url, {"code": first.short_code, "contact": "falsch@example.org"})
    unknown = client.post(url, {"code": "AAAA-BBBB", "contact": "gast.0@example.org"})
    question = client.post(url, {"code": first.short_code.lower(), "contact": "gast.0@example.org"})
    done = client.post(
        url, {"code": first.short_code, "contact": "gast.0@example.org", "schritt": "absagen"}
    )

    same = "Zu diesem Kurzcode und dieser Telefonnummer oder E-Mail-Adresse gibt es keine"
    assert same in wrong.text and same in unknown.text
    assert "Möchten Sie die Anmeldung für „Seniorentreff“" in question.text
    assert "Ihre Anmeldung ist abgesagt" in done.text
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "confirmed")
    assert Message.objects.filter(
        template="news/registration_promoted", recipient="anna.berg@example.org"
    ).exists()


def test_cancelling_by_code_is_limited_per_address(client, date):
    registration, _ = register(date)
    url = _url("cancel")
    for _ in range(10):
        client.post(url, {"code": "AAAA-BBBB", "contact": "0561 1234"})

    response = client.post(url, {"code": registration.short_code, "contact": "0561 1234"})

    assert response.status_code == 429
    assert "Bitte warten Sie 10 Minuten" in response.text


def test_cancelling_with_the_link_asks_first_then_cancels(client, date):
    url = _url("register", date.id)
    client.post(url, DETAILS | {"places": "1"})
    confirmation = client.post(url, REGISTER_NOW)["Location"]
    token = confirmation.rstrip("/").rsplit("/", 1)[1]

    question = client.get(_url("registration_cancel_by_token", token))
    done = client.post(_url("registration_cancel_by_token", token))

    assert "Ja, Anmeldung absagen" in question.text
    assert done["Location"] == confirmation
    assert "Diese Anmeldung ist abgesagt" in client.get(confirmation).text
    assert Registration.objects.get().status == "cancelled"
    # Registering again is possible now.
    assert "Für wen ist die Anmeldung?" in client.get(url).text


def test_an_unknown_link_answers_404(client, db):
    assert client.get(_url("registration", "kein-link")).status_code == 404
    assert client.post(_url("registration_cancel_by_token", "kein-link")).status_code == 404


def test_mein_konto_lists_the_residents_registrations_and_cancels_them(client, date, resident):
    registration, _ = register(date, name="Berta", email="bewohner@test.de")
    register(date, name="Fremd", email="fremd@example.org")
    client.force_login(resident)

    account = client.get(reverse("accounts:overview"))
    question = client.get(_url("registration_own_cancel", registration.id))
    done = client.post(_url("registration_own_cancel", registration.id))

    assert "Meine Anmeldungen" in account.text and "Seniorentreff" in account.text
    assert _url("registration_own_cancel", registration.id) in account.text
    assert "Fremd" not in account.text
    assert "Ja, Anmeldung absagen" in question.text
    assert done["Location"] == reverse("accounts:overview") + "#anmeldungen"
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_someone_elses_registration_is_not_found_from_mein_konto(client, date, resident):
    other, _ = register(date, name="Fremd", email="fremd@example.org")
    client.force_login(resident)

    assert client.get(_url("registration_own_cancel", other.id)).status_code == 404
    assert client.post(_url("registration_own_cancel", other.id)).status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_anonymous_visitors_log_in_by_code_before_cancelling_from_mein_konto(client, date):
    registration, _ = register(date)

    response = client.get(_url("registration_own_cancel", registration.id))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))


# Staff pages -------------------------------------------------------------------------------------


def test_the_participant_list_shows_places_phones_waiting_and_calls(date, staff_client):
    for n in range(3):
        register(date, name=f"Gast {n}", phone=f"0561 00{n}")
    register(date, name="Anna Berg", channel="phone", phone="0561 777", email="")
    first = Registration.objects.get(name="Gast 0")
    staff_client.post(_url("registration_staff_cancel", first.id))

    response = staff_client.get(_url("participants", date.id))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    text = response.text
    assert "3 von 3 Plätzen vergeben." in text
    assert "0561 001" in text and "Anna Berg" in text
    assert "anrufen: Platz frei geworden" in text
    assert "1 Anmeldung abgesagt" in text
    assert AuditEntry.objects.filter(verb="registration.list_read").exists()


def test_the_participant_list_prints_as_a_pdf(date, staff_client):
    register(date, name="Gast")

    response = staff_client.get(_url("participants_pdf", date.id))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_register_a_caller_and_are_told_the_code(date, staff_client, office_staff):
    url = _url("staff_register", date.id)

    page = staff_client.get(url)
    response = staff_client.post(
        url, {"name": "Otto Kurz", "phone": "0561 22 33 44", "channel": "phone", "places": "1"}
    )

    assert "Jemanden anmelden" in page.text
    registration = Registration.objects.get()
    assert registration.registered_by == office_staff
    assert response["Location"] == _url("participants", date.id)
    shown = staff_client.get(response["Location"]).text
    assert registration.short_code in shown
    assert "bekommt keine Nachricht" in shown


def test_staff_find_a_person_of_the_office_and_register_them(date, staff_client, erna):
    url = _url("staff_register", date.id)

    found = staff_client.get(url, {"q": "Müller"})
    staff_client.post(url, {"q": "Müller", "person": str(erna.id), "places": "2"})

    assert "Erna Müller, 1938" in found.text
    registration = Registration.objects.get()
    assert (registration.person, registration.places) == (erna, 2)


def test_staff_form_without_a_name_says_so(date, staff_client):
    response = staff_client.post(_url("staff_register", date.id), {"places": "1"})

    assert "Wählen Sie eine Person aus oder geben Sie den Namen" in response.text
    assert not Registration.objects.exists()


def test_attendance_is_recorded_from_the_list(make_date, staff_client, office_staff):
    today = make_date(starts_at=timezone.now() - dt.timedelta(minutes=30))
    registration = Registration.objects.create(
        occurrence=today,
        event=today.event,
        region_id=today.region_id,
        name="Karl Schmidt",
        cancel_token_hash="test",
        short_code="AAAA-BBBB",
    )

    page = staff_client.get(_url("participants", today.id))
    response = staff_client.post(_url("registration_mark", registration.id), {"stand": "attended"})

    assert "War da" in page.text
    assert response["Location"] == _url("participants", today.id)
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_a_call_is_marked_done(date, staff_client, office_staff):
    registration, _ = registration_register_by_staff(
        actor=office_staff, occurrence=date, name="Otto", phone="0561 1"
    )
    Registration.objects.filter(pk=registration.pk).update(call_reason="promoted")

    staff_client.post(_url("registration_called", registration.id))

    registration.refresh_from_db()
    assert registration.call_reason == ""


def test_the_outsider_gets_404_on_every_staff_page(client, date, outsider, with_totp):
    registration, _ = register(date)
    with_totp(outsider)
    client.force_login(outsider)

    answers = [
        client.get(_url("participants", date.id)).status_code,
        client.get(_url("participants_pdf", date.id)).status_code,
        client.get(_url("staff_register", date.id)).status_code,
        client.get(_url("registration_staff_cancel", registration.id)).status_code,
        client.post(_url("registration_staff_cancel", registration.id)).status_code,
        client.post(_url("registration_mark", registration.id), {"stand": "attended"}).status_code,
        client.post(_url("registration_called", registration.id)).status_code,
    ]

    assert answers == [404] * 7
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_cancelled_date_shows_on_the_list(date, staff_client):
    Occurrence.objects.filter(pk=date.pk).update(status="cancelled", note="Krank")

    response = staff_client.get(_url("participants", date.id))

    assert "Dieser Termin fällt aus." in response.text and "Krank" in response.text


def test_a_persons_page_shows_their_registrations_in_the_history(
    date, staff_client, office_staff, erna
):
    registration_register_by_staff(actor=office_staff, occurrence=date, person=erna)

    response = staff_client.get(
        reverse("people:person_detail", args=[erna.id]), {"zweck": "Beratung"}
    )

    assert response.status_code == 200
    assert "Anmeldung" in response.text
    assert "Seniorentreff, " in response.text
    assert _url("participants", date.id) in response.text


def test_the_history_shows_no_registrations_to_someone_without_a_role_there(
    date, office_staff, erna, outsider
):
    from lotse.news.person_history import registration_history

    registration_register_by_staff(actor=office_staff, occurrence=date, person=erna)

    assert registration_history(outsider, erna) == []
    assert registration_history(None, erna) == []
    assert [entry.kind for entry in registration_history(office_staff, erna)] == ["registration"]
