"""Authorization matrix rows of the cases' team part (see lotse/cases/tests/matrix_rows.py for
the world): the caseloads, a case's team and handover, the covers. The "own" cover is the care
navigator persona's absence, covered by a second Kümmerer of the Quartiersbüro Altstadt, since
yesterday; the "foreign" one is at Caritas Anders."""

import datetime as dt

from django.utils import timezone

from lotse.accounts.models import User
from lotse.cases.models import Cover
from lotse.core.models import Membership, Organisation, Role
from lotse.core.tests.authorization_matrix import LOGIN

OBJECT_KWARGS = {"cover_id"}

COVER = "/begleitungen/vertretungen/"  # the covers, after ending one
HANDO = "/begleitungen/{id}/uebergabe/"  # the case's team and handover page

# fmt: off
ROWS = {
    # The team leader's view: managers and administrators of their organisation
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:team_caseload", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   200,   403),

    # Covers: Kümmerer (their own absence) and team leaders (anyone's)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:cover_list", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "cases:cover_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "cases:cover_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "cases:cover_end", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "cases:cover_end", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "cases:cover_end", "own"):
        (LOGIN,   404,   404,   403,   403,   403, COVER,   404, COVER,   403,   403,   404,   404),
    ("POST", "cases:cover_end", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # A case's team and handover: seen by those who see the case; changed by its Kümmerer
    # and team leaders (the empty form answers with its errors)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:handover", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:handover", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:handover", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "cases:handover", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:team_edit", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "cases:team_edit", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "cases:team_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   403, HANDO,   404, HANDO,   403,   403,   404,   404),
    ("POST", "cases:team_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Staff API: the caseload, the team's counts, handover and covers. Writes with {}: 422
    # (missing fields) or 409 (the cover the page ended already)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "/api/v1/cases", ""):
        (  401,   403,   403,   403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
    ("GET", "/api/v1/cases/team", ""):
        (  401,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   200,   403),
    ("POST", "/api/v1/cases/{case_id}/handover", "own"):
        (  401,   404,   404,   403,   403,   403,   422,   404,   422,   403,   403,   404,   404),
    ("POST", "/api/v1/cases/{case_id}/handover", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "/api/v1/cases/covers", ""):
        (  401,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "/api/v1/cases/covers", ""):
        (  401,   403,   403,   403,   403,   403,   422,   403,   422,   403,   403,   422,   403),
    ("POST", "/api/v1/cases/covers/{cover_id}/end", "own"):
        (  401,   404,   404,   403,   403,   403,   409,   404,   409,   403,   403,   404,   404),
    ("POST", "/api/v1/cases/covers/{cover_id}/end", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def _cover(organisation: Organisation, absent: User, email: str) -> Cover:
    covering = User.objects.create_user(email)
    Membership.objects.create(user=covering, organisation=organisation, role=Role.CARE_NAVIGATOR)
    today = timezone.localdate()
    return Cover.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        absent=absent,
        covering=covering,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=7),
        created_by=absent,
    )


def extend_world(world, request) -> None:
    navigator = request.getfixturevalue("care_navigator")
    own_org = Organisation.objects.get(memberships__user=navigator)
    foreign_navigator = User.objects.get(email="kuemmerer@anders.test")
    foreign_org = Organisation.objects.get(memberships__user=foreign_navigator)
    world["own"]["cover_id"] = _cover(own_org, navigator, "vertretung@altstadt.test").id
    world["foreign"]["cover_id"] = _cover(
        foreign_org, foreign_navigator, "vertretung@anders.test"
    ).id
