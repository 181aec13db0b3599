"""Finding the right offer from the inquiry: its topic suggests offers, other topics are one link
away, and each card tells offers of the same name apart."""

from decimal import Decimal

import pytest
from django.utils.http import urlencode

from lotse.desk.services.inquiries import inquiry_close
from lotse.directory.models import Address, TaxonomyTerm


@pytest.fixture
def logged_in(client, with_totp, office_staff):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.fixture
def care(topic) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(taxonomy=topic.taxonomy, code="pflege", name="Pflege")


def _page(inquiry) -> str:
    return f"/anliegen/{inquiry.id}/"


def test_the_inquirys_topic_suggests_offers_before_anything_is_typed(
    logged_in, inquiry, make_offer, topic, care
):
    make_offer("Einkaufshilfe", "Wir gehen mit Ihnen einkaufen.", terms=[topic])
    make_offer("Wohnberatung", "Wir beraten zu Umbauten.", terms=[care])

    text = logged_in.get(_page(inquiry)).text

    assert "Vorschlag zum Thema des Anliegens (Einkaufen):" in text
    assert "1 Angebot gefunden" in text
    assert "Einkaufshilfe" in text
    assert "Wohnberatung" not in text
    assert "1 weiteres Angebot in anderen Themen" in text


def test_a_preset_topic_without_matches_points_to_the_other_topics_not_to_a_missing_offer(
    logged_in, inquiry, make_offer, care
):
    # Given twelve shopping offers filed under another topic than the inquiry's
    for number in range(12):
        make_offer(f"Hilfe beim Einkaufen {number}", "Wir kaufen für Sie ein.", terms=[care])

    # When staff search for "Einkaufen" with the inquiry's topic still chosen
    text = logged_in.get(_page(inquiry), {"angebot": "Einkaufen", "thema": "einkaufen"}).text

    # Then the page names the twelve in other topics with a link, and invites no missing offer
    assert "Im Thema Einkaufen kein Angebot gefunden." in text
    assert "12 weitere Angebote in anderen Themen" in text
    query = urlencode({"angebot": "Einkaufen", "thema": ""}).replace("&", "&amp;")
    assert f'href="{_page(inquiry)}?{query}#angebote"' in text
    assert "vermerken Sie unten, dass ein Angebot fehlt" not in text

    # And the link finds them
    everywhere = logged_in.get(_page(inquiry), {"angebot": "Einkaufen", "thema": ""}).text
    assert "12 Angebote gefunden" in everywhere
    assert "weitere Angebote in anderen Themen" not in everywhere


def test_nothing_anywhere_still_invites_a_missing_offer(logged_in, inquiry, make_offer, care):
    make_offer("Pflegeberatung", "Wir beraten zu Pflegegrad.", terms=[care])

    text = logged_in.get(_page(inquiry), {"angebot": "Fallschirmspringen", "thema": ""}).text

    assert "vermerken Sie unten, dass ein Angebot fehlt" in text
    assert "in anderen Themen" not in text


def test_cards_show_address_hours_cost_and_a_link_to_the_offer(
    logged_in, inquiry, make_offer, topic
):
    free = make_offer("Hilfe beim Einkaufen", "Ehrenamtliche kaufen ein.", terms=[topic])
    paid = make_offer(
        "Hilfe beim Einkaufen",
        "Ein Lieferdienst.",
        terms=[topic],
        cost="beitrag",
        fee_amount=Decimal("5.00"),
    )
    Address.objects.create(
        location=free.service_at_locations.get().location,
        address_1="Marktstraße 3",
        postal_code="45657",
        city="Recklinghausen",
    )

    text = logged_in.get(_page(inquiry), {"angebot": "Einkaufen"}).text

    assert "Marktstraße 3, 45657 Recklinghausen" in text
    assert "kostenlos" in text
    assert "5 €" in text
    # make_offer: Monday to Friday, 9 to 16 o'clock
    assert "16 Uhr" in text
    assert f'href="/angebot/{free.id}/"' in text
    assert f'href="/angebot/{paid.id}/"' in text


def test_a_closed_inquiry_suggests_nothing(logged_in, office_staff, inquiry, make_offer, topic):

    make_offer("Einkaufshilfe", "Wir gehen mit Ihnen einkaufen.", terms=[topic])
    inquiry_close(actor=office_staff, inquiry=inquiry)

    text = logged_in.get(_page(inquiry)).text

    assert "Vorschlag zum Thema" not in text
    assert "Einkaufshilfe" not in text
