"""A resident finds an office from the start page, books a time (day, time, "Angaben prüfen"),
gets a short code and cancels with it on /buero/absagen/; on a phone (390 px) and a desktop
(1280 px), with axe-core on every state and no sideways scrolling."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.core.models import Organisation
from lotse.office.models import Appointment, ConsultationHour, Office

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


@pytest.fixture
def office(transactional_db, region, quarter) -> Office:
    """Open every day from 8 to 20 Uhr with one-hour slots, so the test finds free days
    whenever it runs (public holidays close it; then other days are offered)."""
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


def _checked(page, name: str) -> None:
    """axe-core finds nothing, and the page does not scroll sideways."""
    shoot(page, f"buchen-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


@pytest.mark.parametrize("width", WIDTHS)
def test_resident_books_from_the_start_page_and_cancels_with_the_short_code(
    new_page, office, width
):
    page = new_page(width=width, height=844 if width < 640 else 800)

    page.goto("/")
    menu(page, width).get_by_role("link", name="Quartiersbüros").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüros")
    page.get_by_role("link", name="Quartiersbüro Altstadt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüro Altstadt")
    _checked(page, "buero")
    page.get_by_role("link", name=re.compile("^Termin vereinbaren")).click()

    # The day: the second offered day; focus moves to its times (one Tab to the first; it
    # took 26 before).
    expect(page.get_by_role("heading", level=1)).to_have_text("Termin vereinbaren")
    days = page.locator(".day-list a")
    day_text = days.nth(1).inner_text()
    days.nth(1).click()
    chosen = page.locator(".day-list a[aria-current='date']")
    expect(chosen).to_have_text(re.compile(re.escape(day_text)))
    expect(chosen).to_have_class(re.compile("button"))
    assert page.locator("input[name='beginn']:checked").count() == 0
    expect(page.locator("#uhrzeit")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "beginn"
    _checked(page, "tag-gewaehlt")

    # No time chosen: said on the same day.
    page.get_by_role("button", name="Weiter").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Wählen Sie eine Uhrzeit")
    _checked(page, "keine-uhrzeit")
    first_time = page.get_by_role("radio").first
    slot_text = page.locator(f"label[for='{first_time.get_attribute('id')}']").inner_text()
    first_time.check()
    page.get_by_role("button", name="Weiter").click()

    # For whom: without an answer the question says so.
    expect(page.get_by_role("heading", level=1)).to_have_text("Für wen ist der Termin?")
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("alert")).to_contain_text("Wählen Sie, für wen der Termin ist")
    _checked(page, "fuer-wen-fehler")
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()

    # The details: a phone number without digits is refused in German.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben für den Termin")
    page.get_by_label("Ihr Name").fill("Karl Schmidt")
    page.get_by_label(re.compile("^Telefonnummer")).fill("abc!!?")
    page.get_by_label("Das Quartiersbüro ruft mich an").check()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geben Sie die Telefonnummer in Ziffern ein")
    _checked(page, "angaben-fehler")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0561 / 99 88 77")
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    expect(page.get_by_text(slot_text)).to_be_visible()
    expect(page.get_by_text("Das Quartiersbüro ruft mich an")).to_be_visible()
    _checked(page, "angaben-pruefen")
    assert not Appointment.objects.exists()
    page.get_by_role("button", name="Termin buchen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin ist gebucht")
    appointment = Appointment.objects.get()
    expect(page.locator("#kurzcode")).to_have_text(appointment.short_code)
    assert (appointment.channel, appointment.phone) == ("phone", "0561 / 99 88 77")
    _checked(page, "bestaetigung")

    # Cancelling with the short code, from the link on the confirmation.
    page.get_by_role("link", name="Termin absagen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Termin absagen")
    _checked(page, "absagen")
    page.get_by_label("Ihr Kurzcode").fill(appointment.short_code.lower().replace("-", " "))
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Möchten Sie den Termin am")
    _checked(page, "absagen-frage")
    page.get_by_role("button", name="Ja, Termin absagen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin ist abgesagt")
    _checked(page, "abgesagt")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert page.blocked == []


def test_without_javascript_one_tab_after_choosing_a_day_reaches_the_times(new_page, office):
    page = new_page(javascript=False, width=390, height=844)
    page.goto("/buero/altstadt/termin/")

    page.locator(".day-list a").nth(2).click()
    expect(page.locator("#uhrzeit")).to_be_focused()
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.name") == "beginn"
