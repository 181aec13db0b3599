import datetime as dt

from lotse.office.models import Appointment, ConsultationHour, OfficeClosure
from lotse.office.selectors import office_slots, slot_starts
from lotse.office.tests.conftest import MONDAY_8, at, make_office

MONDAY = MONDAY_8.date()
UTC = dt.UTC


def test_office_slots_step_through_the_consultation_hours(clock, office):
    slots = office_slots(office, MONDAY)

    assert slots == [at(MONDAY, 9), at(MONDAY, 9, 30), at(MONDAY, 10), at(MONDAY, 10, 30),
                     at(MONDAY, 11), at(MONDAY, 11, 30)]  # fmt: skip


def test_office_slots_leave_out_booked_but_not_cancelled_appointments(clock, office):
    for start, status in [(at(MONDAY, 9), "booked"), (at(MONDAY, 10), "cancelled")]:
        Appointment.objects.create(
            office=office,
            region_id=office.organisation.region_id,
            start=start,
            end=start + dt.timedelta(minutes=30),
            status=status,
            cancel_token_hash=f"hash-{start:%H}",
        )

    slots = office_slots(office, MONDAY)

    assert at(MONDAY, 9) not in slots
    assert at(MONDAY, 10) in slots


def test_office_slots_leave_out_past_times(clock, office):
    clock.set(at(MONDAY, 10, 15))

    slots = office_slots(office, MONDAY)

    assert slots == [at(MONDAY, 10, 30), at(MONDAY, 11), at(MONDAY, 11, 30)]


def test_office_slots_end_where_a_whole_slot_still_fits(clock, office):
    office.slot_minutes = 45

    slots = office_slots(office, MONDAY)

    assert slots[-1] == at(MONDAY, 11, 15)
    assert len(slots) == 4


def test_office_slots_are_empty_on_weekends_holidays_and_closures(clock, office):
    OfficeClosure.objects.create(office=office, starts_on=MONDAY, ends_on=MONDAY)

    assert office_slots(office, MONDAY) == []
    assert office_slots(office, dt.date(2026, 3, 28)) == []  # Saturday
    assert office_slots(office, dt.date(2026, 4, 3)) == []  # Good Friday
    assert office_slots(office, dt.date(2026, 3, 24))  # Tuesday: open


def test_office_slots_end_with_the_days_bookable_ahead(clock, office):
    office.days_ahead = 3

    assert office_slots(office, MONDAY + dt.timedelta(days=3))
    assert office_slots(office, MONDAY + dt.timedelta(days=4)) == []
    assert office_slots(office, MONDAY - dt.timedelta(days=1)) == []


def test_slot_starts_keep_local_time_on_the_day_clocks_go_forward(office):
    office.hours.update(byday="SA,SU")
    saturday, sunday = dt.date(2026, 3, 28), dt.date(2026, 3, 29)

    assert slot_starts(office=office, day=saturday)[0].astimezone(UTC).hour == 8
    assert slot_starts(office=office, day=sunday)[0].astimezone(UTC).hour == 7


def test_slot_starts_skip_the_hour_that_does_not_exist(office):
    office.hours.all().delete()
    ConsultationHour.objects.create(
        office=office, byday="SU", opens_at=dt.time(1), closes_at=dt.time(4)
    )
    office.slot_minutes = 60

    starts = slot_starts(office=office, day=dt.date(2026, 3, 29))

    # 1:00 winter time and 3:00 summer time; 2:00 does not exist that night.
    assert [s.astimezone(UTC).strftime("%H:%M") for s in starts] == ["00:00", "01:00"]


def test_slot_starts_count_the_repeated_hour_once_when_clocks_go_back(office):
    office.hours.all().delete()
    ConsultationHour.objects.create(
        office=office, byday="SU", opens_at=dt.time(1), closes_at=dt.time(4)
    )
    office.slot_minutes = 60

    starts = slot_starts(office=office, day=dt.date(2026, 10, 25))

    assert [s.astimezone(UTC).strftime("%H:%M") for s in starts] == ["23:00", "00:00", "02:00"]


def test_monthly_consultation_hours_apply_on_their_weekday_of_the_month(clock, quarter, office_org):
    office = make_office(office_org, quarter, slug="monatlich")
    office.hours.update(freq="MONTHLY", byday="1WE")

    assert slot_starts(office=office, day=dt.date(2026, 4, 1))  # first Wednesday
    assert slot_starts(office=office, day=dt.date(2026, 4, 8)) == []
