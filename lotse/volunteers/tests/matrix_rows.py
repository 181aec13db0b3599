"""Authorization matrix rows of the volunteers app (see lotse/core/tests/authorization_matrix.py).

The "own" helper is coordinated by the Quartiersbüro Altstadt (multiplier and manager manage
it; office staff, care navigator and researcher are members without the right, so 403) and is
the helper persona's own record. The region coordinator coordinates its region. The AWO
administrator manages helpers of AWO Altstadt, which has none. The "foreign" helper belongs to
Caritas Anders in another region (the outsider is a member without the right: 403)."""

import datetime as dt

from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN
from lotse.people.models import Person
from lotse.volunteers.models import Credential, Helper

OWN = "/digitalhilfe/meine-angaben/"
HLP = "/digitalhilfe/helfer/{id}/"  # the helper's page

OBJECT_KWARGS = {"helper_id"}

# fmt: off
ROWS = {
    # Public pages: the start page, the sign-up (POST without data: the form with its errors,
    # nothing stored) and its thank-you page
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:start", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "volunteers:sign_up", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "volunteers:sign_up", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "volunteers:sign_up_thanks", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # The multipliers' pages: list, paper entry (POST without data: the form with its errors),
    # credentials due. Multiplier, manager, coordinator, and the AWO administrator for AWO.
    ("GET", "volunteers:helper_list", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("GET", "volunteers:helper_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("POST", "volunteers:helper_new", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("GET", "volunteers:credentials_due", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),

    # A helper's page: their managers, and the helper themself
    ("GET", "volunteers:helper_detail", "own"):
        (LOGIN,   404,   404,   200,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:helper_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # Status and credentials: the managers only (POST without data: the form with its errors)
    ("GET", "volunteers:helper_status", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:helper_status", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:helper_status", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "volunteers:helper_status", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "volunteers:credential_new", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:credential_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:credential_new", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "volunteers:credential_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # "Angaben ändern": the managers (POST without data: the form with its errors)
    ("GET", "volunteers:helper_edit", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:helper_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:helper_edit", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "volunteers:helper_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The helper's login: the managers (POST without data: no account, back to the page)
    ("GET", "volunteers:helper_user", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:helper_user", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:helper_user", "own"):
        (LOGIN,   404,   404,   403,   HLP,   403,   403,   404,   HLP,   HLP,   403,   404,   404),
    ("POST", "volunteers:helper_user", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The helper's own page: the role Digital-Helfer only (POST without data: the form with its
    # errors); pause (POST without a date: the page with its error) and resume (the own helper
    # is active, so the page says there is no pause to end)
    ("GET", "volunteers:own_profile", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_profile", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_pause", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:own_pause", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_resume", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:own_resume", ""):
        (LOGIN,   403,   403,   OWN,   403,   403,   403,   403,   403,   403,   403,   403,   403),
}
# fmt: on


def _helper(organisation: Organisation, *, user, seen_by) -> Helper:
    person = Person.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        given_name="Hanna",
        family_name="Helferin",
        birth_year=1960,
    )
    helper = Helper.objects.create(
        person=person,
        organisation=organisation,
        region_id=organisation.region_id,
        user=user,
        status=Helper.Status.ACTIVE,
    )
    Credential.objects.create(
        helper=helper,
        region_id=helper.region_id,
        kind=Credential.Kind.PLEDGE,
        issued_on=dt.date(2026, 1, 1),
        seen_by=seen_by,
    )
    return helper


def extend_world(world, request) -> None:
    helper_user = request.getfixturevalue("helper")
    multiplier = request.getfixturevalue("multiplier")
    outsider = request.getfixturevalue("outsider")
    own_org = Organisation.objects.get(memberships__user=multiplier)
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    # The region coordinator finds the office through what it coordinates.
    world["own"]["helper_id"] = _helper(own_org, user=helper_user, seen_by=multiplier).id
    world["foreign"]["helper_id"] = _helper(foreign_org, user=None, seen_by=outsider).id
