"""Events on the directory's public pages: "Diese Woche in <Quartier>" on the quarter's page and
"Veranstaltungen zu Ihrer Suche" on the search page (lotse/news/panels_events.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lotse.core.models import Area
from lotse.directory.models import Taxonomy, TaxonomyTerm
from lotse.news.models import EventException, PublicationStatus
from lotse.news.occurrences import occurrences_refresh
from lotse.news.panels_events import SEARCH_COUNT, WEEK_COUNT, events_matching, search_stems

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def soon():
    """Three days ahead, at 14:00 local time."""
    day = timezone.localdate() + 3 * DAY
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14)))


@pytest.fixture
def dated(make_event):
    """An event with its dates derived."""

    def make(**fields):
        event = make_event(**fields)
        occurrences_refresh(event)
        return event

    return make


def _detail_url(event) -> str | None:
    try:
        return reverse("events:detail", args=[event.id])
    except NoReverseMatch:  # the events part adds the page
        return None


def _other_quarter(quarter: Area) -> Area:
    return Area.objects.create(
        name="Heide",
        slug="heide",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region_id=quarter.region_id,
    )


# The quarter's page


def test_quarter_page_shows_this_weeks_dates_of_the_quarter_and_the_areas_above(
    client, dated, quarter, soon
):
    # Given dates in the next days for the quarter and its municipality, and others that do
    # not belong on the quarter's page this week
    treff = dated(title="Seniorentreff", starts_at=soon)
    dated(title="Stadtfest", area=quarter.parent, starts_at=soon + DAY)
    dated(title="Kartenrunde Heide", area=_other_quarter(quarter), starts_at=soon)
    dated(title="Entwurf", status=PublicationStatus.DRAFT, starts_at=soon)
    dated(title="Im Januar", starts_at=soon + 10 * DAY)

    # When a resident opens the quarter's page
    page = client.get(reverse("directory:quarter_home", args=[quarter.slug]))

    # Then "Diese Woche in Altstadt" lists the quarter's and the municipality's dates
    text = page.content.decode()
    assert page.status_code == 200
    assert "Diese Woche in Altstadt" in text
    assert "Seniorentreff" in text and "Stadtfest" in text
    for absent in ("Kartenrunde Heide", "Entwurf", "Im Januar"):
        assert absent not in text
    assert reverse("events:list") in text
    detail = _detail_url(treff)
    assert detail is None or detail in text


def test_quarter_page_shows_at_most_eight_dates_and_a_cancelled_one_with_its_reason(
    client, dated, quarter, soon
):
    # Twice a day (10 and 14 o'clock) from the day after tomorrow on: twelve dates this week
    daily = dated(
        title="Mittagstisch", starts_at=soon - 2 * DAY, rrule="FREQ=DAILY;BYHOUR=10,14;COUNT=30"
    )
    EventException.objects.create(
        event=daily,
        original_start=soon,
        kind=EventException.Kind.CANCELLED,
        reason="Die Küche wird renoviert.",
    )
    occurrences_refresh(daily)

    text = client.get(reverse("directory:quarter_home", args=[quarter.slug])).content.decode()

    assert text.count("Mittagstisch") == WEEK_COUNT
    assert "Fällt aus: Die Küche wird renoviert." in text
    assert "auch die weiteren dieser Woche" in text


def test_quarter_page_has_no_events_panel_without_dates(client, quarter, dated, soon):
    dated(title="Im Januar", starts_at=soon + 10 * DAY)

    text = client.get(reverse("directory:quarter_home", args=[quarter.slug])).content.decode()

    assert "Diese Woche in" not in text


# The search page


def test_search_shows_the_matching_events_of_the_next_weeks_above_the_offers(
    client, dated, soon, make_offer
):
    # Given an offer and events for gymnastics now, too late, and not published
    make_offer("Gymnastikgruppe Altstadt", "Gymnastik für alle.")
    event = dated(title="Gymnastik im Sitzen", starts_at=soon)
    dated(title="Gymnastik im Frühling", starts_at=soon + 40 * DAY)
    dated(title="Gymnastik (Entwurf)", status=PublicationStatus.DRAFT, starts_at=soon)
    dated(title="Seniorentreff", starts_at=soon)

    # When a resident searches for "Gymnastik"
    page = client.get(reverse("directory:search"), {"q": "Gymnastik"})

    # Then the event of the next weeks stands above the offers
    text = page.content.decode()
    assert page.status_code == 200
    assert "Veranstaltungen zu Ihrer Suche" in text
    assert text.index("Gymnastik im Sitzen") < text.index("Gymnastikgruppe Altstadt")
    for absent in ("Gymnastik im Frühling", "Gymnastik (Entwurf)", "Seniorentreff"):
        assert absent not in text
    detail = _detail_url(event)
    assert detail is None or detail in text


def test_search_results_by_htmx_carry_the_events_too(client, dated, soon, make_offer):
    make_offer("Gymnastikgruppe Altstadt", "Gymnastik für alle.")
    dated(title="Gymnastik im Sitzen", starts_at=soon)

    page = client.get(reverse("directory:search"), {"q": "Gymnastik"}, HTTP_HX_REQUEST="true")

    text = page.content.decode()
    assert '<section id="ergebnisse"' in text and "<html" not in text
    assert "Veranstaltungen zu Ihrer Suche" in text


def test_search_without_matching_events_shows_no_events_panel(client, dated, soon, make_offer):
    make_offer("Gymnastikgruppe Altstadt", "Gymnastik für alle.")
    dated(title="Seniorentreff", starts_at=soon)

    text = client.get(reverse("directory:search"), {"q": "Gymnastik"}).content.decode()

    assert "Veranstaltungen zu Ihrer Suche" not in text


def test_matching_finds_stems_in_title_description_and_topics_title_first(dated, soon):
    # Given events that hold "Bewegung" in their topic, their description or their title
    taxonomy = Taxonomy.objects.create(name="Themen")
    sport = TaxonomyTerm.objects.create(taxonomy=taxonomy, code="sport", name="Bewegung und Sport")
    by_topic = dated(title="Treffpunkt Park", starts_at=soon)
    by_topic.topics.add(sport)
    dated(title="Spaziergang", description="Wir gehen: Bewegung tut gut.", starts_at=soon)
    dated(title="Bewegungsstunde", starts_at=soon + 5 * DAY)
    dated(title="Skat", starts_at=soon)

    # When residents search with an inflected word
    found = events_matching(text="Bewegungen")

    # Then all three are found, the one with the word in its title first
    assert [item.event.title for item in found] == [
        "Bewegungsstunde",
        "Spaziergang",
        "Treffpunkt Park",
    ]


def test_matching_gives_at_most_three_events_each_with_its_next_date(dated, soon):
    for n in range(5):
        dated(title=f"Handy-Café {n}", starts_at=soon + n * DAY, rrule="FREQ=WEEKLY;COUNT=4")

    found = events_matching(text="handy")

    assert len(found) == SEARCH_COUNT
    assert [item.event.title for item in found] == ["Handy-Café 0", "Handy-Café 1", "Handy-Café 2"]
    assert found[0].occurrence.start == soon


def test_matching_in_a_quarter_leaves_out_other_quarters(dated, quarter, soon):
    dated(title="Gymnastik Altstadt", starts_at=soon)
    dated(title="Gymnastik Kreis", area=Area.objects.get(pk=quarter.region_id), starts_at=soon)
    dated(title="Gymnastik Heide", area=_other_quarter(quarter), starts_at=soon)

    found = events_matching(text="Gymnastik", area=quarter)

    assert {item.event.title for item in found} == {"Gymnastik Altstadt", "Gymnastik Kreis"}


def test_matching_reads_events_once_and_ignores_stop_words_and_short_words(dated, soon):
    dated(title="Gymnastik im Sitzen", starts_at=soon)

    with CaptureQueriesContext(connection) as queries:
        found = events_matching(text="ich suche Gymnastik am Di")

    # One query for the matching events, one for the dates of those with the word in the title
    assert len(queries) == 2
    assert [item.event.title for item in found] == ["Gymnastik im Sitzen"]
    assert search_stems("ich suche Gymnastik am Di") == ["gymnast"]
    assert events_matching(text="ich bin da") == []
    assert search_stems("eins zwei drei vier fünf sechs") == ["ein", "zwei", "drei", "vier"]
