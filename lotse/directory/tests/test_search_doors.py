"""One search behind every door: the search page, the desk's offer search (offer_search) and
the HSDS API's `search` find the same offers, with typos, word forms, compounds, the first
part of a compound and plain questions; any page number answers."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotse.directory.hsds.params import MAX_PAGE, MAX_PER_PAGE
from lotse.directory.search import index as search_index
from lotse.directory.selectors import (
    SearchFilters,
    ShownCorrection,
    max_page,
    offer_ids_matching,
    offer_search,
    page_number,
)

MONDAY_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(autouse=True, params=["database", "tantivy"])
def search_backend(request):
    """Every test runs on the database's index and on the tantivy copy."""
    if request.param == "tantivy":
        request.getfixturevalue("search_cache_on")
    return request.param


@pytest.fixture
def offers(make_offer):
    make_offer("Apotheke am Markt", "Medikamente und Beratung.")
    make_offer("Tagespflege Sonnenhof", "Betreuung am Tag für pflegebedürftige Menschen.")
    make_offer("Hospiz Lindenhof", "Begleitung am Lebensende.")
    make_offer("Palliativversorgung zu Hause", "Ärztliche Versorgung am Lebensende.")
    make_offer("Demenzcafé", "Treffen für Menschen mit Gedächtnisproblemen.")
    make_offer("Demenzberatung", "Beratung für Angehörige.")
    make_offer("Handykurs", "Wir erklären Smartphone und Tablet.")
    make_offer("Besuchsdienst", "Gegen Einsamkeit: Ehrenamtliche besuchen Sie.")
    make_offer("Pflegeberatung", "Beratung zum Pflegegrad und zur Pflegeversicherung.")
    make_offer("Einkaufsbegleitung", "Hilfe beim Einkaufen für Menschen, die schlecht gehen.")
    make_offer("Gymnastik", "Bewegung am Morgen.")


def page_names(text: str) -> list[str]:
    return [s.name for s in offer_search(filters=SearchFilters(text=text), now=MONDAY_11).page]


def api_names(client, text: str) -> list[str]:
    response = client.get("/api/hsds/services", {"search": text, "per_page": 100})
    assert response.status_code == 200
    return [row["name"] for row in response.json()["contents"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apoteke", "Apotheke am Markt"),
        ("Tagespfelge", "Tagespflege Sonnenhof"),
        ("Hospitz", "Hospiz Lindenhof"),
        ("Palliativ", "Palliativversorgung zu Hause"),
        ("Pflegebratung", "Pflegeberatung"),
        ("Apotheken", "Apotheke am Markt"),
    ],
)
def test_page_and_api_find_the_same_offer(client, offers, text, expected):
    on_page = page_names(text)

    assert on_page[0] == expected
    assert api_names(client, text) == on_page


def test_first_part_of_a_compound_finds_the_compounds(client, offers):
    assert sorted(page_names("Demenz")) == ["Demenzberatung", "Demenzcafé"]
    assert sorted(api_names(client, "Demenz")) == ["Demenzberatung", "Demenzcafé"]
    assert page_names("Palliativ") == ["Palliativversorgung zu Hause"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Hilfe mit dem Handy", "Handykurs"),
        ("Smartphone Hilfe", "Handykurs"),
        ("Pflegegrad beantragen", "Pflegeberatung"),
        ("Ich bin einsam", "Besuchsdienst"),
        (
            "Ich brauche Hilfe beim Einkaufen, weil ich nicht mehr gut laufen kann und die "
            "Taschen zu schwer sind",
            "Einkaufsbegleitung",
        ),
    ],
)
def test_a_plain_question_finds_offers_while_some_of_its_words_match(client, offers, text, first):
    found = page_names(text)

    assert found[0] == first
    assert api_names(client, text)[0] == first


def test_offers_holding_more_of_the_words_come_first(make_offer):
    make_offer("Gartenarbeit", "Wir helfen im Garten.")
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.")
    make_offer("Kochkurs", "Ein Kurs zum Kochen.")

    result = offer_search(filters=SearchFilters(text="Smartphone Kurs Garten"), now=MONDAY_11)

    assert result.partial
    assert [s.name for s in result.page][0] == "Smartphone-Kurs"
    assert {s.name for s in result.page} == {"Gartenarbeit", "Smartphone-Kurs", "Kochkurs"}
    assert result.used == ["smartphone", "kurs", "garten"]


