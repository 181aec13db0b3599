"""Der Wochenplan: a large-print A4 PDF per quarter and week or month, read back with pypdf.

Set LOTSE_WEEKPLAN_PDF=/some/dir to keep the PDFs (then `pdftoppm -png -r 60` to look)."""

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lotse.core.models import Area, Organisation
from lotse.directory.models import Schedule
from lotse.news.models import Event, EventException, Occurrence
from lotse.news.occurrences import occurrences_refresh
from lotse.news.tests.conftest import BERLIN
from lotse.news.weekplan import (
    MAX_ENTRIES,
    PeriodError,
    month_period,
    period_parse,
    week_period,
)
from lotse.office.models import ConsultationHour, Office

pytestmark = pytest.mark.django_db

# Sunday before the week 2026-W50 (Monday 7 to Sunday 13 December 2026).
NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=BERLIN)
WEEK = "2026-W50"


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def quarter_office(quarter, region) -> Office:
    organisation = Organisation.objects.create(
        name="Quartiersbüro Altstadt", region=region, kind=Organisation.Kind.OFFICE
    )
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt-buero",
        street="Marktplatz 1",
        postcode="45657",
        city="Recklinghausen",
        phone="02361 987 65 43",
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    return office


def _pdf_text(response, name: str = "") -> tuple[str, int]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if name and os.environ.get("LOTSE_WEEKPLAN_PDF"):
        target = Path(os.environ["LOTSE_WEEKPLAN_PDF"])
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf may break a line anywhere; the checks read the words, not the layout.
    return " ".join(text.split()), len(reader.pages)


def _url(slug: str = "altstadt", **query: str) -> str:
    from urllib.parse import urlencode

    return f"/veranstaltungen/wochenplan/{slug}.pdf" + (f"?{urlencode(query)}" if query else "")


def test_week_plan_lists_days_times_titles_places_and_cancellations(
    client, clock, make_event, make_offer, quarter, quarter_office
):
    # Given a weekly Seniorentreff on Tuesdays whose date in this week is cancelled, a paid
    # Handy-Café on Thursday in a step-free place, and a regular offer held on Wednesdays
    treff = make_event(
        title="Seniorentreff",
        starts_at=dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        place_name="Nachbarschaftstreff",
        street="Kirchplatz 1",
    )
    EventException.objects.create(
        event=treff,
        original_start=dt.datetime(2026, 12, 8, 14, 0, tzinfo=BERLIN),
        kind=EventException.Kind.CANCELLED,
        reason="Die Leiterin ist krank",
    )
    occurrences_refresh(treff, now=NOW)
    cafe = make_event(
        title="Handy-Café",
        starts_at=dt.datetime(2026, 12, 10, 10, 0, tzinfo=BERLIN),
        place_name="Stadtbücherei",
        street="Am Markt 3",
        is_free=False,
        cost="2 Euro für Kaffee",
        step_free=True,
        registration_required=True,
        contact_phone="02361 55 44 33",
    )
    occurrences_refresh(cafe, now=NOW)
    games = make_offer("Spielenachmittag")
    games.schedules.all().delete()
    Schedule.objects.create(service=games, byday="WE", opens_at=dt.time(15), closes_at=dt.time(17))

    # When the week's plan is asked for
    text, pages = _pdf_text(client.get(_url(woche=WEEK)), "woche")

    # Then it has the title, every day as a heading, and each entry in words
    assert "Was ist los in Altstadt?" in text
    assert "Woche vom 7. bis 13. Dezember 2026" in text
    for day in ["Montag, 7. Dezember", "Dienstag, 8. Dezember", "Sonntag, 13. Dezember"]:
        assert day in text
    assert "14:00 bis 16:00 Uhr" in text
    assert "Fällt aus: Die Leiterin ist krank" in text
    assert "Seniorentreff" in text and "Nachbarschaftstreff, Kirchplatz 1" in text
    assert "10:00 bis 12:00 Uhr" in text and "Handy-Café" in text
    assert "Kosten: 2 Euro für Kaffee" in text and "Stufenlos erreichbar" in text
    assert "Anmeldung nötig: Telefon 02361 55 44 33" in text
    # And the regular offer on its day, the office's phone and hours, and page numbers
    assert "Regelmäßige Angebote an diesem Tag" in text
    assert "15:00 bis 17:00 Uhr: Spielenachmittag" in text
    assert "Telefon: 02361 987 65 43" in text
    assert "Montag bis Freitag: 9 Uhr bis 12 Uhr" in text
    assert f"Seite 1 von {pages}" in text


