"""The main menu on every page, the help page, and the German 403 and 404 pages."""

import re

import pytest
from django.urls import reverse

from lotse.core.menu import menu_items

MENU = [
    "Startseite",
    "Angebote suchen",
    "Veranstaltungen",
    "Aktuelles",
    "Biete / Suche",
    "Quartiersbüros",
    "Hilfe mit dem Handy",
    "Hilfe",
]


def _menu_labels(html: str) -> list[str]:
    block = html.split('class="menu-wide"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", block)


@pytest.mark.parametrize("path", ["/", "/suche/", "/buero/", "/hilfe/", "/barrierefreiheit/"])
def test_every_page_has_the_same_main_menu_twice_phone_and_wide(db, client, path):
    html = client.get(path).text

    assert _menu_labels(html) == MENU
    # Phones: one "Menü" button that opens without JavaScript.
    assert '<details class="menu-phone">' in html
    assert "<summary>Menü</summary>" in html
    assert html.count('aria-label="Hauptmenü"') == 2


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", {"Startseite": "page"}),
        ("/quartier/altstadt/", {"Startseite": "true"}),
        ("/suche/", {"Angebote suchen": "page"}),
        ("/angebot/0d2e3f00-0000-4000-8000-000000000000/", {"Angebote suchen": "true"}),
        ("/buero/", {"Quartiersbüros": "page"}),
        ("/buero/altstadt/termin/", {"Quartiersbüros": "true"}),
        ("/hilfe/", {"Hilfe": "page"}),
        ("/barrierefreiheit/", {}),
    ],
)
def test_menu_marks_the_current_section(path, current):
    marked = {str(item.label): item.current for item in menu_items(path) if item.current}

    assert marked == current


def test_help_page_explains_search_booking_and_help_with_the_office_phones(db, client):
    from lotse.office.tests.conftest import make_office

    quarter_office = make_office(_office_org(), _quarter())

    html = client.get(reverse("help")).text

    assert "<h1>Hilfe</h1>" in html
    for heading in ["Ein Angebot finden", "Einen Termin vereinbaren", "Hilfe bekommen"]:
        assert f">{heading}</h2>" in html
    assert quarter_office.name in html
    assert 'href="tel:05611234567"' in html
    assert "Übersicht aller Seiten" in html


def _quarter():
    from lotse.core.models import Area

    region = Area.objects.create(name="Kreis", slug="kreis", kind=Area.Kind.REGION)
    return Area.objects.create(name="Altstadt", slug="altstadt", kind="quarter", parent=region)


def _office_org():
    from lotse.core.models import Area, Organisation

    region = Area.objects.create(name="Kreis B", slug="kreis-b", kind=Area.Kind.REGION)
    return Organisation.objects.create(name="Büro", kind="office", region=region)


def test_footer_carries_a_phone_number_and_the_way_to_help_and_offices(db, client):
    html = client.get("/").text
    footer = html.split('<footer class="site-footer">', 1)[1]

    assert "Sie können uns auch anrufen:" in footer
    assert 'href="tel:' in footer
    assert 'href="/hilfe/"' in footer
    assert 'href="/buero/"' in footer


def test_missing_page_is_german_in_the_layout_with_a_way_back(db, client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "<h1>Diese Seite gibt es nicht</h1>" in response.text
    assert '<nav class="main-menu"' in response.text
    assert 'href="/">Zur Startseite</a>' in response.text
    assert "Zu Ihrer Arbeit" not in response.text


def test_refused_page_is_german_and_leads_staff_back_to_their_work(db, client, provider_staff):
    client.force_login(provider_staff)

    response = client.get(reverse("directory:staff_import"))

    assert response.status_code == 403
    assert "<h1>Diese Seite dürfen Sie nicht öffnen</h1>" in response.text
    assert 'href="/">Zur Startseite</a>' in response.text
    assert 'href="/vermittlungen/eingang/">Zu Ihrer Arbeit</a>' in response.text


def test_role_without_pages_gets_a_plain_page_not_a_refusal(db, client, researcher):
    client.force_login(researcher)

    response = client.get(reverse("work_home"))

    assert response.status_code == 200
    assert "Für Ihre Rolle gibt es noch keine Seiten" in response.text
    assert "Wissenschaftliche Begleitung" in response.text


def test_digital_helpers_find_their_own_page_on_the_work_page(db, client, helper):
    client.force_login(helper)

    response = client.get(reverse("work_home"))

    assert response.status_code == 200
    assert '<a href="/digitalhilfe/meine-angaben/">Meine Angaben</a>' in response.text
