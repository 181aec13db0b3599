"""Shifts in the Handy-Café and qualification courses: the services' rules and refusals, the
hours they count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.core.models import Organisation
from lotse.volunteers import selectors_groups, services_groups
from lotse.volunteers.models import CafeShift, Credential, Helper, HelpSession
from lotse.volunteers.tests.groups_fixtures import make_helper, pledge

pytestmark = pytest.mark.django_db


def _next(cafe, n=0):
    return selectors_groups.cafe_dates(cafe=cafe, count=n + 1)[n]


def test_a_helper_signs_up_for_a_date_with_the_cafes_length(cafe, anna, helper):
    day = _next(cafe)

    shift = services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)

    assert (shift.date, shift.minutes, shift.helper) == (day, 120, anna)


def test_signing_up_twice_is_refused_in_german(cafe, anna, helper):
    day = _next(cafe)
    services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)

    with pytest.raises(ValidationError) as refused:
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)

    assert "schon eingetragen" in str(refused.value)
    assert CafeShift.objects.count() == 1


def test_a_full_date_takes_no_one_more(cafe, anna, helper, multiplier, home_office, quarter):
    day = _next(cafe)
    for name in ("Ben Kurz", "Cem Lang"):
        other = make_helper(home_office, quarter, name)
        services_groups.shift_assign(actor=multiplier, cafe=cafe, helper=other, date=day)

    with pytest.raises(ValidationError) as refused:
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)

    assert "schon voll besetzt" in str(refused.value)


def test_a_past_date_is_refused_in_german(cafe, anna, helper):
    past = selectors_groups.weekly_dates(
        weekday=cafe.weekday,
        starts_on=cafe.starts_on,
        ends_on=None,
        after=cafe.starts_on,
        count=1,
    )[0]

    with pytest.raises(ValidationError) as refused:
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=past)

    assert "schon vorbei" in str(refused.value)


def test_a_day_without_the_cafe_is_refused(cafe, anna, helper):
    with pytest.raises(ValidationError) as refused:
        services_groups.shift_sign_up(
            actor=helper, cafe=cafe, helper=anna, date=_next(cafe) + dt.timedelta(days=2)
        )

    assert "nicht statt" in str(refused.value)


def test_a_cancelled_date_takes_its_shifts_off(cafe, anna, helper, multiplier):
    day = _next(cafe)
    services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)

    services_groups.cafe_date_cancel(actor=multiplier, cafe=cafe, date=day, reason="Streik")

    assert not CafeShift.objects.exists()
    with pytest.raises(ValidationError):
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=day)


def test_only_active_helpers_and_those_in_qualification_take_shifts(cafe, anna, helper):
    anna.status = Helper.Status.INTERESTED
    anna.save()

    with pytest.raises(ValidationError) as refused:
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=_next(cafe))

    assert "nur für aktive Helfer" in str(refused.value)


def test_a_helper_cannot_sign_up_someone_else(cafe, anna, helper, home_office, quarter):
    other = make_helper(home_office, quarter, "Ben Kurz")

    with pytest.raises(PermissionDenied):
        services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=other, date=_next(cafe))


def test_a_helper_of_another_organisation_is_refused(cafe, multiplier, region, quarter):
    other_org = Organisation.objects.create(name="DRK Altstadt", region=region)
    stranger = make_helper(other_org, quarter, "Dora Fremd")

    with pytest.raises(ValidationError) as refused:
        services_groups.shift_assign(actor=multiplier, cafe=cafe, helper=stranger, date=_next(cafe))

    assert "anderen Träger" in str(refused.value)


def test_the_helper_leaves_a_date(cafe, anna, helper):
    shift = services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=_next(cafe))

    services_groups.shift_cancel(actor=helper, shift=shift)

    assert not CafeShift.objects.exists()


def test_the_plan_marks_gaps(cafe, anna, helper):
    services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=_next(cafe))

    plan = selectors_groups.cafe_plan(cafe=cafe)

    assert len(plan) == 8
    assert (plan[0].count, plan[0].missing) == (1, 1)
    assert (plan[1].count, plan[1].missing) == (0, 2)


def test_a_cafe_needs_a_place_and_a_quarter_of_its_region(home_office, quarter, multiplier):
    data = {
        "name": "Handy-Café",
        "weekday": 2,
        "start_time": dt.time(10),
        "end_time": dt.time(12),
        "starts_on": dt.date(2027, 1, 1),
        "helpers_wanted": 3,
    }

    with pytest.raises(ValidationError) as refused:
        services_groups.cafe_create(
            actor=multiplier, organisation=home_office, quarter=quarter, data=data
        )
    assert "wo das Handy-Café" in str(refused.value)

    cafe = services_groups.cafe_create(
        actor=multiplier,
        organisation=home_office,
        quarter=quarter,
        data={**data, "address": "Markt 1"},
    )
    assert cafe.region_id == home_office.region_id


def test_a_helper_may_not_plan_a_cafe(home_office, quarter, helper):
    with pytest.raises(PermissionDenied):
        services_groups.cafe_create(
            actor=helper, organisation=home_office, quarter=quarter, data={"address": "x"}
        )


# --- Courses ------------------------------------------------------------------------------------


@pytest.fixture
def course(home_office, multiplier):
    return services_groups.course_create(
        actor=multiplier,
        organisation=home_office,
        title="Grundkurs Digital-Helfer",
        content="Messenger und Videoanrufe\n\nSchutz vor Betrug\n",
    )


def _run(course, multiplier, helper, *, sessions=2, present=None):
    participant = services_groups.course_participant_add(
        actor=multiplier, course=course, helper=helper
    )
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for n in range(sessions):
        session = services_groups.course_session_add(
            actor=multiplier,
            course=course,
            date=yesterday - dt.timedelta(days=7 * n),
            start_time=dt.time(10),
            end_time=dt.time(12),
            place="Quartiersbüro",
        )
        if present is None or n < present:
            services_groups.attendance_set(actor=multiplier, session=session, present=[participant])
    return participant


def test_course_content_is_kept_line_by_line(course):
    assert course.content == ["Messenger und Videoanrufe", "Schutz vor Betrug"]


def test_completing_a_course_records_the_qualification_and_activates(
    course, multiplier, home_office, quarter
):
    learner = make_helper(home_office, quarter, "Emil Neu", status=Helper.Status.QUALIFYING)
    pledge(learner, multiplier)
    participant = _run(course, multiplier, learner)

    done = services_groups.course_complete(actor=multiplier, participant=participant)

    learner.refresh_from_db()
    assert done.activated and learner.status == Helper.Status.ACTIVE
    assert done.credential.kind == Credential.Kind.QUALIFICATION
    assert done.credential.note == "Grundkurs Digital-Helfer"
    assert learner.status_changes.first().reason == "Kurs „Grundkurs Digital-Helfer“ abgeschlossen"


def test_without_a_pledge_the_course_is_completed_but_the_status_stays_and_says_why(
    course, multiplier, home_office, quarter
):
    learner = make_helper(home_office, quarter, "Emil Neu", status=Helper.Status.QUALIFYING)
    participant = _run(course, multiplier, learner)

    done = services_groups.course_complete(actor=multiplier, participant=participant)

    learner.refresh_from_db()
    assert learner.status == Helper.Status.QUALIFYING
    assert not done.activated
    assert "Verschwiegenheitserklärung" in done.not_activated_because
    assert learner.credentials.filter(kind=Credential.Kind.QUALIFICATION).exists()


def test_a_missed_session_keeps_the_course_open(course, multiplier, home_office, quarter):
    learner = make_helper(home_office, quarter, "Emil Neu", status=Helper.Status.QUALIFYING)
    participant = _run(course, multiplier, learner, sessions=3, present=2)

    with pytest.raises(ValidationError) as refused:
        services_groups.course_complete(actor=multiplier, participant=participant)

    assert "bei 2 von 3 Terminen" in str(refused.value)
    assert not learner.credentials.exists()


def test_a_course_is_completed_once(course, multiplier, home_office, quarter):
    learner = make_helper(home_office, quarter, "Emil Neu")
    participant = _run(course, multiplier, learner)
    services_groups.course_complete(actor=multiplier, participant=participant)

    with pytest.raises(ValidationError) as refused:
        services_groups.course_complete(actor=multiplier, participant=participant)

    assert "schon abgeschlossen" in str(refused.value)


def test_attendance_of_a_future_session_waits_for_its_day(course, multiplier, anna):
    participant = services_groups.course_participant_add(
        actor=multiplier, course=course, helper=anna
    )
    session = services_groups.course_session_add(
        actor=multiplier,
        course=course,
        date=dt.date.today() + dt.timedelta(days=3),
        start_time=dt.time(10),
        end_time=dt.time(12),
        place="Büro",
    )

    with pytest.raises(ValidationError):
        services_groups.attendance_set(actor=multiplier, session=session, present=[participant])


def test_managers_do_not_run_courses_but_qualified_helpers_do(home_office, manager, helper, anna):
    with pytest.raises(PermissionDenied):
        services_groups.course_create(
            actor=manager, organisation=home_office, title="Kurs", content="Inhalt"
        )
    with pytest.raises(PermissionDenied):
        services_groups.course_create(
            actor=helper, organisation=home_office, title="Kurs", content="Inhalt"
        )

    anna.is_multiplier_qualified = True
    anna.save()
    helper.refresh_from_db()

    course = services_groups.course_create(
        actor=helper, organisation=home_office, title="Kurs", content="Inhalt"
    )
    assert course.led_by == helper


# --- Hours --------------------------------------------------------------------------------------


def test_hours_count_help_sessions_and_past_cafe_shifts_per_month(cafe, anna, helper):
    HelpSession.objects.create(
        helper=anna,
        region_id=anna.region_id,
        date=dt.date(2026, 3, 4),
        duration_minutes=45,
        topics=["banking"],
        solved="yes",
    )
    CafeShift.objects.create(
        cafe=cafe, helper=anna, region_id=anna.region_id, date=dt.date(2026, 3, 10), minutes=120
    )
    services_groups.shift_sign_up(actor=helper, cafe=cafe, helper=anna, date=_next(cafe))

    rows = selectors_groups.helper_hours(helper=anna)

    assert [(r.month, r.kind, r.count, r.minutes, r.quarter_id) for r in rows] == [
        (dt.date(2026, 3, 1), "session", 1, 45, anna.home_quarter_id),
        (dt.date(2026, 3, 1), "shift", 1, 120, cafe.quarter_id),
    ]
    years = selectors_groups.recognition_years(helper=anna)
    assert (years[0].year, years[0].hours_text, years[0].topics) == (
        2026,
        "2 Stunden 45 Minuten",
        ["Online-Banking"],
    )