def test_offers_holding_every_word_come_before_those_holding_some(make_offer):
    make_offer("Kochkurs", "Ein Kurs zum Kochen.")
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.")
    make_offer("Gymnastik", "Bewegung am Morgen.")

    result = offer_search(filters=SearchFilters(text="Smartphone Kurs"), now=MONDAY_11)

    assert result.partial
    assert result.complete == 1
    assert [s.name for s in result.page] == ["Smartphone-Kurs", "Kochkurs"]


def test_a_page_of_offers_holding_every_word_shows_only_those(make_offer):
    for n in range(20):
        make_offer(f"Smartphone-Kurs {n:02d}", "Ein Kurs für das Smartphone.")
    make_offer("Kochkurs", "Ein Kurs zum Kochen.")

    result = offer_search(filters=SearchFilters(text="Smartphone Kurs"), page=2, now=MONDAY_11)

    assert not result.partial
    assert result.page.paginator.count == 20


def test_a_corrected_typo_is_shown_with_the_word_searched_for(offers):
    result = offer_search(filters=SearchFilters(text="Pflegebratung"), now=MONDAY_11)

    assert result.corrections == [ShownCorrection(typed="pflegebratung", shown="Pflegeberatung")]


def test_the_desk_searches_with_the_page_search(db):
    # The desk's inquiry page calls offer_search, as the search page does.
    from lotse.desk.views import inquiries as desk_views

    assert desk_views.offer_search is offer_search


def test_any_page_number_is_read_as_a_page(db):
    assert page_number("99999999999999999999") == max_page()
    assert page_number("9" * 5000) == 1
    assert page_number("abc") == 1
    assert page_number("-3") == 1
    assert page_number(None) == 1
    assert page_number("2") == 2


def test_a_huge_page_shows_the_last_page(make_offer):
    for n in range(25):
        make_offer(f"Skatrunde {n:02d}")

    result = offer_search(filters=SearchFilters(text="Skatrunde"), page=10**20, now=MONDAY_11)

    assert result.page.number == 2
    assert len(result.page) == 5


@pytest.mark.parametrize("seite", ["99999999999999999999", "9" * 5000, "abc", "-1", "0"])
def test_search_page_answers_any_page_number(client, offers, seite):
    response = client.get("/suche/", {"q": "Beratung", "seite": seite})

    assert response.status_code == 200
    assert "Pflegeberatung" in response.content.decode()


@pytest.mark.parametrize("seite", ["abc", "1.5", "9" * 5000])
def test_hsds_api_refuses_a_page_that_is_no_number_in_german(client, offers, seite):
    response = client.get("/api/hsds/services", {"search": "Beratung", "page": seite})

    assert response.status_code == 400
    assert "page" in response.content.decode()


def test_hsds_api_answers_a_huge_page_as_its_largest_page_number(client, offers):
    # The official HSDS document allows any integer: beyond MAX_PAGE it counts as MAX_PAGE,
    # an empty page past the end, answered as fast as any other
    response = client.get("/api/hsds/services", {"search": "Beratung", "page": "9" * 20})

    assert response.status_code == 200
    body = response.json()
    assert body["page_number"] == MAX_PAGE
    assert body["contents"] == []
    assert body["total_items"] > 0


def test_hsds_api_answers_a_huge_per_page_with_the_largest_page(client, offers):
    response = client.get("/api/hsds/services", {"per_page": "9" * 30})

    assert response.status_code == 200
    body = response.json()
    assert 0 < body["size"] <= MAX_PER_PAGE
    assert body["page_number"] == 1


def test_search_page_says_which_typo_it_corrected(client, offers):
    response = client.get("/suche/", {"q": "Pflegebratung"})

    assert "Ergebnisse für <strong>Pflegeberatung</strong>" in response.content.decode()
    assert "(Sie haben „Pflegebratung“ geschrieben)" in response.content.decode()


def test_search_page_says_when_the_text_was_shortened(client, offers):
    response = client.get("/suche/", {"q": "Pflegeberatung " + "x" * 5000})

    page = response.content.decode()
    assert "Ihre Suche war sehr lang. Wir haben nur den Anfang verwendet." in page
    assert "Pflegeberatung" in page


def test_search_page_says_which_words_it_used_when_none_holds_all(client, offers):
    response = client.get("/suche/", {"q": "Hilfe mit dem Handy"})

    page = response.content.decode()
    assert "Kein Angebot passt zu allen Wörtern." in page
    assert "Gesucht nach: Hilfe, Handy" in page
    assert "Handykurs" in page


