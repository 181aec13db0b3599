"""The calendar feeds, read back with maintained parsers: icalendar parses them and
recurring-ical-events expands them; the dates must be exactly those of `public_occurrences`
(recurrence, holidays, cancelled and moved dates, the change to summer time)."""

import datetime as dt
from typing import Any

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from django.utils import timezone

from lotse.core.models import Area
from lotse.core.tests.factories import OrganisationFactory, QuarterFactory
from lotse.news.models import EventException, Occurrence, PublicationStatus
from lotse.news.occurrences import occurrences_refresh
from lotse.news.selectors_events import public_occurrences
from lotse.news.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
SINCE = dt.datetime(2026, 11, 30, 0, 0, tzinfo=BERLIN)
UNTIL = dt.datetime(2027, 5, 3, 0, 0, tzinfo=BERLIN)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def programme(clock, make_event, quarter):
    """A quarter's programme from December to April, with everything a feed must carry."""
    treff = make_event(
        title="Seniorentreff",
        starts_at=dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN),
        # Across the change to summer time on 28 March 2027.
        rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270413T235959",
    )
    EventException.objects.create(
        event=treff,
        original_start=dt.datetime(2026, 12, 15, 14, 0, tzinfo=BERLIN),
        kind=EventException.Kind.CANCELLED,
        reason="Die Leiterin ist krank",
    )
    EventException.objects.create(
        event=treff,
        original_start=dt.datetime(2026, 12, 22, 14, 0, tzinfo=BERLIN),
        kind=EventException.Kind.MOVED,
        new_start=dt.datetime(2026, 12, 23, 10, 0, tzinfo=BERLIN),
        new_end=dt.datetime(2026, 12, 23, 12, 30, tzinfo=BERLIN),
        reason="Weihnachtsfeier am Mittwoch",
    )
    # Fridays over Christmas and New Year: both are public holidays, skipped.
    gym = make_event(
        title="Gymnastik",
        starts_at=dt.datetime(2026, 12, 18, 10, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;COUNT=5",
    )
    # "Jeden ersten Mittwoch im Monat", without an end; UNTIL as a date.
    cafe = make_event(
        title="Sonntagscafé am Mittwoch",
        starts_at=dt.datetime(2027, 1, 6, 15, 0, tzinfo=BERLIN),
        rrule="FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270407",
    )
    # A one-off on the day the clocks change.
    walk = make_event(
        title="Frühlingsspaziergang",
        starts_at=dt.datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN),
    )
    # A one-off moved to another day.
    concert = make_event(
        title="Konzert",
        starts_at=dt.datetime(2027, 2, 10, 18, 0, tzinfo=BERLIN),
    )
    EventException.objects.create(
        event=concert,
        original_start=concert.starts_at,
        kind=EventException.Kind.MOVED,
        new_start=dt.datetime(2027, 2, 11, 19, 0, tzinfo=BERLIN),
        reason="Der Saal ist belegt",
    )
    # Called off as a whole.
    lecture = make_event(
        title="Vortrag",
        starts_at=dt.datetime(2027, 1, 20, 17, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;COUNT=2",
        cancelled_reason="Der Referent ist verhindert",
    )
    # The municipality's event shows in the quarter's feed too.
    town = make_event(
        title="Stadtfest-Vorbereitung",
        area=Area.objects.get(pk=quarter.parent_id),
        starts_at=dt.datetime(2027, 1, 12, 18, 0, tzinfo=BERLIN),
    )
    # Not in the quarter's feed: a draft, and another quarter's event.
    draft = make_event(title="Entwurf", status=PublicationStatus.DRAFT)
    other_quarter = QuarterFactory.create(name="Neustadt", slug="neustadt", parent=quarter.parent)
    elsewhere = make_event(title="Woanders", area=other_quarter)
    events = [treff, gym, cafe, walk, concert, lecture, town, draft, elsewhere]
    for event in events:
        occurrences_refresh(event, now=NOW)
    return {event.title: event for event in events}


def _feed(client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _expanded(calendar: Any) -> list:
    return recurring_ical_events.of(calendar).between(SINCE, UNTIL)


def _key(uid: str, start: dt.datetime, end: dt.datetime) -> tuple[str, dt.datetime, dt.datetime]:
    return uid, start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def test_the_quarter_feed_gives_exactly_the_dates_of_the_week_pages(client, programme, quarter):
    # When a calendar app reads the quarter's feed and expands it
    calendar = _feed(client, "/veranstaltungen/kalender/altstadt.ics")
    found = _expanded(calendar)

    # Then the dates that take place are exactly those the site lists as taking place
    expected = {
        _key(f"{occ.event_id}@localhost", occ.start, occ.end)
        for occ in public_occurrences(
            region_id=quarter.region_id, area=quarter, since=SINCE, until=UNTIL
        )
        if occ.status == Occurrence.Status.SCHEDULED
    }
    taking_place = {
        _key(str(vevent["UID"]), vevent.start, vevent.end)
        for vevent in found
        if vevent.get("STATUS") != "CANCELLED"
    }
    assert taking_place == expected
    assert len(expected) > 20
    # And the dates called off as a whole are there only as cancelled
    cancelled = {vevent.start for vevent in found if vevent.get("STATUS") == "CANCELLED"}
    assert cancelled == {
        dt.datetime(2027, 1, 20, 17, 0, tzinfo=BERLIN),
        dt.datetime(2027, 1, 27, 17, 0, tzinfo=BERLIN),
    }


def test_recurrence_keeps_local_time_across_summer_time_and_skips_holidays(client, programme):
    found = _expanded(_feed(client, "/veranstaltungen/kalender/altstadt.ics"))

    treff = sorted(
        vevent.start
        for vevent in found
        if str(vevent["SUMMARY"]) == "Seniorentreff"
        and not str(vevent["DESCRIPTION"]).startswith("Verlegt")
    )
    # Every Tuesday at 14:00 in Berlin, in winter (UTC+1) and in summer (UTC+2)
    local = {(start.astimezone(BERLIN).weekday(), start.astimezone(BERLIN).hour) for start in treff}
    assert local == {(1, 14)}
    assert treff[-1].astimezone(BERLIN) == dt.datetime(2027, 4, 13, 14, 0, tzinfo=BERLIN)
    assert treff[-1].utcoffset() == dt.timedelta(hours=2)
    # The cancelled date is gone, the moved one is on Wednesday morning with its reason
    days = {start.astimezone(BERLIN).date() for start in treff}
    assert dt.date(2026, 12, 15) not in days and dt.date(2026, 12, 22) not in days
    moved = [v for v in found if v.start == dt.datetime(2026, 12, 23, 10, 0, tzinfo=BERLIN)]
    assert len(moved) == 1 and "Weihnachtsfeier am Mittwoch" in str(moved[0]["DESCRIPTION"])
    # Christmas Day and New Year's Day (Fridays) are skipped; COUNT=5 still counts them
    gym = sorted(v.start.date() for v in found if str(v["SUMMARY"]) == "Gymnastik")
    assert gym == [dt.date(2026, 12, 18), dt.date(2027, 1, 8), dt.date(2027, 1, 15)]
    # The first Wednesdays up to UNTIL=20270407: a date as UNTIL means its midnight, as the
    # site reads it, so 7 April 15:00 is not a date
    cafe = sorted(v.start.date() for v in found if "Sonntagscafé" in str(v["SUMMARY"]))
    assert cafe == [dt.date(2027, 1, 6), dt.date(2027, 2, 3), dt.date(2027, 3, 3)]


def test_the_feed_carries_rule_exceptions_and_time_zone_as_such(client, programme):
    calendar = _feed(client, "/veranstaltungen/kalender/altstadt.ics")

    # One VTIMEZONE for Europe/Berlin, and the name of the calendar
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(calendar["X-WR-CALNAME"]) == "Veranstaltungen in Altstadt"
    # The series carries its rule and its holidays and cancelled dates as EXDATEs
    treff = programme["Seniorentreff"]
    uid = f"{treff.id}@localhost"
    vevents = [c for c in calendar.walk("VEVENT") if str(c["UID"]) == uid]
    master = next(c for c in vevents if "RECURRENCE-ID" not in c)
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["UNTIL"][0].tzinfo is not None
    assert master["DTSTART"].params["TZID"] == "Europe/Berlin"
    excluded = set(master.exdates)
    assert dt.datetime(2026, 12, 15, 14, 0, tzinfo=BERLIN) in excluded
    assert "SEQUENCE" in master and "LAST-MODIFIED" in master and "DTSTAMP" in master
    assert str(master["URL"]).startswith("http://localhost:8000/veranstaltungen/")
    # The moved date is a VEVENT of its own with the same UID
    overrides = [c for c in vevents if "RECURRENCE-ID" in c]
    assert [c["RECURRENCE-ID"].dt for c in overrides] == [
        dt.datetime(2026, 12, 22, 14, 0, tzinfo=BERLIN)
    ]
    # The event called off as a whole says so
    lecture = next(c for c in calendar.walk("VEVENT") if "Vortrag" in str(c["SUMMARY"]))
    assert str(lecture["STATUS"]) == "CANCELLED"
    assert "Der Referent ist verhindert" in str(lecture["DESCRIPTION"])
    # Neither the draft nor another quarter's event is in it
    titles = {str(c["SUMMARY"]) for c in calendar.walk("VEVENT")}
    assert "Entwurf" not in titles and "Woanders" not in titles
    assert "Stadtfest-Vorbereitung" in titles


def test_special_characters_survive_escaping_and_folding(client, clock, make_event):
    # Given an event whose texts have commas, semicolons, line breaks, umlauts and long lines
    title = "Kaffee, Kuchen; und „Gespräche“ über Äpfel, Öfen & Übermut"
    description = (
        "Erste Zeile; mit Semikolon, Komma und Backslash \\.\n"
        "Zweite Zeile: " + "Straßenfest mit Grüßen " * 8
    )
    event = make_event(
        title=title,
        description=description,
        place_name="Café „Zur Mühle“, Saal 2",
        street="Große Straße 12; Hinterhaus",
    )
    occurrences_refresh(event, now=NOW)

    # When its own calendar file is read
    response = client.get(f"/veranstaltungen/{event.id}/kalender.ics")
    body = response.content

    # Then every line is folded to at most 75 octets, ends in CRLF, and the texts come back whole
    assert response["Content-Disposition"] == 'attachment; filename="veranstaltung.ics"'
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")
    vevent: Any = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]).startswith(description.strip())
    assert str(vevent["LOCATION"]) == (
        "Café „Zur Mühle“, Saal 2, Große Straße 12; Hinterhaus, 45657 Recklinghausen"
    )