def test_week_plan_says_the_open_hours_offer_is_no_regular_event(
    client, clock, make_offer, quarter, quarter_office
):
    # Given an advice offer open all day (9 to 16 Uhr, the factory's hours)
    make_offer("Pflegeberatung")

    # When the week's plan is printed
    text, _pages = _pdf_text(client.get(_url(woche=WEEK)))

    # Then opening hours are not listed as something held that day
    assert "Pflegeberatung" not in text


def test_a_week_without_events_says_so_in_plain_words(client, clock, quarter, quarter_office):
    text, pages = _pdf_text(client.get(_url(woche=WEEK)), "leer")

    assert "In dieser Woche sind keine Veranstaltungen eingetragen." in text
    assert "Keine Veranstaltungen an diesem Tag." in text
    assert pages <= 2


def test_a_month_lists_the_days_that_have_events(client, clock, make_event, make_offer, quarter):
    # Given a monthly Sonntagscafé (first Sunday), a weekly Gymnastik in December and a regular
    # offer on Wednesday afternoons
    sunday = make_event(
        title="Sonntagscafé",
        starts_at=dt.datetime(2026, 12, 6, 15, 0, tzinfo=BERLIN),
        rrule="FREQ=MONTHLY;BYDAY=1SU",
    )
    gym = make_event(
        title="Gymnastik",
        starts_at=dt.datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;BYDAY=WE",
    )
    for event in (sunday, gym):
        occurrences_refresh(event, now=NOW)
    games = make_offer("Spielenachmittag")
    games.schedules.all().delete()
    Schedule.objects.create(service=games, byday="WE", opens_at=dt.time(15), closes_at=dt.time(17))

    # When the month's plan is asked for
    text, _pages = _pdf_text(client.get(_url(monat="2026-12")), "monat")

    # Then it names the month and the days with their events; Christmas Day's Gymnastik is
    # not on a Wednesday, so every Wednesday is there
    assert "Dezember 2026" in text
    assert "Sonntag, 6. Dezember" in text and "Sonntagscafé" in text
    for day in [2, 9, 16, 23, 30]:
        assert f"Mittwoch, {day}. Dezember" in text
    assert "Montag, 7. Dezember" not in text
    # And the regular offers once, with their weekly hours, not under every Wednesday
    assert "Regelmäßige Angebote Spielenachmittag" in text
    assert "Mittwoch: 15 Uhr bis 17 Uhr" in text
    assert text.count("Spielenachmittag") == 1


@pytest.mark.parametrize(
    "query",
    [
        {"woche": "2026-W60"},
        {"woche": "2027-W53"},
        {"woche": "nächste"},
        {"monat": "2026-13"},
        {"monat": "Dezember"},
        {"monat": "1999-12"},
        {"woche": "9999-W01"},
    ],
)
def test_a_bad_week_or_month_answers_a_german_page_not_an_error(client, clock, quarter, query):
    response = client.get(_url(**query))

    assert response.status_code == 400
    assert "Diesen Wochenplan gibt es nicht" in response.content.decode()


def test_a_nul_character_is_refused_before_the_plan(client, clock, quarter):
    response = client.get(_url(woche="2026-W50\x00"))

    assert response.status_code == 400
    assert "Eingabe" in response.content.decode()