def test_api_ids_are_those_of_the_page(offers, monkeypatch):
    monkeypatch.setattr(search_index, "CANDIDATE_LIMIT", 50)

    ids = offer_ids_matching(text="Beratung")
    page = offer_search(filters=SearchFilters(text="Beratung"), now=MONDAY_11).page

    assert ids == [s.id for s in page]
    assert offer_ids_matching(text="der die das") is None
    assert offer_ids_matching(text="Xylofonbau") == []


def test_search_page_names_a_corrected_word_as_searched_for(client, offers):
    response = client.get("/suche/", {"q": "Pflegebratung Handy"})

    page = response.content.decode()
    assert "Gesucht nach: Pflegeberatung, Handy" in page


def test_hsds_api_pages_of_words_only_are_the_page_search_in_pages(client, offers):
    first = client.get("/api/hsds/services", {"search": "Beratung", "per_page": 1}).json()
    second = client.get(
        "/api/hsds/services", {"search": "Beratung", "per_page": 1, "page": 2}
    ).json()
    beyond = client.get(
        "/api/hsds/services", {"search": "Beratung", "per_page": 100, "page": 1_000_000}
    )

    names = page_names("Beratung")
    assert [r["name"] for r in first["contents"] + second["contents"]] == names[:2]
    assert first["total_items"] == len(names)
    assert beyond.status_code == 200
    assert beyond.json()["contents"] == []


def test_offers_holding_more_of_the_words_come_first_within_a_radius(make_offer):
    make_offer("Gartenarbeit", "Wir helfen im Garten.", point=(51.615, 7.195))
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.", point=(51.616, 7.196))
    make_offer("Smartphone-Kurs fern", "Ein Kurs für das Smartphone.", point=(51.90, 7.60))
    near = (51.614, 7.197)

    ranked = offer_search(
        filters=SearchFilters(text="Smartphone Kurs Garten", near=near, radius_km=5),
        now=MONDAY_11,
    )
    nearest = offer_search(
        filters=SearchFilters(text="Smartphone Kurs Garten", near=near, by_distance=True),
        now=MONDAY_11,
    )

    assert ranked.partial
    assert [s.name for s in ranked.page] == ["Smartphone-Kurs", "Gartenarbeit"]
    assert [s.name for s in nearest.page] == [
        "Gartenarbeit",
        "Smartphone-Kurs",
        "Smartphone-Kurs fern",
    ]


def test_partial_matches_keep_the_filters(make_offer, topic):
    make_offer("Gartenarbeit", "Wir helfen im Garten.", terms=[topic])
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.")

    result = offer_search(
        filters=SearchFilters(text="Smartphone Garten", topic=topic.code), now=MONDAY_11
    )

    assert result.partial
    assert [s.name for s in result.page] == ["Gartenarbeit"]


def test_a_word_search_reads_the_index_once(offers, search_backend):
    # The tantivy copy takes up the new offers at its first search.
    offer_search(filters=SearchFilters(text="Pflege"), now=MONDAY_11)

    with CaptureQueriesContext(connection) as queries:
        offer_search(filters=SearchFilters(text="Beratung"), now=MONDAY_11)

    index_reads = [q for q in queries.captured_queries if "directory_searchentry" in q["sql"]]
    assert len(index_reads) == (1 if search_backend == "database" else 0)


def test_search_page_says_how_many_offers_hold_every_word(client, make_offer):
    make_offer("Kochkurs", "Ein Kurs zum Kochen.")
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.")

    page = client.get("/suche/", {"q": "Smartphone Kurs"}).content.decode()

    assert "1 Angebot passt zu allen Wörtern. Danach kommen Angebote" in page
    assert page.index("Smartphone-Kurs") < page.index("Kochkurs")


def test_offers_holding_some_words_follow_only_when_every_match_was_ranked(
    make_offer, monkeypatch, search_backend
):
    monkeypatch.setattr(search_index, "CANDIDATE_LIMIT", 2)
    for name in ["Kochkurs", "Malkurs", "Tanzkurs"]:
        make_offer(name, "Ein Kurs.")
    make_offer("Smartphone-Kurs", "Ein Kurs für das Smartphone.")

    result = offer_search(filters=SearchFilters(text="Smartphone Kurs"), now=MONDAY_11)

    # The database ranks only the first matches its index yields: the offer holding every word
    # might not be among them, so it is shown alone. The tantivy copy ranks every match.
    assert result.partial == (search_backend == "tantivy")
    assert [s.name for s in result.page][0] == "Smartphone-Kurs"
