"""Provider staff log in, edit one of their offers, and residents find it by the new word."""

import re

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import STAFF_EMAIL, STAFF_PASSWORD

pytestmark = pytest.mark.browser


def test_staff_edit_is_found_by_public_search(new_page, directory, provider_staff):
    offer = directory.others[0]
    page = new_page()

    page.goto("/mitarbeit/angebote/")
    expect(page).to_have_url(re.compile(r"/konto/anmelden/"))
    page.get_by_label("E-Mail-Adresse").fill(STAFF_EMAIL)
    page.get_by_label("Passwort").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitarbeit/angebote/$"))
    # The list may show an offer in more than one section (review queue, all offers).
    page.get_by_role("link", name=offer.name, exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/mitarbeit/angebote/{offer.id}/$"))

    page.get_by_label("Name des Angebots").fill("Boccia im Stadtpark")
    page.get_by_label("Beschreibung", exact=True).fill(
        "Wir spielen Boccia auf der Wiese im Stadtpark. Kugeln liegen bereit."
    )
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("status")).to_contain_text("Das Angebot ist gespeichert.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boccia im Stadtpark bearbeiten")

    resident = new_page()
    resident.goto("/")
    resident.get_by_label("Wonach suchen Sie?").fill("Boccia")
    resident.get_by_role("button", name="Suchen").click()
    results = resident.locator("#ergebnisse")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 Angebot gefunden")
    results.get_by_role("link", name="Boccia im Stadtpark").click()
    expect(resident.get_by_text("Wir spielen Boccia auf der Wiese")).to_be_visible()
    assert page.blocked == [] and resident.blocked == []
