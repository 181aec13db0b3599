"""Anonymous visitors' public pages are kept whole, and never outlive a change of an offer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.core import page_cache
from lotse.directory.services import offer_update


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.LOTSE_PAGE_CACHE_SECONDS = 60


def test_second_visit_is_served_from_the_cache(client, make_offer, monkeypatch):
    offer = make_offer("Mittagstisch")
    # Pages are kept for the minute they were made in: both visits fall in the same one.
    minute = timezone.now().replace(second=1)
    monkeypatch.setattr(page_cache.timezone, "now", lambda: minute)
    first = client.get(f"/angebot/{offer.id}/")

    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"/angebot/{offer.id}/")

    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 1  # the data version, nothing else
    assert not first.cookies


def test_changed_offer_is_shown_at_once(client, make_offer, provider_staff):
    offer = make_offer("Mittagstisch")
    client.get("/suche/?q=Mittagstisch")

    offer_update(actor=provider_staff, service=offer, data={"name": "Mittagstisch am Markt"})
    response = client.get("/suche/?q=Mittagstisch")

    assert "Mittagstisch am Markt" in response.text


def test_logged_in_staff_get_a_fresh_page(client, make_offer, provider_staff):
    make_offer("Mittagstisch")
    client.get("/suche/?q=Mittagstisch")
    client.force_login(provider_staff)

    with CaptureQueriesContext(connection) as queries:
        client.get("/suche/?q=Mittagstisch")

    assert len(queries) > 1


def test_language_and_text_size_get_their_own_pages(client, make_offer):
    make_offer("Mittagstisch")
    german = client.get("/suche/?q=Mittagstisch").text

    english = client.get("/suche/?q=Mittagstisch", headers={"accept-language": "en"}).text
    client.cookies["textgroesse"] = "gross"
    large = client.get("/suche/?q=Mittagstisch").text

    assert '<html lang="de"' in german
    assert '<html lang="en"' in english
    assert "text-gross" in large and "text-gross" not in german


def test_htmx_fragment_and_whole_page_are_kept_apart(client, make_offer):
    make_offer("Mittagstisch")
    whole = client.get("/suche/?q=Mittagstisch").text

    fragment = client.get("/suche/?q=Mittagstisch", headers={"HX-Request": "true"}).text

    assert "<html" in whole
    assert "<html" not in fragment


def test_missing_offer_is_not_kept(client, make_offer):
    offer = make_offer("Mittagstisch")
    offer_id = offer.id
    offer.delete()
    client.get(f"/angebot/{offer_id}/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/angebot/{offer_id}/")

    assert response.status_code == 404
    assert len(queries) > 1
