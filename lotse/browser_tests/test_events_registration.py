"""Registrations for events in Chromium, with axe-core on every state:

- a resident goes from the start page to "Veranstaltungen", opens an event, registers for a
  date without an account ("Für wen?", details, "Angaben prüfen"), gets the short code and
  cancels with it (on a phone and on a desktop);
- office staff log in, reach the event through the menu and register a caller by phone;
- the waiting list moves up: a resident waits for a full date, someone cancels with the code
  from their e-mail, the resident gets the place and the message is in the outbox.

The list and the event's page are the events part's (events:list, events:detail): these
journeys pass once both parts are merged."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.news.models import Event, PublicationStatus, Registration
from lotse.news.occurrences import occurrences_refresh
from lotse.news.services_registrations import registration_register_public
from lotse.notifications.models import Message

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PASSWORD = "pw-for-tests-1"


def _checked(page, name: str) -> None:
    """axe-core finds nothing, and the page does not scroll sideways."""
    shoot(page, f"anmeldung-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


def _later_today() -> dt.datetime:
    """A start later today, so that the date is on the list of this week whenever the suite
    runs (in the last minutes before midnight: a quarter of an hour from now)."""
    now = timezone.localtime()
    start = now.replace(hour=23, minute=0, second=0, microsecond=0)
    if start - now < dt.timedelta(minutes=30):
        start = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15)
    return start


def _event(provider_org, quarter, **fields) -> Event:
    start = _later_today()
    values = {
        "organisation": provider_org,
        "region_id": provider_org.region_id,
        "area": quarter,
        "title": "Seniorentreff am Kirchplatz",
        "description": "Kaffee, Kuchen und Gespräche. Alle sind willkommen.",
        "place_name": "Gemeindehaus",
        "street": "Kirchplatz 1",
        "postcode": "45657",
        "city": "Teststadt",
        "starts_at": start,
        "ends_at": start + dt.timedelta(minutes=45),
        "registration_required": True,
        "capacity": 10,
        "waiting_list": True,
        "contact_phone": "02361 55 66 77",
        "status": PublicationStatus.PUBLISHED,
    }
    values.update(fields)
    event = Event.objects.create(**values)
    occurrences_refresh(event)
    return event


def _to_the_date(page, width: int, title: str) -> None:
    """From the start page: "Veranstaltungen" in the menu, the event, "Anmelden" for its date."""
    page.goto("/")
    menu(page, width).get_by_role("link", name="Veranstaltungen").click()
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # The event's page lists its dates, each with "Anmelden für <Tag>".
    page.get_by_role("main").get_by_role("link", name=re.compile("^Anmelden")).first.click()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_resident_registers_without_an_account_and_cancels_with_the_code(
    new_page, transactional_db, provider_org, quarter, width
):
    event = _event(provider_org, quarter)
    page = new_page(width=width, height=844 if width < 640 else 800)

    _to_the_date(page, width, event.title)

    # For whom: without an answer the question says so.
    expect(page.get_by_role("heading", level=1)).to_have_text("Für wen ist die Anmeldung?")
    _checked(page, "fuer-wen")
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("alert")).to_contain_text("Wählen Sie, für wen die Anmeldung ist")
    _checked(page, "fuer-wen-fehler")
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()

    # The details: an SMS without a phone number is refused in German.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben für die Anmeldung")
    expect(page.get_by_text("Es sind noch 10 Plätze frei.")).to_be_visible()
    _checked(page, "angaben")
    page.get_by_label("Ihr Name").fill("Karl Schmidt")
    page.get_by_label("Per SMS").check()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Geben Sie eine Telefonnummer")
    _checked(page, "angaben-fehler")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0171 / 99 88 77")
    page.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    expect(page.get_by_text("Per SMS")).to_be_visible()
    _checked(page, "pruefen")
    assert not Registration.objects.exists()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sie sind angemeldet")
    registration = Registration.objects.get()
    expect(page.locator("#kurzcode")).to_have_text(registration.short_code)
    assert (registration.places, registration.channel) == (2, "sms")
    assert Message.objects.filter(template="news/registration_confirmed").count() == 1
    _checked(page, "bestaetigung")

    # Cancelling with the short code and the phone number, from the confirmation's link.
    page.get_by_role("link", name="Anmeldung absagen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung absagen")
    _checked(page, "absagen")
    page.get_by_label("Ihr Kurzcode").fill(registration.short_code.lower().replace("-", " "))
    page.get_by_label("Ihre Telefonnummer oder E-Mail-Adresse").fill("0171 998877")
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Möchten Sie die Anmeldung")
    _checked(page, "absagen-frage")
    page.get_by_role("button", name="Ja, Anmeldung absagen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anmeldung ist abgesagt")
    _checked(page, "abgesagt")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert page.blocked == []


def test_office_staff_register_a_caller_by_phone(
    new_page, transactional_db, provider_org, quarter, office_staff, with_totp
):
    event = _event(provider_org, quarter, title="Handy-Café")
    secret = with_totp(office_staff)
    page = new_page(width=1280)

    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(office_staff.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Anliegen: "))

    _to_the_date(page, 1280, event.title)
    expect(page.get_by_role("heading", level=2, name="Für Mitarbeitende")).to_be_visible()
    page.get_by_role("link", name="Jemanden anmelden, der anruft oder vorbeikommt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jemanden anmelden")
    _checked(page, "mitarbeit-formular")
    page.get_by_label(re.compile("^Person in der Kartei suchen")).fill("Kurz")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_text("Keine Person gefunden.")).to_be_visible()
    page.get_by_label("Oder: Name der anrufenden Person").fill("Otto Kurz")
    page.get_by_label("Telefonnummer der anrufenden Person").fill("0561 22 33 44")
    page.get_by_label("Wir rufen an").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmerliste")
    registration = Registration.objects.get()
    expect(page.get_by_role("status").first).to_contain_text(registration.short_code)
    expect(page.get_by_role("cell", name="Otto Kurz", exact=True)).to_be_visible()
    assert registration.registered_by == office_staff and registration.channel == "phone"
    _checked(page, "mitarbeit-liste")
    assert page.blocked == []


def test_the_waiting_list_moves_up_when_someone_cancels(
    new_page, transactional_db, provider_org, quarter, settings
):
    event = _event(provider_org, quarter, title="Gymnastik im Sitzen", capacity=1)
    occurrence = event.occurrences.get()
    first, _token = registration_register_public(
        actor=None,
        occurrence=occurrence,
        name="Anna Berg",
        email="anna@example.org",
        channel="email",
    )
    page = new_page(width=390, height=844)

    _to_the_date(page, 390, event.title)
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_text("Dieser Termin ist im Moment voll.")).to_be_visible()
    _checked(page, "warteliste-angaben")
    page.get_by_label("Ihr Name").fill("Bernd Cremer")
    page.get_by_label("E-Mail-Adresse").fill("bernd@example.org")
    page.get_by_label("Per E-Mail").check()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    page.get_by_role("button", name="Auf die Warteliste setzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie stehen auf der Warteliste")
    expect(page.get_by_text("Sie stehen an erster Stelle der Warteliste.")).to_be_visible()
    _checked(page, "warteliste")

    # Anna cancels with the code and the address from her confirmation e-mail.
    mail = Message.objects.get(template="news/registration_confirmed", recipient="anna@example.org")
    cancel_page = re.search(r"https?://\S+/veranstaltungen/absagen/", mail.body)
    assert cancel_page is not None
    anna = new_page(width=1280)
    anna.goto(cancel_page.group(0))
    anna.get_by_label("Ihr Kurzcode").fill(first.short_code)
    anna.get_by_label("Ihre Telefonnummer oder E-Mail-Adresse").fill("anna@example.org")
    anna.get_by_role("button", name="Weiter").click()
    anna.get_by_role("button", name="Ja, Anmeldung absagen").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Ihre Anmeldung ist abgesagt")

    # Bernd has the place, and the message telling him so waits in the outbox.
    moved = Message.objects.get(template="news/registration_promoted")
    assert moved.recipient == "bernd@example.org"
    assert "Ein Platz ist frei geworden" in moved.body
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie sind angemeldet")
    _checked(page, "nachgerueckt")
    bernd = Registration.objects.get(name="Bernd Cremer")
    assert bernd.status == Registration.Status.CONFIRMED and bernd.promoted_at is not None
    assert page.blocked == [] and anna.blocked == []
