"""A resident's account in the browser: logged in from the start page's "Anmelden" (a code by
e-mail), "Mein Konto" shows the appointments with their address (booked logged in or not), and
they cancel one; they save an offer with "Merken" and find it on the Merkliste. At 390 and
1280 px, axe-core on every state. And at 320 px no page of a list scrolls sideways (long German
words break)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.core.models import Organisation
from lotse.office import selectors as office_selectors
from lotse.office.models import Appointment, ConsultationHour, Office
from lotse.office.services import appointment_book_public

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


@pytest.fixture
def office(transactional_db, region, quarter) -> Office:
    """Open every day from 8 to 20 Uhr with one-hour slots: free times whenever the test runs."""
    organisation = Organisation.objects.create(
        name="Quartiersbüro Altstadt", region=region, kind=Organisation.Kind.OFFICE
    )
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
        slot_minutes=60,
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=dt.time(8), closes_at=dt.time(20)
    )
    return office


def _booked_earlier(office: Office, resident) -> Appointment:
    """An appointment the resident booked logged in, days ago, for a day ahead."""
    day = office_selectors.office_bookable_days(office=office)[2]
    start = office_selectors.office_slots(office, day)[0]
    appointment, _token = appointment_book_public(
        actor=resident,
        office=office,
        start=start,
        name="Bea Bewohner",
        email="bewohner@test.de",
        channel="email",
    )
    return appointment


def _booked_without_login(office: Office) -> Appointment:
    """An appointment booked on the public page without logging in, with the account's
    address: it belongs on Mein Konto too."""
    day = office_selectors.office_bookable_days(office=office)[3]
    start = office_selectors.office_slots(office, day)[0]
    appointment, _token = appointment_book_public(
        actor=None,
        office=office,
        start=start,
        name="Bea Bewohner",
        email="bewohner@test.de",
        channel="email",
    )
    return appointment


def _checked(page, name: str) -> None:
    """axe-core finds nothing, and the page does not scroll sideways."""
    shoot(page, f"konto-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


def _code_from_the_mail() -> str:
    for message in reversed(mail.outbox):
        match = re.search(r"\b(\d{6})\b", str(message.body))
        if match:
            return match.group(1)
    raise AssertionError(f"Keine E-Mail mit Code: {[m.subject for m in mail.outbox]}")


@pytest.mark.parametrize("width", WIDTHS)
def test_resident_logs_in_cancels_an_appointment_and_keeps_a_merkliste(
    new_page, office, resident, make_offer, width
):
    appointment = _booked_earlier(office, resident)
    _booked_without_login(office)
    offer = make_offer("Mittagstisch im Nachbarschaftshaus", "Gemeinsam zu Mittag essen.")
    when = re.escape(timezone.localtime(appointment.start).strftime("%Y"))
    page = new_page(width=width, height=844 if width < 640 else 800)

    # The start page's header: "Anmelden" (residents log in with a code by e-mail)
    page.goto("/")
    page.get_by_role("link", name="Anmelden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mit einem Code per E-Mail anmelden")
    expect(page.get_by_role("link", name="Neues Benutzerkonto anlegen")).to_be_visible()
    _checked(page, "anmelden")
    # An empty address: the error summary comes back with the focus.
    page.get_by_role("button", name="Code anfordern").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator(".error-summary")).to_be_focused()
    _checked(page, "anmelden-fehler")
    page.get_by_label("E-Mail-Adresse").fill("bewohner@test.de")
    page.get_by_role("button", name="Code anfordern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code aus der E-Mail eingeben")
    page.get_by_label("Code aus der E-Mail").fill(_code_from_the_mail())
    page.get_by_role("button", name="Weiter").click()

    # "Mein Konto": both appointments with the account's address (booked logged in earlier,
    # and without login), each with "Termin absagen"
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
    appointments = page.locator("#termine + ul")
    expect(appointments.locator(":scope > li")).to_have_count(2)
    expect(appointments).to_contain_text(re.compile(when + r", \d+(:\d\d)? Uhr"))
    expect(appointments).to_contain_text("Quartiersbüro Altstadt, Marktplatz 1")
    expect(appointments.get_by_role("link", name=re.compile("^Termin absagen"))).to_have_count(2)
    expect(page.get_by_text("Ihre Merkliste ist leer.")).to_be_visible()
    _checked(page, "mein-konto")
    appointments.get_by_role("link", name=re.compile("^Termin absagen")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^Möchten Sie den Termin am .+ absagen\\?$")
    )
    _checked(page, "absagen-fragen")
    page.get_by_role("button", name="Ja, Termin absagen").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("Ihr Termin am .+ ist abgesagt."))
    expect(page.locator("#termine + ul")).to_contain_text("Abgesagt")
    _checked(page, "abgesagt")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED

    # The offer page: "Merken", then to the Merkliste on "Mein Konto"
    page.goto(f"/angebot/{offer.id}/")
    page.get_by_role("button", name="Merken").click()
    expect(page.get_by_role("status")).to_contain_text(
        "„Mittagstisch im Nachbarschaftshaus“ steht jetzt auf Ihrer Merkliste."
    )
    expect(page.get_by_role("button", name="Von der Merkliste nehmen")).to_be_visible()
    _checked(page, "gemerkt")
    page.get_by_role("link", name="Zur Merkliste").click()
    saved = page.locator("#merkliste + ul")
    expect(saved.get_by_role("link", name="Mittagstisch im Nachbarschaftshaus")).to_be_visible()
    _checked(page, "merkliste")
    assert page.blocked == []


def test_anonymous_visitor_is_asked_to_log_in_before_merken(new_page, office, resident, make_offer):
    offer = make_offer("Mittagstisch im Nachbarschaftshaus")
    page = new_page(width=390, height=844)

    page.goto(f"/angebot/{offer.id}/")
    page.get_by_role("link", name="Merken", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mit einem Code per E-Mail anmelden")
    page.get_by_label("E-Mail-Adresse").fill("bewohner@test.de")
    page.get_by_role("button", name="Code anfordern").click()
    page.get_by_label("Code aus der E-Mail").fill(_code_from_the_mail())
    page.get_by_role("button", name="Weiter").click()

    # Back at the offer: one more press confirms (a link never saves by itself).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "„Mittagstisch im Nachbarschaftshaus“ merken?"
    )
    _checked(page, "merken-bestaetigen")
    page.get_by_role("button", name="Merken").click()
    expect(page.get_by_role("status")).to_contain_text("steht jetzt auf Ihrer Merkliste.")
    assert page.blocked == []


def test_no_page_scrolls_sideways_at_320_px(new_page, office, make_offer, live_server):
    offer = make_offer(
        "Wohnraumanpassungsberatung",
        "Barrierefreiheitsanforderungen, Pflegeversicherungsleistungen und "
        "Wohnumfeldverbesserungsmaßnahmen erklärt in Ruhe.",
    )
    page = new_page(width=320, height=640)
    pages = [
        "/",
        "/suche/?q=Wohnraumanpassungsberatung",
        f"/angebot/{offer.id}/",
        "/barrierefreiheit/",
        "/hilfe/",
        "/buero/",
        "/buero/altstadt/anliegen/",
        "/buero/altstadt/anliegen/?fuer=andere",
        "/konto/login/code/",
    ]

    too_wide = {}
    for path in pages:
        page.goto(path)
        shoot(page, "320" + path.replace("/", "-").replace("?", "-"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            too_wide[path] = overflow

    assert too_wide == {}, f"breiter als 320 px: {too_wide}"
    # The favicon is linked from every page and is served.
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and icon.endswith(".svg")
    assert page.request.get(live_server.url + icon).ok
    # Checkboxes meet the UI guide's 32 px (the consent on "Ich brauche Hilfe bei …").
    page.goto("/buero/altstadt/anliegen/?fuer=mich")
    box = page.locator("input[type=checkbox]").first.bounding_box()
    assert box and box["width"] >= 32 and box["height"] >= 32