def test_the_organisation_feed_has_its_published_events_in_every_area(
    client, clock, make_event, provider_org, quarter
):
    other_quarter = QuarterFactory.create(name="Neustadt", slug="neustadt", parent=quarter.parent)
    for event in (
        make_event(title="Hier"),
        make_event(title="Dort", area=other_quarter),
        make_event(title="Noch nicht", status=PublicationStatus.IN_REVIEW),
        make_event(title="Fremd", organisation=OrganisationFactory.create(name="Andere")),
    ):
        occurrences_refresh(event, now=NOW)

    calendar = _feed(client, f"/veranstaltungen/kalender/veranstalter/{provider_org.id}.ics")

    assert sorted(str(c["SUMMARY"]) for c in calendar.walk("VEVENT")) == ["Dort", "Hier"]
    assert str(calendar["X-WR-CALNAME"]) == "Veranstaltungen von AWO Altstadt"


def test_unknown_and_unpublished_feeds_answer_404(client, clock, make_event):
    draft = make_event(status=PublicationStatus.DRAFT)

    assert client.get("/veranstaltungen/kalender/gibt-es-nicht.ics").status_code == 404
    assert client.get(f"/veranstaltungen/{draft.id}/kalender.ics").status_code == 404
    unknown = "/veranstaltungen/kalender/veranstalter/00000000-0000-0000-0000-000000000000.ics"
    assert client.get(unknown).status_code == 404


