"""The office list, the office of a quarter and "Mein Quartier wählen"."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.core.models import Area
from lotse.directory.models import Address, Location
from lotse.office.finder import QUARTER_COOKIE, quarters_for_postcode, today_text
from lotse.office.models import ConsultationHour, OfficeClosure
from lotse.office.tests.conftest import MONDAY_8, at


@pytest.fixture
def second_quarter(quarter) -> Area:
    return Area.objects.create(
        name="Am Park",
        slug="am-park",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=quarter.region,
    )


def test_office_list_shows_every_office_with_quarter_address_phone_hours_and_booking(
    db, client, office, clock
):
    response = client.get("/buero/")

    assert response.status_code == 200
    page = response.text
    assert "<h1>Quartiersbüros</h1>" in page
    assert 'href="/buero/altstadt/"' in page
    assert "Für das Quartier Altstadt in Teststadt" in page
    assert "Marktplatz 1, 45657 Teststadt" in page
    assert 'href="tel:05611234567"' in page
    assert "Heute Sprechstunde: 9 Uhr bis 12 Uhr" in page
    assert 'href="/buero/altstadt/termin/"' in page
    assert "Termin vereinbaren" in page
    assert 'href="/buero/altstadt/anliegen/"' in page


def test_today_text_names_the_next_hours_when_today_is_over_or_closed(db, office):
    office.hours.create(byday="TU", opens_at=dt.time(14), closes_at=dt.time(17))

    assert today_text(office=office, now=at(MONDAY_8.date(), 13)) == (
        "Heute keine Sprechstunde mehr. Die nächste: morgen, 9 Uhr bis 12 Uhr"
    )
    assert today_text(office=office, now=at(MONDAY_8.date(), 10)) == (
        "Heute Sprechstunde: 9 Uhr bis 12 Uhr"
    )
    OfficeClosure.objects.create(
        office=office, starts_on=MONDAY_8.date(), ends_on=MONDAY_8.date() + dt.timedelta(days=2)
    )
    assert today_text(office=office, now=MONDAY_8) == (
        "Heute keine Sprechstunde mehr. Die nächste: Donnerstag, 26. März, 9 Uhr bis 12 Uhr"
    )


def test_office_without_hours_asks_people_to_call(db, office):
    ConsultationHour.objects.filter(office=office).delete()

    assert today_text(office=office, now=MONDAY_8) == (
        "Zurzeit keine festen Sprechstunden. Bitte rufen Sie an."
    )


def test_quarter_page_shows_its_office_with_both_actions(db, client, office, quarter):
    response = client.get(reverse("directory:quarter_home", args=[quarter.slug]))

    page = response.text
    assert "Ihr Quartiersbüro" in page
    assert 'href="/buero/altstadt/"' in page
    assert 'href="/buero/altstadt/termin/"' in page
    assert 'href="/buero/altstadt/anliegen/"' in page
    assert "0561 123 45 67" in page


def test_start_page_offers_to_choose_a_quarter_and_then_shows_its_office(
    db, client, office, quarter
):
    before = client.get("/").text
    assert 'href="/quartier/"' in before
    assert "Mein Quartier wählen" in before
    assert "<h2>Ihr Quartiersbüro</h2>" not in before

    chosen = client.get("/quartier/", {"wahl": quarter.slug})

    assert chosen.status_code == 302
    assert chosen["Location"] == f"/quartier/{quarter.slug}/"
    assert chosen.cookies[QUARTER_COOKIE].value == quarter.slug
    after = client.get("/").text
    assert "Ihr Quartier: <strong>Altstadt</strong>" in after
    assert 'href="/buero/altstadt/termin/"' in after


def test_choosing_no_quarter_forgets_the_kept_one(db, client, quarter):
    client.cookies[QUARTER_COOKIE] = quarter.slug

    response = client.get("/quartier/", {"wahl": ""})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[QUARTER_COOKIE].value == ""


def test_unknown_quarter_in_the_cookie_shows_the_plain_start_page(db, client):
    client.cookies[QUARTER_COOKIE] = "gibt-es-nicht"

    response = client.get("/")

    assert response.status_code == 200
    assert "Mein Quartier wählen" in response.text


def test_postcode_of_one_quarter_chooses_it_at_once(db, client, office, quarter):
    response = client.get("/quartier/", {"plz": " 45 657 "})

    assert response.status_code == 302
    assert response["Location"] == f"/quartier/{quarter.slug}/"
    assert response.cookies[QUARTER_COOKIE].value == quarter.slug


def test_postcode_of_several_quarters_lets_the_person_choose(
    db, client, office, quarter, second_quarter, provider_org
):
    location = Location.objects.create(
        organization=provider_org, name="Treff", quarter=second_quarter
    )
    Address.objects.create(
        location=location, address_1="Parkweg 1", city="Teststadt", postal_code="45657"
    )

    response = client.get("/quartier/", {"plz": "45657"})

    assert response.status_code == 200
    assert QUARTER_COOKIE not in response.cookies
    assert "Zur Postleitzahl 45657 gehören diese Quartiere" in response.text
    assert 'href="/quartier/?wahl=altstadt"' in response.text
    assert 'href="/quartier/?wahl=am-park"' in response.text


def test_postcode_elsewhere_offers_the_nearest_quarters(db, quarter, second_quarter, provider_org):
    Location.objects.create(
        organization=provider_org, name="Nah", quarter=second_quarter, latitude=51.6, longitude=7.2
    )
    Location.objects.create(
        organization=provider_org, name="Fern", quarter=quarter, latitude=48.1, longitude=11.6
    )

    # 45657 Recklinghausen: no office or address there in this test, Am Park lies nearest.
    assert quarters_for_postcode(postcode="45657")[0] == second_quarter
    assert quarters_for_postcode(postcode="00000") == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Geben Sie Ihre Postleitzahl ein"), ("4565", "Die Postleitzahl muss 5 Ziffern haben")],
)
def test_wrong_postcode_says_what_to_do_and_keeps_the_input(db, client, typed, message):
    response = client.get("/quartier/", {"plz": typed})

    assert response.status_code == 200
    assert response.text.count(message) == 2  # summary and field
    assert "<title>Fehler: Mein Quartier wählen" in response.text
    assert f'value="{typed}"' in response.text
    assert QUARTER_COOKIE not in response.cookies


def test_chooser_lists_every_quarter_by_municipality(db, client, quarter, second_quarter):
    response = client.get("/quartier/")

    assert "<h3>Teststadt</h3>" in response.text
    assert response.text.index("?wahl=altstadt") < response.text.index("?wahl=am-park")


def test_start_page_cache_keeps_one_copy_per_chosen_quarter(db, client, settings, office, quarter):
    settings.LOTSE_PAGE_CACHE_SECONDS = 60
    assert "Ihr Quartier:" not in client.get("/").text

    client.cookies[QUARTER_COOKIE] = quarter.slug

    assert "Ihr Quartier: <strong>Altstadt</strong>" in client.get("/").text
