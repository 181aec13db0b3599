"""A resident finds "Hilfe beim Einkaufen" from the home page, with and without JavaScript."""

import datetime as dt
import re

import holidays
import pytest
from django.conf import settings
from playwright.sync_api import expect

from lotse.browser_tests.conftest import BERLIN

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("javascript", "query"),
    [(True, "Einkaufshilfe"), (False, "Hilfe beim Einkaufen")],
    ids=["mit-javascript", "ohne-javascript"],
)
def test_resident_finds_shopping_help_with_todays_hours_and_phone(
    new_page, directory, javascript, query
):
    page = new_page(javascript=javascript)

    page.goto("/")
    page.get_by_label("Wonach suchen Sie?").fill(query)
    page.get_by_role("button", name="Suchen").click()

    results = page.locator("#ergebnisse")
    expect(results.get_by_role("heading", level=2)).to_contain_text("gefunden")
    expect(results.get_by_role("link", name="Hilfe beim Einkaufen")).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("Seniorentreff"))).to_have_count(0)
    results.get_by_role("link", name="Hilfe beim Einkaufen").click()

    expect(page).to_have_url(re.compile(rf"/angebot/{directory.shopping.id}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hilfe beim Einkaufen")
    today = dt.datetime.now(BERLIN).date()
    if today in holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE):
        # Public holidays close every offer; the page then names the next date.
        expect(page.locator(".status")).to_contain_text("Nächster Termin")
    else:
        expect(page.locator(".status")).to_have_text(re.compile(r"Heute geöffnet.* 23:59 Uhr"))
    phone = page.get_by_role("link", name="02361 12 34 56")
    expect(phone).to_have_attribute("href", "tel:02361123456")
    assert page.blocked == []
