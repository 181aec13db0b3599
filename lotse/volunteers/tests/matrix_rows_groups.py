"""Authorization matrix rows of the Handy-Café and course pages (see
lotse/core/tests/authorization_matrix.py).

The "own" café and course are held by the Quartiersbüro Altstadt: its multiplier and manager
plan cafés (the coordinator sees them), only the multiplier runs courses; helper, office staff,
care navigator and researcher are members without the right (403). Provider staff,
administrator, resident and relative belong to AWO Altstadt: 404. The "foreign" ones are held
by Caritas Anders, the outsider's organisation (403 for the outsider, 404 for all others).
The helper persona has a helper record (Anna Berg) with a shift in the own café."""

import datetime as dt

from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN
from lotse.people.models import Person
from lotse.volunteers.models import (
    Cafe,
    CafeShift,
    Course,
    CourseAttendance,
    CourseParticipant,
    CourseSession,
    Helper,
)
from lotse.volunteers.selectors_groups import cafe_dates

CAFE = "/digitalhilfe/handy-cafe/planung/{id}/"  # the café's planning page
KURS = "/digitalhilfe/kurse/{id}/"  # the course page
MEINE = "/digitalhilfe/meine-schichten/"  # the helper's shifts ("Meine Schichten")

OBJECT_KWARGS = {"cafe_id", "shift_id", "course_id", "session_id", "participant_id", "helper_id"}

# fmt: off
ROWS = {
    # The public list of dates: anyone; read only.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:cafe_public", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "volunteers:cafe_public", ""):
        (  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),

    # Planning the cafés: multiplier, manager and administrator of their organisation (the
    # administrator of AWO Altstadt may plan its own), the coordinator sees. A POST to a page
    # that only shows answers 405; the empty forms answer with their errors or go back.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:cafe_list", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("POST", "volunteers:cafe_list", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:cafe_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   403,   403,   200,   403),
    ("POST", "volunteers:cafe_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   403,   403,   200,   403),
    ("GET", "volunteers:cafe_detail", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:cafe_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:cafe_detail", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:cafe_detail", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:cafe_assign", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:cafe_assign", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:cafe_assign", "own"):
        (LOGIN,   404,   404,   403,  CAFE,   403,   403,   404,  CAFE,   403,   403,   404,   404),
    ("POST", "volunteers:cafe_assign", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:cafe_cancel_date", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:cafe_cancel_date", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:cafe_cancel_date", "own"):
        (LOGIN,   404,   404,   403,  CAFE,   403,   403,   404,  CAFE,   403,   403,   404,   404),
    ("POST", "volunteers:cafe_cancel_date", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:cafe_shift_remove", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:cafe_shift_remove", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:cafe_shift_remove", "own"):
        (LOGIN,   404,   404,   403,  CAFE,   403,   403,   404,  CAFE,   403,   403,   404,   404),
    ("POST", "volunteers:cafe_shift_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The helper's own shifts and confirmation (the helper persona has a record); another
    # helper's shift answers 404 like a missing one.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:own_shifts", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_shifts", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:own_shift_sign_up", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:own_shift_sign_up", ""):
        (LOGIN,   403,   403, MEINE,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_shift_cancel", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:own_shift_cancel", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:own_shift_cancel", "own"):
        (LOGIN,   403,   403, MEINE,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_shift_cancel", "foreign"):
        (LOGIN,   403,   403,   404,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_recognition", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_recognition", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:helper_recognition", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:helper_recognition", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:helper_recognition", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:helper_recognition", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),

    # Courses: the multiplier runs them; manager, administrator and coordinator see them
    # (the administrator's organisation has none); a certificate of a completed participant.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:course_list", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("POST", "volunteers:course_list", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:course_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:course_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:course_detail", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:course_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:course_detail", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:course_detail", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:course_session_add", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:course_session_add", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:course_session_add", "own"):
        (LOGIN,   404,   404,   403,  KURS,   403,   403,   404,   403,   403,   403,   404,   404),
    ("POST", "volunteers:course_session_add", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:course_participant_add", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:course_participant_add", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:course_participant_add", "own"):
        (LOGIN,   404,   404,   403,  KURS,   403,   403,   404,   403,   403,   403,   404,   404),
    ("POST", "volunteers:course_participant_add", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:course_attendance", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   403,   403,   403,   404,   404),
    ("GET", "volunteers:course_attendance", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:course_attendance", "own"):
        (LOGIN,   404,   404,   403,  KURS,   403,   403,   404,   403,   403,   403,   404,   404),
    ("POST", "volunteers:course_attendance", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:course_complete", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:course_complete", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:course_complete", "own"):
        (LOGIN,   404,   404,   403,  KURS,   403,   403,   404,   403,   403,   403,   404,   404),
    ("POST", "volunteers:course_complete", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:course_certificate", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:course_certificate", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:course_certificate", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:course_certificate", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
}
# fmt: on


def _helper(organisation, quarter, name, user=None) -> Helper:
    if user is not None:
        existing = Helper.objects.filter(user=user).first()
        if existing is not None:
            return existing
    given, family = name.split()
    person = Person.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        given_name=given,
        family_name=family,
        birth_year=1960,
    )
    return Helper.objects.create(
        person=person,
        organisation=organisation,
        region_id=organisation.region_id,
        home_quarter=quarter,
        status=Helper.Status.ACTIVE,
        user=user,
    )


def _objects(organisation, quarter, helper: Helper, leader) -> dict:
    cafe = Cafe.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter,
        name="Handy-Café",
        address="Markt 1",
        weekday=2,
        start_time=dt.time(15),
        end_time=dt.time(17),
        starts_on=dt.date(2026, 1, 7),
    )
    shift = CafeShift.objects.create(
        cafe=cafe,
        helper=helper,
        region_id=organisation.region_id,
        date=cafe_dates(cafe=cafe, count=1)[0],
        minutes=120,
    )
    course = Course.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        title="Grundkurs",
        content=["Messenger"],
        led_by=leader,
    )
    session = CourseSession.objects.create(
        course=course,
        region_id=organisation.region_id,
        date=dt.date(2026, 3, 4),
        start_time=dt.time(10),
        end_time=dt.time(12),
        place="Büro",
    )
    participant = CourseParticipant.objects.create(
        course=course,
        helper=helper,
        region_id=organisation.region_id,
        completed_on=dt.date(2026, 3, 4),
    )
    CourseAttendance.objects.create(
        session=session, participant=participant, region_id=organisation.region_id
    )
    return {
        "cafe_id": cafe.id,
        "shift_id": shift.id,
        "course_id": course.id,
        "session_id": session.id,
        "participant_id": participant.id,
        "helper_id": helper.id,
    }


def extend_world(world, request) -> None:
    multiplier = request.getfixturevalue("multiplier")
    own_org = multiplier.memberships.get().organisation
    quarter = request.getfixturevalue("quarter")
    outsider = request.getfixturevalue("outsider")
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    foreign_quarter = foreign_org.region.children.first() or foreign_org.region
    anna = _helper(own_org, quarter, "Anna Berg", user=request.getfixturevalue("helper"))
    stranger = _helper(foreign_org, None, "Dora Fremd")
    for variant, organisation, area, helper, leader in [
        ("own", own_org, quarter, anna, multiplier),
        ("foreign", foreign_org, foreign_quarter, stranger, outsider),
    ]:
        for key, value in _objects(organisation, area, helper, leader).items():
            # Another app's rows may name a helper already; either answers alike here.
            if key == "helper_id":
                world[variant].setdefault(key, value)
            else:
                world[variant][key] = value
