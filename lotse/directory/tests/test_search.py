import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lotse.directory.models import Schedule
from lotse.directory.search import index as search_index
from lotse.directory.selectors import SearchFilters, offer_search
from lotse.directory.services import offer_archive, offer_update, search_index_service

MONDAY_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(autouse=True, params=["database", "tantivy"])
def search_backend(request):
    """Every search test runs on the database's index and on the tantivy copy."""
    if request.param == "tantivy":
        request.getfixturevalue("search_cache_on")
    return request.param


def names(filters: SearchFilters) -> list[str]:
    return [s.name for s in offer_search(filters=filters, now=MONDAY_11).page]


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
    assert [
        s.name for s in offer_search(filters=SearchFilters(open_now=True), now=sunday).page
    ] == []


def test_relevance_puts_offers_that_repeat_the_word_first(make_offer):
    make_offer("Kaffeetafel", "Kuchen und Gespräche, auch Demenz ist ein Thema.")
    make_offer("Demenzcafé", "Treffen für Menschen mit Demenz. Demenz-Beratung für Angehörige.")

    assert names(SearchFilters(text="Demenz")) == ["Demenzcafé", "Kaffeetafel"]


def test_unknown_words_of_a_plain_question_are_left_out(make_offer):
    make_offer("Seniorengymnastik")

    result = offer_search(
        filters=SearchFilters(text="Wo gibt es Gymnastik Xylofonbau"), now=MONDAY_11
    )

    assert [s.name for s in result.page] == ["Seniorengymnastik"]
    assert result.ignored == ["xylofonbau"]


def test_only_unknown_words_find_nothing(make_offer):
    make_offer("Seniorengymnastik")

    result = offer_search(filters=SearchFilters(text="Xylofonbau"), now=MONDAY_11)

    assert list(result.page) == []
    assert result.ignored == ["xylofonbau"]


def test_weekday_filter_uses_the_schedule(make_offer):
    make_offer("Werktags offen")

    assert names(SearchFilters(weekday="FR")) == ["Werktags offen"]
    assert names(SearchFilters(weekday="SA")) == []


def test_target_group_filter(make_offer, topic):
    make_offer("Für alle")
    make_offer("Nur mit Thema", terms=[topic])

    assert names(SearchFilters(target_group=topic.code)) == ["Nur mit Thema"]


def test_words_and_distance_sort_nearest_first_when_asked(make_offer):
    make_offer("Treff fern", "Treff Treff Treff", point=(51.90, 7.60))
    make_offer("Treff nah", point=(51.615, 7.195))
    near = (51.614, 7.197)

    assert names(SearchFilters(text="Treff", near=near))[0] == "Treff fern"
    assert names(SearchFilters(text="Treff", near=near, by_distance=True)) == [
        "Treff nah",
        "Treff fern",
    ]


def test_edited_offer_is_found_by_its_new_words_only(make_offer, provider_staff):
    offer = make_offer("Lesekreis")

    offer_update(actor=provider_staff, service=offer, data={"name": "Erzählcafé"})

    assert names(SearchFilters(text="Erzählcafé")) == ["Erzählcafé"]
    assert names(SearchFilters(text="Lesekreis")) == []


def test_more_matches_than_the_limit_are_reported_as_capped(make_offer, monkeypatch):
    monkeypatch.setattr(search_index, "CANDIDATE_LIMIT", 2)
    for n in range(3):
        make_offer(f"Skatrunde {n}")

    result = offer_search(filters=SearchFilters(text="Skatrunde"), now=MONDAY_11)

    assert result.capped
    assert result.page.paginator.count == 2


def test_pages_of_ranked_matches_do_not_overlap(make_offer):
    for n in range(25):
        make_offer(f"Skatrunde {n:02d}")

    first = offer_search(filters=SearchFilters(text="Skatrunde"), page=1, now=MONDAY_11).page
    second = offer_search(filters=SearchFilters(text="Skatrunde"), page=2, now=MONDAY_11).page

    assert first.paginator.count == 25
    assert len(first) == 20
    assert len(second) == 5
    assert not {s.id for s in first} & {s.id for s in second}


