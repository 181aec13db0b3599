import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from lotse.directory.hours import (
    grouped_lines,
    intervals_on,
    is_open,
    status_text,
    weekday_hours,
    weekly_lines,
)
from lotse.directory.models import Closure, Schedule

BERLIN = ZoneInfo("Europe/Berlin")


def rule(byday: str, opens: int, closes: int, freq: str = "WEEKLY") -> Schedule:
    return Schedule(freq=freq, byday=byday, opens_at=dt.time(opens), closes_at=dt.time(closes))


def test_open_now_says_until_when():
    monday_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=BERLIN)

    text = status_text([rule("MO", 9, 16)], [], monday_11)

    assert text == "Heute geöffnet bis 16 Uhr"


def test_several_intervals_a_day():
    monday_13 = dt.datetime(2026, 11, 23, 13, 0, tzinfo=BERLIN)
    rules = [rule("MO", 9, 12), rule("MO", 14, 16)]

    assert not is_open(rules, [], monday_13)
    assert status_text(rules, [], monday_13) == "Heute geöffnet von 14 Uhr bis 16 Uhr"


def test_first_wednesday_of_the_month():
    rules = [rule("1WE", 10, 12, freq="MONTHLY")]

    assert intervals_on(rules, [], dt.date(2026, 12, 2)) == [(dt.time(10), dt.time(12))]
    assert intervals_on(rules, [], dt.date(2026, 12, 9)) == []


def test_last_friday_of_the_month():
    rules = [rule("-1FR", 10, 12, freq="MONTHLY")]

    assert intervals_on(rules, [], dt.date(2026, 11, 27))
    assert not intervals_on(rules, [], dt.date(2026, 11, 20))


def test_public_holiday_of_the_bundesland_closes():
    # Allerheiligen, 1 November, is a holiday in Nordrhein-Westfalen (a Sunday in 2026: use 2027).
    assert intervals_on([rule("MO", 9, 12)], [], dt.date(2027, 11, 1)) == []


def test_one_off_closure_closes_and_next_date_is_named():
    closure = Closure(starts_on=dt.date(2026, 11, 23), ends_on=dt.date(2026, 11, 23))
    monday = dt.datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)

    text = status_text([rule("MO,WE", 10, 12)], [closure], monday)

    assert text == "Nächster Termin: Mittwoch, 25. November, 10 Uhr bis 12 Uhr"


def test_validity_range_is_respected():
    r = rule("MO", 9, 12)
    r.valid_to = dt.date(2026, 11, 1)

    assert intervals_on([r], [], dt.date(2026, 11, 23)) == []


def test_rules_in_plain_german():
    lines = weekly_lines([rule("1WE", 10, 12, freq="MONTHLY"), rule("TU", 9, 16)])

    assert "Jeden 1. Mittwoch im Monat: 10 Uhr bis 12 Uhr" in lines
    assert "Dienstag: 9 Uhr bis 16 Uhr" in lines


def test_rules_in_english_when_english_is_active():
    with translation.override("en"):
        lines = weekly_lines([rule("1WE", 10, 12, freq="MONTHLY"), rule("TU", 9, 16)])

    assert "Every 1st Wednesday of the month: 10:00 to 12:00" in lines
    assert "Tuesday: 9:00 to 16:00" in lines


def test_grouped_lines_join_days_with_the_same_hours():
    lines = grouped_lines(
        [rule("MO,TU,WE,TH,FR", 9, 12), rule("TU,TH", 14, 16), rule("1WE", 10, 12, "MONTHLY")]
    )

    assert lines == [
        "Montag bis Freitag: 9 Uhr bis 12 Uhr",
        "Dienstag und Donnerstag: 14 Uhr bis 16 Uhr",
        "Jeden 1. Mittwoch im Monat: 10 Uhr bis 12 Uhr",
    ]


def test_weekday_hours_cover_every_hour_an_interval_touches():
    spans = [
        ("MO,WE", dt.time(9), dt.time(12)),
        ("1TU", dt.time(14, 30), dt.time(15, 15)),
    ]

    found = weekday_hours(spans)

    assert found == [
        ("MO", 9),
        ("MO", 10),
        ("MO", 11),
        ("TU", 14),
        ("TU", 15),
        ("WE", 9),
        ("WE", 10),
        ("WE", 11),
    ]
