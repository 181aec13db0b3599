"""The search page as people use it (issue 16): cards with what people decide by, the folded
form, nearest first with a postcode, the quarter filter, the no-results help, the map's pins
and the privacy notice's tile provider."""

import datetime as dt
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotse.core.models import Organisation
from lotse.directory import cards
from lotse.directory.hours import status_text
from lotse.directory.models import Address, Phone, Schedule, Service
from lotse.office.models import Office


def _card(html: str, name: str) -> str:
    """The card (li) of the offer called `name`."""
    start = html.index(f">{name}</a></h3>")
    end = min(
        i for i in (html.find('<li class="card"', start), html.index("</ol>", start)) if i > 0
    )
    return html[html.rindex('<li class="card"', 0, start) : end]


def _with_address(offer: Service, street: str = "Marktstraße 3") -> Service:
    location = offer.service_at_locations.get().location
    Address.objects.create(
        location=location, address_1=street, postal_code="45657", city="Lindenau"
    )
    return offer


def test_card_shows_provider_address_quarter_cost_step_free_phone_and_next_opening(
    client, make_offer
):
    _with_address(make_offer("Chor", step_free=True))
    fee = make_offer("Gymnastik", cost=Service.Cost.FEE, fee_amount=Decimal("5.00"))
    _with_address(fee, "Lindenweg 7")
    make_offer("Tanztee", cost=Service.Cost.FEE, fee_amount=Decimal("12.50"))

    html = client.get("/suche/", {"q": "Chor Gymnastik Tanztee"}).content.decode()

    chor = _card(html, "Chor")
    assert "Marktstraße 3, 45657 Lindenau (Altstadt)" in chor
    assert "Kosten: kostenlos" in chor
    assert "Stufenlos: ja" in chor
    assert 'href="tel:02361123456">02361 12 34 56</a>' in chor
    # Monday to Friday 9 to 16 Uhr: the status names a time, and a later day its date (on a
    # Sunday "Morgen, Montag, 7. …").
    assert re.search(
        r'class="status">(Heute geöffnet|Nächster Termin: (Morgen, )?\w+, \d+\. )', chor
    )
    gymnastik = _card(html, "Gymnastik")
    assert "Kosten: 5 €" in gymnastik and "Stufenlos: nein" in gymnastik
    assert "Kosten: 12,50 €" in _card(html, "Tanztee")


def test_provider_name_is_on_the_card(client, make_offer, provider_org):
    make_offer("Chor")

    html = client.get("/suche/", {"q": "Chor"}).content.decode()

    assert f'<p class="org">{provider_org.name}</p>' in _card(html, "Chor")


def test_next_opening_tomorrow_names_weekday_and_date():
    rule = Schedule(byday="MO,TU,WE,TH,FR,SA,SU", opens_at=dt.time(9), closes_at=dt.time(12))
    evening = dt.datetime(2026, 12, 1, 18, 0)  # a Tuesday, after closing

    assert status_text([rule], [], evening) == (
        "Nächster Termin: Morgen, Mittwoch, 2. Dezember, 9 Uhr bis 12 Uhr"
    )


def test_cards_are_read_in_seven_queries_and_kept_until_the_directory_changes(make_offer):
    offers = [_with_address(make_offer(f"Chor {i}", step_free=i % 2 == 0)) for i in range(12)]
    ids = [o.id for o in offers]
    now = dt.datetime(2026, 12, 1, 10)
    cards.clear()

    with CaptureQueriesContext(connection) as cold:
        rows = cards.result_rows(ids, distances={}, now=now, first=1, version=1)
    with CaptureQueriesContext(connection) as warm:
        again = cards.result_rows(ids, distances={}, now=now, first=1, version=1)
    Phone.objects.filter(service=offers[0]).update(number="0170 1234567")
    with CaptureQueriesContext(connection) as changed:
        newer = cards.result_rows(ids[:1], distances={}, now=now, first=1, version=2)

    assert len(rows) == 12 and all(r["card"].address and r["card"].phone for r in rows)
    assert [r["number"] for r in rows] == list(range(1, 13))
    assert len(cold) == 7 and len(warm) == 0 and len(changed) == 7
    assert again[0]["card"] is rows[0]["card"]
    assert newer[0]["card"].phone == "0170 1234567"


def test_an_offer_archived_after_the_search_has_no_card(make_offer):
    kept, gone = make_offer("Chor"), make_offer("Tanz")
    ids = [gone.id, kept.id]
    Service.objects.filter(id=gone.id).delete()
    cards.clear()

    rows = cards.result_rows(
        ids, distances={}, now=dt.datetime(2026, 12, 1, 10), first=1, version=1
    )

    assert [r["card"].name for r in rows] == ["Chor"] and rows[0]["number"] == 1


def test_with_results_the_form_folds_into_one_line_with_suche_aendern(client, make_offer):
    make_offer("Chor")

    found = client.get("/suche/", {"q": "Chor", "kostenlos": "on"}).content.decode()
    empty = client.get("/suche/").content.decode()
    nothing = client.get("/suche/", {"q": "Zzyzxwort"}).content.decode()

    assert '<details class="search-box" id="suche">' in found
    assert "Ihre Suche: „Chor“, kostenlos" in found and "Suche ändern" in found
    # Before a search, and when nothing was found, the form is open.
    assert '<details class="search-box" id="suche" open>' in empty
    assert '<details class="search-box" id="suche" open>' in nothing