def test_a_feed_may_be_cached_and_answers_304_when_unchanged(client, programme):
    response = client.get("/veranstaltungen/kalender/altstadt.ics")

    assert response["Cache-Control"].startswith("public, max-age=")
    assert client.head("/veranstaltungen/kalender/altstadt.ics").status_code == 200
    again = client.get(
        "/veranstaltungen/kalender/altstadt.ics", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    # A change of an event changes the feed
    event = programme["Gymnastik"]
    event.title = "Gymnastik im Sitzen"
    event.save()
    changed = client.get(
        "/veranstaltungen/kalender/altstadt.ics", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert changed.status_code == 200
    assert changed["ETag"] != response["ETag"]


def test_the_help_page_gives_the_quarter_feed_as_webcal_and_plain_address(client, quarter):
    page = client.get("/veranstaltungen/kalender/?quartier=altstadt").content.decode()

    assert 'href="webcal://testserver/veranstaltungen/kalender/altstadt.ics"' in page
    assert "http://testserver/veranstaltungen/kalender/altstadt.ics" in page
    assert "iPhone und iPad" in page


def test_the_help_page_asks_for_the_quarter_first(client, quarter):
    # Without a chosen quarter (and for an unknown one) the quarters are listed as links
    for url in ("/veranstaltungen/kalender/", "/veranstaltungen/kalender/?quartier=gibt-es-nicht"):
        page = client.get(url).content.decode()

        assert "Für welches Quartier?" in page
        assert 'href="?quartier=altstadt"' in page
        assert "webcal://" not in page


def test_the_help_page_takes_the_quarter_kept_by_mein_quartier(client, quarter):
    client.cookies["quartier"] = "altstadt"

    assert "webcal://" in client.get("/veranstaltungen/kalender/").content.decode()
