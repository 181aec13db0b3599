"""Issue 20, a news item from writing to reading, by links and menus, with axe-core on every
state: provider staff open "Aktuelles" from the staff menu and publish a news item with a
picture for Altstadt (an empty form first comes back with its errors); a resident finds it on
/aktuelles/ from the start page's menu and on the quarter's page after choosing the quarter;
the Atom feed linked from /aktuelles/ lists it."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.news.models import NewsPost, PublicationStatus

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Der Bus 185 fährt wieder"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (230, 180, 20)).save(out, format="JPEG")
    return out.getvalue()


def _checked(page, name: str) -> None:
    shoot(page, f"aktuelles-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


def test_staff_publish_news_that_residents_read_on_the_list_the_quarter_page_and_the_feed(
    new_page, transactional_db, quarter, staff_cookies, live_server
):
    # Provider staff write and publish a news item from the staff menu.
    staff = new_page(width=1280, cookies=staff_cookies)
    staff.goto("/")
    menu(staff, 1280, "Arbeitsbereich").get_by_role("link", name="Aktuelles").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Aktuelles")
    _checked(staff, "verwalten-leer")
    staff.get_by_role("link", name="Nachricht schreiben").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Nachricht schreiben")
    _checked(staff, "schreiben")
    staff.get_by_role("button", name="Veröffentlichen").click()
    expect(staff).to_have_title(re.compile("^Fehler: "))
    _checked(staff, "schreiben-fehler")
    staff.get_by_label("Für welches Gebiet?").select_option(label="Altstadt (Quartier)")
    staff.get_by_label("Überschrift").fill(TITLE)
    staff.get_by_label("Text", exact=True).fill(
        "Die Baustelle an der Brücke ist fertig. Ab Montag hält der Bus wieder am Marktplatz."
    )
    staff.get_by_label("Text in Leichter Sprache").fill("Der Bus fährt wieder.\nEr hält am Markt.")
    staff.locator("input[type=file]").set_input_files(
        {"name": "bus.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    staff.get_by_label("Was ist auf dem Bild zu sehen?").fill("Ein gelber Bus am Marktplatz")
    staff.get_by_role("button", name="Veröffentlichen").click()
    expect(staff.get_by_role("status")).to_contain_text(
        f"Die Nachricht „{TITLE}“ ist veröffentlicht."
    )
    expect(staff.locator("table")).to_contain_text("Veröffentlicht")
    _checked(staff, "verwalten")
    assert NewsPost.objects.get().status == PublicationStatus.PUBLISHED

    # A resident finds it on /aktuelles/ from the start page's menu.
    page = new_page(width=390, height=844)
    page.goto("/")
    menu(page, 390).get_by_role("link", name="Aktuelles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktuelles")
    _checked(page, "liste")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#leichte-sprache")).to_have_text("In Leichter Sprache")
    expect(page.get_by_role("img", name="Ein gelber Bus am Marktplatz")).to_be_visible()
    _checked(page, "nachricht")

    # … and on the quarter's page, after choosing the quarter.
    page.goto("/")
    page.get_by_role("link", name="Mein Quartier wählen").click()
    page.get_by_role("link", name=re.compile("^Altstadt")).first.click()
    expect(page.locator("#aktuelles-quartier")).to_have_text("Aktuelles aus Altstadt")
    expect(page.locator(".news-panel")).to_contain_text(TITLE)
    _checked(page, "quartier")

    # The feed linked from /aktuelles/ lists it.
    page.locator(".news-panel").get_by_role("link", name="Alle Nachrichten aus Altstadt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aktuelles in Altstadt")
    _checked(page, "liste-altstadt")
    href = page.get_by_role("link", name="Aktuelles als Atom-Feed").get_attribute("href")
    assert href == "/aktuelles/atom/?quartier=altstadt"
    answer = page.request.get(live_server.url + href)
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(answer.body())
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [TITLE]
    assert page.blocked == [] and staff.blocked == []
