"""The repetition as people say it and the RFC 5545 rule: there and back again."""

import datetime as dt

import pytest

from lotse.news.occurrences import parse_rule
from lotse.news.recurrence import (
    BIWEEKLY,
    DAILY,
    MONTHLY,
    ONCE,
    WEEKLY,
    Recurrence,
    describe,
    recurrence_of,
    rule_text,
)

CASES = [
    (Recurrence(), ""),
    (Recurrence(kind=WEEKLY, weekdays=(1,)), "FREQ=WEEKLY;BYDAY=TU"),
    (Recurrence(kind=WEEKLY, weekdays=(0, 2, 4)), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
    (Recurrence(kind=BIWEEKLY, weekdays=(3,)), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    (Recurrence(kind=MONTHLY, ordinal=1, weekday=2), "FREQ=MONTHLY;BYDAY=1WE"),
    (Recurrence(kind=MONTHLY, ordinal=-1, weekday=4), "FREQ=MONTHLY;BYDAY=-1FR"),
    (Recurrence(kind=DAILY), "FREQ=DAILY"),
    (
        Recurrence(kind=WEEKLY, weekdays=(1,), until=dt.date(2027, 6, 30)),
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T235959",
    ),
    (
        Recurrence(kind=MONTHLY, ordinal=3, weekday=6, until=dt.date(2027, 12, 31)),
        "FREQ=MONTHLY;BYDAY=3SU;UNTIL=20271231T235959",
    ),
]


@pytest.mark.parametrize(("recurrence", "rule"), CASES)
def test_the_choices_become_a_rule_and_the_rule_the_same_choices(recurrence, rule):
    assert rule_text(recurrence) == rule
    assert recurrence_of(rule) == recurrence


@pytest.mark.parametrize(("recurrence", "rule"), CASES[1:])
def test_every_rule_the_form_writes_is_one_the_platform_takes(recurrence, rule):
    start = dt.datetime(2026, 12, 1, 14, 0)
    parsed = parse_rule(rule, first_start=start.replace(tzinfo=dt.UTC))

    assert next(iter(parsed)) is not None


def test_weekdays_are_sorted_and_doubled_ones_dropped():
    assert rule_text(Recurrence(kind=WEEKLY, weekdays=(4, 1, 4))) == "FREQ=WEEKLY;BYDAY=TU,FR"


def test_the_until_day_includes_a_date_on_that_day():
    # "jeden Dienstag bis Dienstag, 8. Dezember": the date at 14:00 on that day still counts
    rule = rule_text(Recurrence(kind=WEEKLY, weekdays=(1,), until=dt.date(2026, 12, 8)))
    start = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)

    dates = list(parse_rule(rule, first_start=start))

    assert [d.date() for d in dates][-1] == dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    "recurrence",
    [
        Recurrence(kind=WEEKLY),
        Recurrence(kind=BIWEEKLY, weekdays=(9,)),
        Recurrence(kind=MONTHLY, ordinal=5, weekday=1),
        Recurrence(kind=MONTHLY, ordinal=1, weekday=7),
        Recurrence(kind="yearly"),
    ],
)
def test_choices_that_do_not_fit_are_refused_in_german(recurrence):
    with pytest.raises(ValueError, match="Wählen Sie"):
        rule_text(recurrence)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=TU;COUNT=5",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=YEARLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYDAY=2TU,4TU",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=gestern",
        "Quatsch",
        "FREQ=DAILY;INTERVAL=2",
    ],
)
def test_a_rule_the_form_cannot_show_gives_none(rule):
    assert recurrence_of(rule) is None


def test_describe_says_it_in_words():
    assert (
        describe(Recurrence(kind=WEEKLY, weekdays=(1, 3)))
        == "Jede Woche am Dienstag und Donnerstag"
    )
    assert (
        describe(Recurrence(kind=MONTHLY, ordinal=1, weekday=2)) == "Jeden ersten Mittwoch im Monat"
    )
    assert describe(Recurrence(kind=BIWEEKLY, weekdays=(0,), until=dt.date(2027, 1, 31))) == (
        "Alle 2 Wochen am Montag, bis 31.01.2027"
    )
    assert describe(Recurrence(kind=ONCE)) == "Einmalig"
    assert describe(None) == "Nach einer eigenen Regel"
