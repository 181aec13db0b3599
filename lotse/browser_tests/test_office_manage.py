"""Keeping the offices without Django's admin (issue 17 § 3): the region coordinator logs in with
the second factor, reaches "Quartiersbüros verwalten" through the staff menu, creates an office
for an office organisation (first with a bad postcode and phone, which say what to do), changes
its phone, and the office is on /buero/ at once. At 390 and 1280 px, axe-core on every page,
no sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.core.models import Area, Organisation

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def _check(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrollt seitwärts um {overflow} px"


def _staff_menu(page, width: int):
    """The staff menu as a person sees it: on phones first the "Menü" button is opened."""
    if width < 640:
        details = page.locator("details.menu-phone")
        if details.get_attribute("open") is None:
            page.get_by_text("Menü", exact=True).click()
        return details.get_by_role("navigation", name="Arbeitsbereich")
    return page.locator(".menu-wide").get_by_role("navigation", name="Arbeitsbereich")


@pytest.mark.parametrize("width", WIDTHS)
def test_region_coordinator_creates_an_office_and_changes_its_phone(
    transactional_db, new_page, region_coordinator, quarter, with_totp, width
):
    organisation = region_coordinator.memberships.get().organisation
    assert organisation.kind == Organisation.Kind.OFFICE
    neustadt = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=quarter.region,
    )
    organisation.coordinates.set([quarter, neustadt])
    secret = with_totp(region_coordinator)
    page = new_page(width=width)

    # Logged in with password and the code from the app.
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("koordination@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/verwaltung/$"))

    # Through the staff menu to the offices of the region: none yet.
    _staff_menu(page, width).get_by_role("link", name="Quartiersbüros verwalten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüros verwalten")
    expect(page.get_by_text("Im Kreis gibt es noch kein Quartiersbüro.")).to_be_visible()
    _check(page, "buero-verwalten-leer")

    # A new office: a bad postcode and a phone in words first.
    page.get_by_role("link", name="Quartiersbüro anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüro anlegen")
    _check(page, "buero-anlegen")
    page.get_by_label("Quartiersbüro Altstadt").check()
    page.get_by_label("Quartier", exact=True).select_option(label="Neustadt")
    page.get_by_label("Name des Büros").fill("Quartiersbüro Neustadt")
    page.get_by_label("Straße und Hausnummer").fill("Lindenallee 4")
    page.get_by_label("Postleitzahl").fill("4565")
    page.get_by_label("Ort", exact=True).fill("Teststadt")
    page.get_by_label("Telefonnummer des Büros").fill("null fünf sechs eins")
    page.get_by_role("button", name="Quartiersbüro anlegen").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Die Postleitzahl muss 5 Ziffern haben")
    expect(summary).to_contain_text("Geben Sie die Telefonnummer in Ziffern ein")
    _check(page, "buero-anlegen-fehler")
    page.get_by_label("Postleitzahl").fill("45 657")
    page.get_by_label("Telefonnummer des Büros").fill("02361 123 45 67")
    page.get_by_role("button", name="Quartiersbüro anlegen").click()

    # Back on the list, with the office and its address.
    expect(page.get_by_role("status")).to_contain_text(
        "Quartiersbüro Neustadt ist angelegt. Die Seite des Büros ist /buero/neustadt/."
    )
    expect(page.get_by_role("link", name="/buero/neustadt/")).to_be_visible()
    _check(page, "buero-verwalten")

    # Its phone changes.
    page.get_by_role("link", name=re.compile("^Quartiersbüro Neustadt")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quartiersbüro Neustadt: Angaben ändern"
    )
    expect(page.get_by_label("Kurzname für die Internetadresse")).to_have_value("neustadt")
    _check(page, "buero-angaben")
    page.get_by_label("Telefonnummer des Büros").fill("02361 765 43 21")
    page.get_by_role("button", name="Angaben speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Angaben zum Büro sind gespeichert.")
    expect(page.get_by_label("Telefonnummer des Büros")).to_have_value("02361 765 43 21")
    _check(page, "buero-angaben-gespeichert")

    # Residents find it on /buero/ with the new number.
    resident_page = new_page(width=width)
    resident_page.goto("/buero/")
    office_card = (
        resident_page.locator("article, li, section").filter(has_text="Quartiersbüro Neustadt").last
    )
    expect(office_card).to_contain_text("02361 765 43 21")
    _check(resident_page, "buero-liste-neu")
