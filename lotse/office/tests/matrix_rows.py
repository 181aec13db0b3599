"""Rows of the authorization matrix for the office pages (see
lotse/core/tests/authorization_matrix.py). The "own" office is run by the Quartiersbüro
Altstadt (office staff, care navigator and manager have office roles there; helper,
multiplier, coordinator and researcher are members without one); the "foreign" one by
Caritas Anders, the outsider's organisation. Public pages answer everyone alike; an unknown
cancel link answers 404."""

import datetime as dt

from django.utils import timezone

from lotse.core.models import Organisation
from lotse.office.models import Appointment, ConsultationHour, Office, OfficeClosure

LOGIN = "/konto/anmelden/"
OWN_SLOTS = "/buero/altstadt-buero/termin/"
FOREIGN_SLOTS = "/buero/anders-buero/termin/"
OWN_DAY = "/buero/altstadt-buero/termine/"
OWN_HOURS = "/buero/altstadt-buero/zeiten/"

OBJECT_KWARGS = {"office_slug", "appointment_id", "hour_id", "closure_id"}

# fmt: off
ROWS = {
    # Public office pages
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "office:office_detail", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "office:office_detail", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "office:slot_choose", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "office:slot_choose", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Without a chosen time the booking form sends everyone back to the times.
    ("GET", "office:book", "own"):
        (OWN_SLOTS,) * 13,
    ("GET", "office:book", "foreign"):
        (FOREIGN_SLOTS,) * 13,
    ("POST", "office:book", "own"):
        (OWN_SLOTS,) * 13,
    ("POST", "office:book", "foreign"):
        (FOREIGN_SLOTS,) * 13,
    # An unknown cancel link: the same 404 for everyone.
    ("GET", "office:confirmation", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "office:cancel_by_token", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "office:cancel_by_token", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "office:calendar_file", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    # Cancelling with the short code: a public form; the empty form answers with its errors.
    ("GET", "office:cancel_by_code", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "office:cancel_by_code", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # Staff pages: personal data behind the second factor
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "office:staff_day", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_day", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_book", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_book", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # The empty form: errors on the page, nothing booked.
    ("POST", "office:staff_book", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "office:staff_book", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # A visit outside the slots (home visit, office outside the hours): the same staff.
    ("GET", "office:staff_visit", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_visit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # The empty form: errors on the page, nothing booked.
    ("POST", "office:staff_visit", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "office:staff_visit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_cancel", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_cancel", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "office:staff_cancel", "own"):
        (LOGIN,   404,   404,   403,   403, OWN_DAY, OWN_DAY, 404, OWN_DAY, 403, 403,   404,   404),
    ("POST", "office:staff_cancel", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # Marking is a POST only; a GET names no object and answers 405 past the login.
    ("GET", "office:staff_mark", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "office:staff_mark", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "office:staff_mark", "own"):
        (LOGIN,   404,   404,   403,   403, OWN_DAY, OWN_DAY, 404, OWN_DAY, 403, 403,   404,   404),
    ("POST", "office:staff_mark", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # "Angerufen und bestätigt": a POST only, like marking.
    ("GET", "office:staff_confirm", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "office:staff_confirm", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "office:staff_confirm", "own"):
        (LOGIN,   404,   404,   403,   403, OWN_DAY, OWN_DAY, 404, OWN_DAY, 403, 403,   404,   404),
    ("POST", "office:staff_confirm", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Consultation hours and closures: managers and administrators of the running
    # organisation; public data, so no second factor. An empty form answers with its errors.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "office:staff_hours", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_hours", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_hour_add", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "office:staff_hour_add", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "office:staff_hour_add", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404),
    ("POST", "office:staff_hour_add", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_hour_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_hour_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "office:staff_hour_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404, OWN_HOURS, 403, 403,  404,   404),
    ("POST", "office:staff_hour_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_closure_add", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "office:staff_closure_add", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "office:staff_closure_add", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404),
    ("POST", "office:staff_closure_add", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "office:staff_closure_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404),
    ("GET", "office:staff_closure_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "office:staff_closure_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404, OWN_HOURS, 403, 403,  404,   404),
    ("POST", "office:staff_closure_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Keeping the offices (views_manage.py): the region coordination lists and creates the
    # offices of its region; managers and administrators of the running organisation and the
    # region coordination change an office's data. Public data: a login, no second factor.
    # The empty form answers with its errors and changes nothing.
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "office:manage_list", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   403),
    ("GET", "office:manage_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   403),
    ("POST", "office:manage_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   403),
    ("GET", "office:manage_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "office:manage_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "office:manage_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "office:manage_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # Appointment length and booking period: a POST only, like adding an hour.
    ("GET", "office:manage_booking", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "office:manage_booking", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "office:manage_booking", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "office:manage_booking", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def _office(
    organisation: Organisation, slug: str
) -> tuple[Office, Appointment, ConsultationHour, OfficeClosure]:
    quarter = organisation.region  # any area will do for the pages
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name=f"Büro {slug}",
        slug=slug,
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    start = timezone.now() + dt.timedelta(days=2)
    appointment = Appointment.objects.create(
        office=office,
        region_id=organisation.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        name="Karl Schmidt",
        phone="0561 99 88 77",
        cancel_token_hash=f"matrix-{slug}",
    )
    # An hour and a closure long past: removing them strands no appointment, whatever the
    # day the matrix runs on.
    old_hour = ConsultationHour.objects.create(
        office=office,
        byday="SA",
        opens_at=dt.time(6),
        closes_at=dt.time(7),
        valid_to=dt.date(2020, 1, 4),
    )
    old_closure = OfficeClosure.objects.create(
        office=office, starts_on=dt.date(2020, 1, 2), ends_on=dt.date(2020, 1, 3)
    )
    return office, appointment, old_hour, old_closure


def extend_world(world, request) -> None:
    own_org = request.getfixturevalue("office_staff").memberships.get().organisation
    foreign_org = Organisation.objects.get(memberships__user=request.getfixturevalue("outsider"))
    for variant, organisation, slug in [
        ("own", own_org, "altstadt-buero"),
        ("foreign", foreign_org, "anders-buero"),
    ]:
        office, appointment, hour, closure = _office(organisation, slug)
        world[variant] |= {
            "office_slug": office.slug,
            "appointment_id": appointment.id,
            "hour_id": hour.public_id,
            "closure_id": closure.public_id,
        }
