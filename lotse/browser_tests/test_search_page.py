"""The search page as a resident uses it (issue 16), on the demo region's 46 offers: from the
start page "Hilfe im Haushalt" at 390 and 1280 px; the first result on the first screen, cards
with provider, address, cost and next opening, the printed list with phone and address of each
offer, the map behind "Karte zeigen" with 44 px pins, no results with the office; axe on every
state. With LOTSE_SCREENSHOTS set, each state is kept as a picture."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, run_axe, shoot

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
# A phone's screen (iPhone 12 to 15) and a laptop's.
HEIGHTS = {390: 844, 1280: 800}


@pytest.fixture
def demo(transactional_db, settings):
    settings.LOTSE_PAGE_CACHE_SECONDS = 0
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo_offices", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _no_sideways_scrolling(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px zu breit: {page.url}"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_from_the_start_page_shows_the_first_result_on_the_first_screen(
    new_page, demo, width
):
    page = new_page(width=width, height=HEIGHTS[width])
    page.goto("/")
    page.get_by_label("Wonach suchen Sie?").fill("Hilfe im Haushalt")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r"/suche/\?"))

    first = page.locator(".results .card").first
    expect(first).to_be_visible()
    box = first.locator("h3").bounding_box()
    assert box is not None
    # The first card's name lies completely on the first screen, no scrolling needed.
    assert box["y"] + box["height"] <= HEIGHTS[width], box
    # The form is folded into one line that says what was searched and opens with a click.
    summary = page.locator("details.search-box > summary")
    expect(summary).to_contain_text("„Hilfe im Haushalt“")
    expect(summary).to_contain_text("Suche ändern")
    expect(page.get_by_label("Wonach suchen Sie?")).to_be_hidden()
    _no_sideways_scrolling(page)
    _no_axe_violations(page, "suche-ergebnisse")

    # Every card shows what people decide by.
    cards = page.locator(".results .card")
    assert cards.count() >= 3
    for i in range(cards.count()):
        card = cards.nth(i)
        expect(card.locator(".org")).not_to_be_empty()
        status = re.compile(r"Heute|Nächster Termin|Zurzeit")
        expect(card.locator(".status")).to_contain_text(status)
        expect(card.locator(".card-facts")).to_contain_text("Kosten:")
    facts = first.locator(".card-facts")
    expect(facts).to_contain_text(re.compile(r"\d{5} \w+"))  # postcode and town
    expect(facts).to_contain_text("Telefon:")

    summary.click()
    expect(page.get_by_label("Wonach suchen Sie?")).to_be_visible()
    _no_axe_violations(page, "suche-offen")


@pytest.mark.parametrize("width", WIDTHS)
def test_printed_results_are_a_compact_list_with_phone_and_address(new_page, demo, width):
    page = new_page(width=width, height=HEIGHTS[width])
    page.goto("/suche/?q=")  # every offer by name: a full page of 20
    count = page.locator(".results .card").count()
    assert count >= 10
    page.emulate_media(media="print")

    shoot(page, "suche-druck")
    expect(page.locator(".search-box")).to_be_hidden()
    expect(page.locator(".card-text").first).to_be_hidden()
    for i in range(count):
        card = page.locator(".results .card").nth(i)
        text = card.inner_text()
        assert re.search(r"\d{5} ", text), text  # the address
        assert "Telefon:" in text, text
    # Compact: at least six offers on an A4 page (before: 19 offers on 7 pages).
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages <= -(-count // 6) + 1, f"{count} Angebote auf {pages} Seiten"


@pytest.mark.parametrize("width", WIDTHS)
def test_map_lists_first_on_phones_and_has_44_px_pins_grouped_when_close(new_page, demo, width):
    page = new_page(width=width, height=HEIGHTS[width])
    page.goto("/suche/?q=Hilfe&ansicht=karte")
    details = page.locator("details#karte-bereich")
    if width < 640:
        # On a phone the list comes first; the map (and its tiles) only after "Karte zeigen".
        assert details.get_attribute("open") is None
        assert not [url for url in page.blocked if re.search(r"/\d+/\d+/\d+", url)]
        page.get_by_text("Karte zeigen", exact=True).click()
    expect(page.locator(".leaflet-container")).to_be_visible()
    markers = page.locator(".map-pin, .map-cluster")
    expect(markers.first).to_be_visible()
    for i in range(markers.count()):
        box = markers.nth(i).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, box
    _no_sideways_scrolling(page)
    _no_axe_violations(page, "suche-karte")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_results_offer_the_office_and_help(new_page, demo, width):
    page = new_page(width=width, height=HEIGHTS[width])
    page.goto("/suche/?q=Zzyzxwort")

    nothing = page.locator(".nothing-found")
    expect(nothing).to_contain_text("Wir haben nichts gefunden")
    expect(nothing.get_by_role("link", name=re.compile("Ich brauche Hilfe bei"))).to_be_visible()
    expect(nothing).to_contain_text("Telefon:")
    _no_axe_violations(page, "suche-nichts")


def test_search_from_a_quarter_page_shows_the_quarter_as_a_removable_filter(new_page, demo):
    page = new_page(width=390, height=HEIGHTS[390])
    page.goto("/suche/?q=Hilfe&gebiet=altstadt")

    expect(page.locator(".active-filter")).to_contain_text("Nur Angebote in Altstadt")
    _no_axe_violations(page, "suche-quartier")
    page.get_by_role("link", name="Filter „Altstadt“ entfernen").click()
    expect(page.locator(".active-filter")).to_have_count(0)
    assert "gebiet" not in page.url