def test_filters_without_words_list_offers_by_name(make_offer, topic):
    for name in ["Zumba", "Aquagymnastik", "Malkurs"]:
        make_offer(name, terms=[topic])

    assert names(SearchFilters(topic=topic.code)) == ["Aquagymnastik", "Malkurs", "Zumba"]


def test_open_now_stops_checking_hours_once_two_pages_are_full(make_offer):
    for n in range(45):
        make_offer(f"Skatrunde {n:02d}")

    result = offer_search(filters=SearchFilters(text="Skatrunde", open_now=True), now=MONDAY_11)

    assert result.capped
    assert result.page.paginator.count == 40
    assert len(result.page) == 20


def test_postcode_search_keeps_the_nearest_when_more_match_than_are_ranked(make_offer, monkeypatch):
    monkeypatch.setattr(search_index, "CANDIDATE_LIMIT", 1)
    make_offer("Fern", point=(51.70, 7.30))
    make_offer("Nah", point=(51.615, 7.195))

    found = names(SearchFilters(near=(51.614, 7.197), radius_km=25))

    assert found == ["Nah"]


def test_typo_in_the_ending_of_a_compound_is_corrected(make_offer):
    make_offer("Mittagstisch am Markt")
    make_offer("Malkurs")

    assert names(SearchFilters(text="Mittagstsich")) == ["Mittagstisch am Markt"]
    # A known stem followed by a long tail is another word, not a typo.
    assert names(SearchFilters(text="Malkursprogramm")) == []


def test_words_within_radius_keep_only_offers_in_the_circle(make_offer):
    make_offer("Seniorentreff Nah", point=(51.615, 7.195))
    make_offer("Seniorentreff Fern", point=(51.90, 7.60))
    make_offer("Gymnastik Nah", point=(51.615, 7.195))

    found = names(SearchFilters(text="Seniorentreff", near=(51.614, 7.197), radius_km=5))

    assert found == ["Seniorentreff Nah"]


def test_a_radius_search_pages_through_the_circle_when_better_matches_lie_in_the_corners(
    make_offer,
):
    # The corners of the box around the circle hold more, and better, matches than the circle:
    # the ranked matches are read until a page's worth lies in the circle.
    for number in range(110):
        make_offer(f"Treff Ecke {number}", "Treff, Treff, Treff.", point=(51.654, 7.262))
    for number in range(25):
        make_offer(f"Treff Nah {number:02}", point=(51.615, 7.195))
    circle = SearchFilters(text="Treff", near=(51.614, 7.197), radius_km=5)

    first = offer_search(filters=circle, now=MONDAY_11)
    second = offer_search(filters=circle, page=2, now=MONDAY_11)

    assert first.page.paginator.count == 25
    shown = [s.name for s in [*first.page, *second.page]]
    assert sorted(shown) == [f"Treff Nah {number:02}" for number in range(25)]


def test_words_sorted_by_distance_come_nearest_first(make_offer):
    make_offer("Seniorentreff Mitte", point=(51.64, 7.22))
    make_offer("Seniorentreff Nah", point=(51.615, 7.195))
    make_offer("Seniorentreff Fern", point=(51.90, 7.60))

    found = names(
        SearchFilters(text="Seniorentreff", near=(51.614, 7.197), radius_km=10, by_distance=True)
    )

    assert found == ["Seniorentreff Nah", "Seniorentreff Mitte"]


def test_open_now_near_a_place_keeps_only_open_offers_nearest_first(make_offer):
    make_offer("Treff Mitte", point=(51.64, 7.22))
    make_offer("Treff Nah", point=(51.615, 7.195))
    closed = make_offer("Treff geschlossen", point=(51.615, 7.196))
    Schedule.objects.filter(service=closed).update(opens_at=dt.time(14))
    search_index_service(service=closed)

    found = names(SearchFilters(near=(51.614, 7.197), radius_km=10, open_now=True))

    assert found == ["Treff Nah", "Treff Mitte"]


def test_distance_is_shown_for_each_offer_on_the_page(make_offer):
    offer = make_offer("Seniorentreff Nah", point=(51.615, 7.195))

    result = offer_search(
        filters=SearchFilters(text="Seniorentreff", near=(51.614, 7.197), radius_km=5),
        now=MONDAY_11,
    )

    assert 0 < result.distances_km[offer.id] < 0.5