def test_an_unknown_quarter_answers_404(client, clock, quarter):
    assert client.get(_url("gibt-es-nicht", woche=WEEK)).status_code == 404


def test_a_quarter_with_300_events_in_a_week_prints_a_bounded_plan_in_bounded_time(
    client, clock, provider_org, quarter
):
    # Given 300 one-off events in one week
    events = []
    for n in range(300):
        start = dt.datetime(2026, 12, 7 + n % 7, 8 + n % 12, (n * 7) % 60, tzinfo=BERLIN)
        events.append(
            Event(
                organisation=provider_org,
                region_id=provider_org.region_id,
                area=quarter,
                title=f"Veranstaltung {n}",
                description="Etwas los.",
                street="Kirchplatz 1",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                status="published",
            )
        )
    Event.objects.bulk_create(events)
    Occurrence.objects.bulk_create(
        Occurrence(
            event=event,
            region_id=event.region_id,
            area=quarter,
            is_public=True,
            original_start=event.starts_at,
            start=event.starts_at,
            end=event.ends_at,
        )
        for event in events
    )

    # When the week's plan is printed
    began = time.monotonic()
    text, pages = _pdf_text(client.get(_url(woche=WEEK)), "voll")
    seconds = time.monotonic() - began

    # Then it prints at most MAX_ENTRIES dates, says how many are left out, and stays quick
    assert f"{300 - MAX_ENTRIES['week']} weitere Termine stehen nur im Internet" in text
    assert pages < 40
    assert seconds < 30, f"{seconds:.1f} s"


def test_period_parse_reads_iso_weeks_and_months():
    today = dt.date(2026, 12, 6)

    assert period_parse(woche="2026-W50", monat=None, today=today) == week_period(
        dt.date(2026, 12, 7)
    )
    assert period_parse(woche="2026-w1", monat=None, today=today).first == dt.date(2025, 12, 29)
    assert period_parse(woche=None, monat="2027-02", today=today) == month_period(2027, 2)
    assert month_period(2027, 2).last == dt.date(2027, 2, 28)
    assert period_parse(woche=None, monat=None, today=today).first == dt.date(2026, 11, 30)
    with pytest.raises(PeriodError):
        period_parse(woche="2026-W00", monat=None, today=today)


def test_period_labels_name_the_days_and_the_month():
    assert week_period(dt.date(2026, 12, 9)).label == "Woche vom 7. bis 13. Dezember 2026"
    assert (
        week_period(dt.date(2026, 12, 30)).label == "Woche vom 28. Dezember 2026 bis 3. Januar 2027"
    )
    assert week_period(dt.date(2027, 2, 1)).label == "Woche vom 1. bis 7. Februar 2027"
    assert week_period(dt.date(2027, 3, 1)).label == "Woche vom 1. bis 7. März 2027"
    assert week_period(dt.date(2027, 3, 29)).label == "Woche vom 29. März bis 4. April 2027"
    assert month_period(2026, 12).label == "Dezember 2026"


def test_the_plan_of_a_municipality_is_not_printed(client, clock, quarter):
    # A Wochenplan is per quarter: the municipality's slug names no plan.
    municipality = Area.objects.get(pk=quarter.parent_id)

    assert client.get(_url(municipality.slug, woche=WEEK)).status_code == 404


def test_the_choice_page_links_this_and_next_week_and_month(client, clock, quarter, quarter_office):
    page = client.get("/veranstaltungen/wochenplan/?quartier=altstadt").content.decode()

    # Sunday, 6 December 2026: this week began on Monday, 30 November
    assert "/veranstaltungen/wochenplan/altstadt.pdf?woche=2026-W49" in page
    assert "/veranstaltungen/wochenplan/altstadt.pdf?woche=2026-W50" in page
    assert "/veranstaltungen/wochenplan/altstadt.pdf?monat=2026-12" in page
    assert "/veranstaltungen/wochenplan/altstadt.pdf?monat=2027-01" in page
    assert "Telefon: 02361 987 65 43" in page
