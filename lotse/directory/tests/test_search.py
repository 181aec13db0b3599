import datetime as dt
from zoneinfo import ZoneInfo

from lotse.directory.selectors import SearchFilters, offer_search
from lotse.directory.services import offer_archive

MONDAY_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def names(filters: SearchFilters) -> list[str]:
    return [s.name for s in offer_search(filters=filters, now=MONDAY_11)]


def test_plain_question_finds_compound(make_offer):
    make_offer("Einkaufshilfe Altstadt")
    make_offer("Gymnastik")

    assert names(SearchFilters(text="Hilfe beim Einkaufen")) == ["Einkaufshilfe Altstadt"]


def test_compound_query_finds_separate_words(make_offer):
    make_offer("Hilfe beim Einkaufen")

    assert names(SearchFilters(text="Einkaufshilfe")) == ["Hilfe beim Einkaufen"]


def test_typo_is_tolerated(make_offer):
    make_offer("Seniorentreff am Markt")

    assert names(SearchFilters(text="Senoirentreff")) == ["Seniorentreff am Markt"]


def test_inflection_is_tolerated(make_offer):
    make_offer("Treff für Seniorinnen")

    assert names(SearchFilters(text="Seniorin")) == ["Treff für Seniorinnen"]


def test_filters_combine(make_offer, topic):
    make_offer("Einkaufsdienst frei", terms=[topic], cost="kostenlos", step_free=True)
    make_offer("Einkaufsdienst Beitrag", terms=[topic], cost="beitrag", step_free=True)
    make_offer("Einkaufsdienst Stufe", terms=[topic], cost="kostenlos")
    make_offer("Anderes", cost="kostenlos", step_free=True)

    found = names(SearchFilters(topic="einkaufen", free=True, barrier_free=True))

    assert found == ["Einkaufsdienst frei"]


def test_distance_sorts_and_limits(make_offer):
    make_offer("Fern", point=(51.90, 7.60))
    make_offer("Nah", point=(51.615, 7.195))

    assert names(SearchFilters(near=(51.614, 7.197))) == ["Nah", "Fern"]
    assert names(SearchFilters(near=(51.614, 7.197), radius_km=5)) == ["Nah"]


def test_archived_offer_is_not_found(make_offer, provider_staff):
    offer = make_offer("Mittagstisch")

    offer_archive(actor=provider_staff, service=offer)

    assert names(SearchFilters(text="Mittagstisch")) == []


def test_open_now_filter(make_offer):
    make_offer("Immer offen")

    assert names(SearchFilters(open_now=True)) == ["Immer offen"]
    sunday = MONDAY_11 - dt.timedelta(days=1)
    assert [s.name for s in offer_search(filters=SearchFilters(open_now=True), now=sunday)] == []
