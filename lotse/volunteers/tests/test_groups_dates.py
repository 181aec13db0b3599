"""The dates of a Handy-Café are computed: weekly, without public holidays (NRW), cancelled
dates and anything after the end date; summer time does not move them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lotse.volunteers import selectors_groups, services_groups
from lotse.volunteers.selectors_groups import weekly_dates


def test_weekly_dates_follow_the_weekday_from_the_start():
    dates = weekly_dates(
        weekday=1, starts_on=dt.date(2027, 2, 1), ends_on=None, after=dt.date(2027, 1, 1), count=3
    )

    assert dates == [dt.date(2027, 2, 2), dt.date(2027, 2, 9), dt.date(2027, 2, 16)]


def test_weekly_dates_skip_christmas_and_new_year_in_nrw():
    dates = weekly_dates(
        weekday=4,
        starts_on=dt.date(2026, 12, 1),
        ends_on=None,
        after=dt.date(2026, 12, 17),
        count=3,
    )

    assert dates == [dt.date(2026, 12, 18), dt.date(2027, 1, 8), dt.date(2027, 1, 15)]


def test_weekly_dates_skip_a_holiday_of_nrw_that_other_states_work_on():
    # Fronleichnam (Corpus Christi), 27 May 2027: a holiday in NRW, not in Berlin.
    dates = weekly_dates(
        weekday=3, starts_on=dt.date(2027, 5, 1), ends_on=None, after=dt.date(2027, 5, 20), count=2
    )

    assert dates == [dt.date(2027, 5, 20), dt.date(2027, 6, 3)]


def test_weekly_dates_keep_holidays_when_told():
    dates = weekly_dates(
        weekday=4,
        starts_on=dt.date(2026, 12, 1),
        ends_on=None,
        after=dt.date(2026, 12, 24),
        count=1,
        skip_holidays=False,
    )

    assert dates == [dt.date(2026, 12, 25)]


def test_weekly_dates_stop_at_the_end_date():
    dates = weekly_dates(
        weekday=1,
        starts_on=dt.date(2027, 2, 1),
        ends_on=dt.date(2027, 2, 16),
        after=dt.date(2027, 2, 1),
        count=8,
    )

    assert dates == [dt.date(2027, 2, 2), dt.date(2027, 2, 9), dt.date(2027, 2, 16)]


def test_weekly_dates_run_through_the_change_to_summer_time():
    # Summer time begins on Sunday, 28 March 2027: a Sunday café keeps its weekly dates.
    dates = weekly_dates(
        weekday=6, starts_on=dt.date(2027, 3, 1), ends_on=None, after=dt.date(2027, 3, 20), count=3
    )

    assert dates == [dt.date(2027, 3, 21), dt.date(2027, 3, 28), dt.date(2027, 4, 4)]


def test_weekly_dates_end_after_a_far_horizon():
    dates = weekly_dates(
        weekday=1,
        starts_on=dt.date(2027, 2, 1),
        ends_on=None,
        after=dt.date(2027, 2, 1),
        count=10**9,
    )

    assert len(dates) < 200


@pytest.mark.django_db
def test_a_cancelled_date_is_left_out_and_shown_with_its_reason(cafe, multiplier):
    first, second, third = selectors_groups.cafe_dates(cafe=cafe, count=3)

    services_groups.cafe_date_cancel(actor=multiplier, cafe=cafe, date=second, reason="Raum belegt")

    assert selectors_groups.cafe_dates(cafe=cafe, count=2) == [first, third]
    public = selectors_groups.public_cafes(quarter=cafe.quarter)[cafe.quarter][0]
    assert [c.reason for c in public.cancelled] == ["Raum belegt"]


@pytest.mark.django_db
def test_a_date_the_cafe_does_not_meet_cannot_be_cancelled(cafe, multiplier):
    first = selectors_groups.cafe_dates(cafe=cafe, count=1)[0]

    with pytest.raises(ValidationError) as refused:
        services_groups.cafe_date_cancel(
            actor=multiplier, cafe=cafe, date=first + dt.timedelta(days=1), reason="x"
        )

    assert "findet das Handy-Café nicht statt" in str(refused.value)


@pytest.mark.django_db
def test_a_cancellation_needs_a_reason(cafe, multiplier):
    first = selectors_groups.cafe_dates(cafe=cafe, count=1)[0]

    with pytest.raises(ValidationError) as refused:
        services_groups.cafe_date_cancel(actor=multiplier, cafe=cafe, date=first, reason="  ")

    assert "Grund" in str(refused.value)
