import datetime as dt

import pytest

from lotse.news.models import EventException, Occurrence, Registration
from lotse.news.occurrences import event_dates, occurrences_refresh, parse_rule
from lotse.news.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)


def _starts(event):
    return [
        occ.start.astimezone(BERLIN)
        for occ in event.occurrences.filter(status="scheduled").order_by("start")
    ]


def test_weekly_event_keeps_its_local_time_across_the_change_of_time(make_event):
    # Given every Tuesday 14:00 from December to April (summer time starts 29 March 2027)
    event = make_event(rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270413T235959")

    # When its dates are derived
    occurrences_refresh(event, now=NOW)

    # Then every date is a Tuesday at 14:00 local time, before and after the change
    starts = _starts(event)
    assert {(start.weekday(), start.hour, start.minute) for start in starts} == {(1, 14, 0)}
    assert starts[-1].date() == dt.date(2027, 4, 13)


def test_public_holidays_are_cancelled_with_their_name_unless_the_event_takes_place(
    make_event,
):
    # Given a weekly Friday event over Christmas (25 Dec 2026 is a Friday, a holiday in NRW)
    event = make_event(
        starts_at=dt.datetime(2026, 12, 18, 10, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;COUNT=3",
    )

    # When its dates are derived
    occurrences_refresh(event, now=NOW)

    # Then Christmas Day is cancelled and says why
    christmas = event.occurrences.get(start__date=dt.date(2026, 12, 25))
    assert christmas.status == Occurrence.Status.CANCELLED
    assert "Weihnachtstag" in christmas.note

    # And an event that takes place on holidays keeps the date
    event.skip_holidays = False
    event.save()
    occurrences_refresh(event, now=NOW)
    assert event.occurrences.get(start__date=dt.date(2026, 12, 25)).status == "scheduled"


def test_first_wednesday_of_the_month(make_event):
    # Given "jeden ersten Mittwoch im Monat"
    event = make_event(
        starts_at=dt.datetime(2027, 1, 6, 15, 0, tzinfo=BERLIN),
        rrule="FREQ=MONTHLY;BYDAY=1WE;COUNT=4",
    )

    # When its dates are derived
    occurrences_refresh(event, now=NOW)

    # Then they are the first Wednesdays
    assert [start.date() for start in _starts(event)] == [
        dt.date(2027, 1, 6),
        dt.date(2027, 2, 3),
        dt.date(2027, 3, 3),
        dt.date(2027, 4, 7),
    ]


def test_a_moved_and_a_cancelled_date_carry_their_reason(make_event):
    # Given a weekly event with one date moved and one cancelled
    event = make_event(rrule="FREQ=WEEKLY;COUNT=3", skip_holidays=False)
    first = dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN)
    EventException.objects.create(
        event=event,
        original_start=first + dt.timedelta(days=7),
        kind=EventException.Kind.MOVED,
        new_start=first + dt.timedelta(days=9),
        new_end=first + dt.timedelta(days=9, hours=2),
        reason="Der Saal ist belegt.",
    )
    EventException.objects.create(
        event=event,
        original_start=first + dt.timedelta(days=14),
        kind=EventException.Kind.CANCELLED,
        reason="Die Leiterin ist krank.",
    )

    # When its dates are derived
    occurrences_refresh(event, now=NOW)

    # Then the second date is on Thursday with the reason, the third cancelled with its reason
    rows = list(event.occurrences.order_by("original_start"))
    assert rows[1].start.astimezone(BERLIN).date() == dt.date(2026, 12, 10)
    assert rows[1].note == "Der Saal ist belegt."
    assert (rows[2].status, rows[2].note) == ("cancelled", "Die Leiterin ist krank.")


def test_a_changed_rule_keeps_dates_with_registrations_as_cancelled(make_event):
    # Given a weekly event with a registration on its second date
    event = make_event(rrule="FREQ=WEEKLY;COUNT=3", skip_holidays=False)
    occurrences_refresh(event, now=NOW)
    second = event.occurrences.order_by("start")[1]
    Registration.objects.create(
        occurrence=second,
        event=event,
        region_id=event.region_id,
        name="Erika",
        cancel_token_hash="a" * 64,
    )

    # When the organiser makes it a one-off event
    event.rrule = ""
    event.save()
    occurrences_refresh(event, now=NOW)

    # Then the third date is gone, the second kept as cancelled (so the person can be told)
    assert event.occurrences.count() == 2
    second.refresh_from_db()
    assert second.status == Occurrence.Status.CANCELLED


def test_refresh_twice_changes_nothing(make_event):
    # Given an event whose dates were derived
    event = make_event(rrule="FREQ=DAILY;COUNT=30")
    occurrences_refresh(event, now=NOW)
    before = list(event.occurrences.values_list("id", "start", "status"))

    # When they are derived again
    occurrences_refresh(event, now=NOW)

    # Then the rows are the same
    assert list(event.occurrences.values_list("id", "start", "status")) == before


def test_an_endless_daily_rule_stops_at_the_horizon(make_event):
    # Given a daily event without end
    event = make_event(rrule="FREQ=DAILY", skip_holidays=False)

    # When its dates are derived
    dates = event_dates(event, until=NOW + dt.timedelta(days=400))

    # Then there is one date a day up to the horizon (its last day's 14:00 lies beyond it)
    assert len(dates) == 400


def test_a_daily_event_begun_years_ago_still_reaches_the_horizon_and_keeps_its_history(
    make_event,
):
    # Given a daily event that began three years ago, with its dates derived back then
    first = dt.datetime(2023, 12, 1, 14, 0, tzinfo=BERLIN)
    event = make_event(starts_at=first, ends_at=first + dt.timedelta(hours=2), rrule="FREQ=DAILY")
    event.skip_holidays = False
    event.save()
    occurrences_refresh(event, now=first)
    old = event.occurrences.get(original_start=first + dt.timedelta(days=10))
    old.note = "Protokoll"
    old.save()

    # When the dates are derived again today
    occurrences_refresh(event, now=NOW)

    # Then there is a date on each day up to today's horizon
    last = event.occurrences.order_by("-start").first()
    assert last.start.date() >= (NOW + dt.timedelta(days=399)).date()
    coming = event.occurrences.filter(start__gte=NOW, start__lt=NOW + dt.timedelta(days=400))
    assert coming.count() == 400
    # and the date of three years ago is untouched history
    old.refresh_from_db()
    assert old.note == "Protokoll"
    assert old.status == Occurrence.Status.SCHEDULED


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "BYDAY=TU",
        "FREQ=SECONDLY",
        "FREQ=HOURLY;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;INTERVAL=9999",
        "FREQ=WEEKLY;" + "BYDAY=TU;" * 100,
        "FREQ=WEEKLY\x00",
    ],
)
def test_rules_the_platform_does_not_take_are_refused_in_german(rule):
    with pytest.raises(ValueError) as refused:
        parse_rule(rule, first_start=NOW)

    assert str(refused.value)[0].isupper()
