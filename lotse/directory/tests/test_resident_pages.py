"""Resident pages: search filters, htmx fragment, map view, home page and large print."""

import datetime as dt

import holidays
from django.conf import settings
from django.utils import timezone

from lotse.core.models import Area
from lotse.directory.hours import DAY_CODES
from lotse.directory.models import Location, Schedule
from lotse.directory.services import search_index_service


def test_search_page_renders_every_filter_without_javascript(client, db):
    response = client.get("/suche/")

    html = response.content.decode()
    for name in [
        "q",
        "thema",
        "zielgruppe",
        "sprache",
        "plz",
        "umkreis",
        "wochentag",
        "kostenlos",
        "stufenlos",
        "jetzt_offen",
        "sortierung",
    ]:
        assert f'name="{name}"' in html, name
    assert "<details" in html and '<details class="more-filters" open' not in html


def test_more_filters_are_open_when_one_of_them_is_set(client, db):
    response = client.get("/suche/", {"wochentag": "MO"})

    assert '<details class="more-filters" open>' in response.content.decode()


def test_htmx_fragment_announces_count_out_of_band(client, make_offer):
    make_offer("Chor")

    response = client.get("/suche/", {"q": "Chor"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="ergebnis-ansage" hx-swap-oob="innerHTML">1 Angebot gefunden' in html
    assert "HX-Request" in response["Vary"]


def test_map_view_loads_leaflet_only_there(client, make_offer):
    make_offer("Chor")

    plain = client.get("/suche/", {"q": "Chor"}).content.decode()
    mapped = client.get("/suche/", {"q": "Chor", "ansicht": "karte"}).content.decode()

    assert "leaflet" not in plain and "ansicht=karte" in plain
    assert "leaflet.js" in mapped and 'id="karte"' in mapped and "data-tile-url" in mapped
    assert 'name="ansicht" value="karte"' in mapped


def test_home_lists_offers_open_later_today(client, make_offer):
    offer = make_offer("Mittagstisch")
    offer.schedules.all().delete()
    today = timezone.localdate()
    Schedule.objects.create(
        service=offer,
        byday=DAY_CODES[today.weekday()],
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
    )
    # The index narrows the candidates by weekday: it must know today's hours, also on a
    # weekend, when the offer's first hours (Monday to Friday) have none.
    search_index_service(service=offer)

    response = client.get("/")

    assert "Heute geöffnet" in response.content.decode()
    if today not in holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE):
        assert "Mittagstisch" in response.content.decode()


def _open_all_day_today(offer) -> None:
    offer.schedules.all().delete()
    Schedule.objects.create(
        service=offer,
        byday=DAY_CODES[timezone.localdate().weekday()],
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
    )
    search_index_service(service=offer)


def test_home_shows_the_chosen_quarters_offers_open_today_with_a_link_to_all(
    client, make_offer, quarter
):
    elsewhere = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=quarter.region,
    )
    near = make_offer("Mittagstisch Altstadt")
    far = make_offer("Mittagstisch Neustadt")
    Location.objects.filter(service_at_locations__service=far).update(quarter=elsewhere)
    for offer in (near, far):
        _open_all_day_today(offer)
    if timezone.localdate() in holidays.country_holidays("DE", subdiv=settings.LOTSE_HOLIDAY_STATE):
        return  # offers keep holidays: nothing is open today

    everywhere = client.get("/").text
    client.cookies["quartier"] = "altstadt"
    chosen = client.get("/").text
    client.cookies["quartier"] = "gibt-es-nicht"
    unknown = client.get("/").text

    assert "Mittagstisch Altstadt" in everywhere and "Mittagstisch Neustadt" in everywhere
    assert "Heute geöffnet in Altstadt" in chosen
    assert "Mittagstisch Altstadt" in chosen and "Mittagstisch Neustadt" not in chosen
    assert "?jetzt_offen=on&amp;gebiet=altstadt" in chosen
    assert "Alle Angebote überall, die jetzt geöffnet sind" in chosen
    assert "Mittagstisch Neustadt" in unknown and "Heute geöffnet in" not in unknown


def test_home_leads_nowhere_empty_when_nothing_is_open_today_in_the_chosen_quarter(client, quarter):
    client.cookies["quartier"] = quarter.slug

    page = client.get("/").text

    assert f"Heute hat in {quarter.name} kein Angebot mehr geöffnet." in page
    assert f"gebiet={quarter.slug}" not in page.split('id="heute"')[1]
    assert "Alle Angebote überall, die jetzt geöffnet sind" in page


def test_large_print_keeps_the_facts_for_one_sheet(client, make_offer):
    offer = make_offer("Einkaufshilfe")

    html = client.get(f"/angebot/{offer.id}/", {"druck": "gross"}).content.decode()

    assert "large-print" in html
    assert "Angaben zuletzt geprüft am" in html and "Stand:" in html
    assert 'href="tel:' in html
    # The help line stands before the description, so it is on the first sheet.
    help_line = f"Fragen? Rufen Sie uns an: {settings.LOTSE_CONTACT_PHONE}"
    assert help_line in html and html.index(help_line) < html.index(offer.description[:20])