def test_with_a_postcode_the_nearest_come_first_unless_best_match_is_chosen(client, make_offer):
    # The postcode 45657's centre lies in Recklinghausen (51.61, 7.19 in the fixtures).
    make_offer("Chor am Stadtrand", "Chor Chor Chor Chor.", point=(51.70, 7.30))
    make_offer("Chor nebenan", "Wir singen.", point=(51.615, 7.195))

    def names(**params):
        html = client.get("/suche/", {"q": "Chor", **params}).content.decode()
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)

    nearest = names(plz="45657")
    best = names(plz="45657", sortierung="passend")

    assert nearest == ["Chor nebenan", "Chor am Stadtrand"]
    assert best[0] == "Chor am Stadtrand"
    assert "km entfernt" in client.get("/suche/", {"q": "Chor", "plz": "45657"}).content.decode()


def test_quarter_filter_is_visible_and_can_be_removed(client, make_offer):
    make_offer("Chor")

    html = client.get("/suche/", {"q": "Chor", "gebiet": "altstadt"}).content.decode()

    assert "Nur Angebote in Altstadt" in html
    link = re.search(r'<a href="\?([^"]*)">Filter „Altstadt“ entfernen</a>', html)
    assert link and "gebiet" not in link.group(1) and "q=Chor" in link.group(1)


def test_no_results_name_the_quarters_office_with_help_link(client, db, quarter, region):
    organisation = Organisation.objects.create(name="Stadtteilbüro e. V.", region=region)
    Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )

    html = client.get("/suche/", {"q": "Zzyzxwort", "gebiet": "altstadt"}).content.decode()

    assert "Wir haben nichts gefunden" in html
    assert "Quartiersbüro Altstadt" in html and "0561 123 45 67" in html
    assert 'href="/buero/altstadt/anliegen/">Ich brauche Hilfe bei …' in html


def test_no_results_without_a_quarter_give_the_phone_and_the_offices(client, db, settings):
    html = client.get("/suche/", {"q": "Zzyzxwort"}).content.decode()

    nothing = html[html.index('class="nothing-found"') :]
    assert settings.LOTSE_CONTACT_PHONE in nothing
    assert "Ich brauche Hilfe bei …" in nothing and 'href="/buero/"' in nothing


def test_map_view_has_clustering_and_pins_with_name_link_and_number(client, make_offer):
    make_offer("Chor")

    html = client.get("/suche/", {"q": "Chor", "ansicht": "karte"}).content.decode()

    assert "vendor/markercluster/leaflet.markercluster.js" in html
    assert "<summary>Karte zeigen</summary>" in html
    card = _card(html, "Chor")
    assert 'data-number="1"' in card and 'data-name="Chor"' in card
    assert re.search(r'data-url="/angebot/[0-9a-f-]+/"', card)


def test_privacy_notice_names_the_tile_provider(client, db, settings):
    settings.LOTSE_MAP_TILES_PROVIDER = "Kartenfirma GmbH, Kachelweg 1, 12345 Musterstadt"
    settings.LOTSE_MAP_TILES_URL = "https://kacheln.example.org/{z}/{x}/{y}.png"

    html = client.get("/datenschutz/hinweise/").content.decode()

    assert "Kartenfirma GmbH, Kachelweg 1, 12345 Musterstadt" in html
    assert "kacheln.example.org" in html and "IP-Adresse" in html


def test_no_results_name_the_office_of_the_postcode(client, db, quarter, region, make_offer):
    # The office's postcode names its quarter ("Mein Quartier wählen" does the same).
    make_offer("Chor")
    organisation = Organisation.objects.create(name="Stadtteilbüro e. V.", region=region)
    Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )

    html = client.get("/suche/", {"q": "Zzyzxwort", "plz": "45657"}).content.decode()

    nothing = html[html.index('class="nothing-found"') :]
    assert "Quartiersbüro Altstadt" in nothing
    assert 'href="/buero/altstadt/anliegen/"' in nothing


def test_htmx_update_renews_the_folded_forms_line(client, make_offer):
    make_offer("Chor")

    html = client.get(
        "/suche/", {"q": "Chor", "stufenlos": "on"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert (
        '<span id="suche-zusammenfassung" hx-swap-oob="innerHTML">'
        "Ihre Suche: „Chor“, stufenlos</span>"
    ) in html


def test_only_the_map_view_numbers_the_card_titles(client, make_offer):
    make_offer("Chor")

    listed = _card(client.get("/suche/", {"q": "Chor"}).text, "Chor")
    mapped = _card(client.get("/suche/", {"q": "Chor", "ansicht": "karte"}).text, "Chor")

    assert 'data-number="1"' in listed and "pin-number" not in listed
    assert '<h3><span class="pin-number" aria-hidden="true">1</span> <a href="' in mapped


def test_card_prints_what_a_provider_typed_as_text(client, make_offer):
    make_offer('Chor <b>"laut"</b> & leise')

    html = client.get("/suche/", {"q": "Chor"}).text

    results = html.split('<ol class="results">')[1].split("</ol>")[0]
    assert "<b>" not in results
    assert "Chor &lt;b&gt;&quot;laut&quot;&lt;/b&gt; &amp; leise</a></h3>" in results
    assert 'data-name="Chor &lt;b&gt;&quot;laut&quot;&lt;/b&gt; &amp; leise"' in results


def test_next_opening_on_a_card_follows_the_minute(make_offer):
    offer = make_offer("Chor")  # Monday to Friday, 9 to 16 Uhr
    cards.clear()

    before = cards.result_rows(
        [offer.id], distances={}, now=dt.datetime(2026, 12, 1, 8, 59, 30), first=1, version=1
    )
    after = cards.result_rows(
        [offer.id], distances={}, now=dt.datetime(2026, 12, 1, 9, 0, 5), first=1, version=1
    )

    assert before[0]["status"] == "Heute geöffnet von 9 Uhr bis 16 Uhr"
    assert after[0]["status"] == "Heute geöffnet bis 16 Uhr"
    assert "Heute geöffnet bis 16 Uhr" in after[0]["html"]
