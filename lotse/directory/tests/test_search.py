import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest

from lotse.directory.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, distance_km
from lotse.directory.models import Closure, Schedule
from lotse.directory.search import cells
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


def test_open_now_follows_closures_and_the_rules_validity(make_offer):
    make_offer("Treff offen")
    closed = make_offer("Treff heute geschlossen")
    Closure.objects.create(
        service=closed, starts_on=dt.date(2026, 11, 20), ends_on=MONDAY_11.date()
    )
    around = make_offer("Treff mit Schließungen davor und danach")
    for starts_on, ends_on in (
        (dt.date(2026, 11, 1), dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 24), dt.date(2026, 11, 30)),
    ):
        Closure.objects.create(service=around, starts_on=starts_on, ends_on=ends_on)
    ended = make_offer("Treff nur bis Oktober")
    Schedule.objects.filter(service=ended).update(valid_to=dt.date(2026, 10, 31))
    monthly = make_offer("Treff am vierten Montag")
    Schedule.objects.filter(service=monthly).update(freq=Schedule.Freq.MONTHLY, byday="4MO")
    third = make_offer("Treff am dritten Montag")
    Schedule.objects.filter(service=third).update(freq=Schedule.Freq.MONTHLY, byday="3MO")
    for offer in (ended, monthly, third):
        search_index_service(service=offer)

    found = names(SearchFilters(text="Treff", open_now=True))

    assert sorted(found) == [
        "Treff am vierten Montag",
        "Treff mit Schließungen davor und danach",
        "Treff offen",
    ]


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


def test_words_within_radius_find_the_offers_by_their_great_circle_distance(make_offer):
    # Points 30 m either side of the circle's rim to the north, south, east and west, on the
    # corners of the box around it, and where the rim crosses the border of a grid cell of the
    # tantivy copy (search/cells.py), 30 m inside and outside along the border.
    centre, radius_km = (51.614, 7.197), 5.0
    degree_lon = KM_PER_DEGREE * math.cos(math.radians(centre[0]))
    points = {}
    for km, where in ((radius_km - 0.03, "innen"), (radius_km + 0.03, "außen")):
        points[f"Nord {where}"] = (centre[0] + km / KM_PER_DEGREE, centre[1])
        points[f"Süd {where}"] = (centre[0] - km / KM_PER_DEGREE, centre[1])
        points[f"Ost {where}"] = (centre[0], centre[1] + km / degree_lon)
        points[f"West {where}"] = (centre[0], centre[1] - km / degree_lon)
    box = search_index.bounding_box(centre, radius_km)
    points["Ecke Nordost"] = (box.north, box.east)
    points["Ecke Südwest"] = (box.south, box.west)
    size = cells.CELL_SIZES[0]
    border_units = (cells.units(box.north, 0)[0] // size - 1) * size
    border = border_units / cells.SCALE - 90
    share = (
        math.sin(radius_km / (2 * EARTH_RADIUS_KM)) ** 2
        - math.sin(math.radians(border - centre[0]) / 2) ** 2
    ) / (math.cos(math.radians(centre[0])) * math.cos(math.radians(border)))
    crossing = centre[1] + math.degrees(2 * math.asin(math.sqrt(share)))
    points["Zellgrenze innen"] = (border, crossing - 0.03 / degree_lon)
    points["Zellgrenze außen"] = (border, crossing + 0.03 / degree_lon)
    for label, point in points.items():
        make_offer(f"Treff {label}", point=point)
    within = sorted(
        f"Treff {label}"
        for label, point in points.items()
        if distance_km(centre, point) <= radius_km
    )

    found = names(SearchFilters(text="Treff", near=centre, radius_km=radius_km))

    assert cells.units(*points["Zellgrenze innen"])[0] == border_units
    assert within == sorted(
        f"Treff {direction} innen" for direction in ("Nord", "Süd", "Ost", "West", "Zellgrenze")
    )
    assert sorted(found) == within


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
