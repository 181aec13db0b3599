"""Finding the way by links and the menu alone: a resident goes from the start page to an office,
its booking page and the help page; a staff member logs in, lands on their work and reaches
their pages by the staff menu; a crawl from "/" reaches every public page type. At 390 and
1280 px, with axe-core on every state."""

import datetime as dt
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.core.models import Organisation
from lotse.office.models import ConsultationHour, Office

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


@pytest.fixture
def office(directory, region, quarter) -> Office:
    """The Quartiersbüro of the test quarter, open every day from 8 to 20 Uhr."""
    from conftest import _home_office

    organisation = _home_office(region)
    organisation.kind = Organisation.Kind.OFFICE
    organisation.save(update_fields=["kind"])
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


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


@pytest.mark.parametrize("width", WIDTHS)
def test_resident_reaches_office_booking_and_help_by_links_and_menu(new_page, office, width):
    page = new_page(width=width, javascript=False)

    page.goto("/")
    _no_axe_violations(page, "weg-startseite")
    main_menu = menu(page, width)
    expect(main_menu.get_by_role("link", name="Startseite")).to_have_attribute(
        "aria-current", "page"
    )
    _no_axe_violations(page, "weg-menue-offen")
    main_menu.get_by_role("link", name="Quartiersbüros").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüros")
    expect(menu(page, width).get_by_role("link", name="Quartiersbüros")).to_have_attribute(
        "aria-current", "page"
    )
    _no_axe_violations(page, "weg-bueros")
    page.get_by_role("link", name="Quartiersbüro Altstadt", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüro Altstadt")
    _no_axe_violations(page, "weg-buero")
    page.get_by_role("link", name="Termin vereinbaren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Termin vereinbaren")
    _no_axe_violations(page, "weg-termin")
    menu(page, width).get_by_role("link", name="Hilfe", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hilfe")
    expect(page.get_by_role("link", name="0561 123 45 67")).to_be_visible()
    _no_axe_violations(page, "weg-hilfe")
    assert page.blocked == []


@pytest.mark.parametrize("width", WIDTHS)
def test_resident_chooses_a_quarter_by_postcode_and_sees_its_office(new_page, office, width):
    page = new_page(width=width, javascript=False)

    page.goto("/")
    page.get_by_role("link", name="Mein Quartier wählen").click()
    page.get_by_label("Postleitzahl").fill("456")
    page.get_by_role("button", name="Quartier finden").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    _no_axe_violations(page, "weg-quartier-fehler")
    page.get_by_label("Postleitzahl").fill("45657")
    page.get_by_role("button", name="Quartier finden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote in Altstadt")
    expect(page.get_by_role("heading", name="Ihr Quartiersbüro")).to_be_visible()
    _no_axe_violations(page, "weg-quartier")
    page.goto("/")
    expect(page.get_by_text("Ihr Quartier: Altstadt")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Termin vereinbaren"))).to_be_visible()
    assert page.blocked == []


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_log_in_land_on_their_work_and_reach_their_pages_by_the_menu(
    new_page, office, office_staff, with_totp, width
):
    secret = with_totp(office_staff)
    page = new_page(width=width)

    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("buero@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(re.compile(r"/anliegen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anliegen: Quartiersbüro Altstadt")
    staff_menu = menu(page, width, "Arbeitsbereich")
    expect(staff_menu.get_by_role("link", name="Anliegen", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    # Exactly what an office staff member may open; nothing of administrators or coordinators.
    names = [name.strip() for name in staff_menu.get_by_role("link").all_inner_texts()]
    assert names == [
        "Anliegen",
        "Anliegen erfassen",
        "Personen",
        "Termine",
        "Hilfeanfrage erfassen",
        "Veranstaltungen",
        "Aktuelles",
        "Pinnwand prüfen",
        "Vermittlungen an uns",
        "Angebote bearbeiten",
        "Orte",
        "Briefe drucken",
        "Nicht zugestellte Nachrichten",
    ]
    _no_axe_violations(page, "weg-arbeit")
    staff_menu.get_by_role("link", name="Personen").click()
    expect(page).to_have_url(re.compile(r"/personen/$"))
    _no_axe_violations(page, "weg-personen")
    menu(page, width, "Arbeitsbereich").get_by_role("link", name="Termine").click()
    expect(page).to_have_url(re.compile(r"/buero/altstadt/termine/$"))
    _no_axe_violations(page, "weg-termine")
    assert page.blocked == []


def test_missing_page_is_german_with_a_way_back(new_page, office):
    page = new_page(width=390)

    response = page.goto("/gibt-es-nicht/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht")
    _no_axe_violations(page, "weg-404")
    page.get_by_role("link", name="Zur Startseite").click()
    expect(page).to_have_url(re.compile(r"/$"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


# Every public page type and how its address looks.
PAGE_TYPES = {
    "Startseite": r"/",
    "Quartier": r"/quartier/[\w-]+/",
    "Mein Quartier wählen": r"/quartier/",
    "Angebote suchen": r"/suche/",
    "Angebot": r"/angebot/[0-9a-f-]{36}/",
    "Quartiersbüros": r"/buero/",
    "Quartiersbüro": r"/buero/[\w-]+/",
    "Termin vereinbaren": r"/buero/[\w-]+/termin/",
    "Ich brauche Hilfe bei": r"/buero/[\w-]+/anliegen/",
    "Hilfe": r"/hilfe/",
    "Leichte Sprache": r"/leichte-sprache/",
    "Erklärung zur Barrierefreiheit": r"/barrierefreiheit/",
    "Barriere melden": r"/barriere-melden/",
    "Datenschutz": r"/datenschutz/hinweise/",
}
# Not followed: display switches (they only set a cookie), logins, files, the API.
SKIP = re.compile(r"^/(anzeige|konto|admin|api|static|mitarbeit)/|druck=gross|\.(pdf|csv|xlsx)$")
MAX_PAGES = 150


def test_crawl_from_the_start_page_reaches_every_public_page_type(office):
    client = Client()
    seen: set[str] = set()
    queue = deque(["/"])
    reached: dict[str, str] = {}
    errors = []

    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        if response.status_code != 200:
            errors.append(f"{url}: {response.status_code}")
            continue
        for name, pattern in PAGE_TYPES.items():
            if re.fullmatch(pattern, final):
                reached.setdefault(name, final)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not SKIP.search(local) and local not in seen:
                queue.append(local)

    unreached = sorted(set(PAGE_TYPES) - set(reached))
    assert not unreached, f"Von / aus nicht erreicht: {unreached} ({len(seen)} Seiten besucht)"
    assert not errors, errors
