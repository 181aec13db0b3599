"""The cases app's world for the authorization matrix (lotse/core/tests/authorization_matrix.py);
its rows are in matrix_rows_<part>.py.

The "own" case is held by the Quartiersbüro Altstadt: the care navigator persona is responsible
(so 200), the manager leads the office's cases (200 where managers may look), office staff and
the administrator there are members without the right (403). The "foreign" case belongs to
Caritas Anders in another region, where the outsider is a member without the right (403);
every other persona gets 404."""

import datetime as dt

from lotse.accounts.models import User
from lotse.cases.models import CaseFile
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.tests.authorization_matrix import LOGIN
from lotse.people.models import Person

OBJECT_KWARGS = {"case_id"}

# fmt: off
ROWS = {
    # "Meine Begleitungen": the Kümmerer's own caseload
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:caseload", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
}
# fmt: on


def _case(organisation: Organisation, responsible: User) -> CaseFile:
    person = Person.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        given_name="Karl",
        family_name="Krause",
        birth_year=1940,
    )
    site = Area.objects.filter(kind=Area.Kind.QUARTER, region_id=organisation.region_id).first()
    if site is None:
        site = Area.objects.create(
            name="Anderswo",
            slug=f"anderswo-{organisation.pk.hex[:8]}",
            kind=Area.Kind.QUARTER,
            parent_id=organisation.region_id,
            region_id=organisation.region_id,
        )
    number = CaseFile.objects.filter(organisation=organisation).count() + 1
    return CaseFile.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        site=site,
        number=number,
        person=person,
        responsible=responsible,
        opened_on=dt.date(2026, 10, 1),
        source=CaseFile.Source.DIRECT,
        reason=CaseFile.Reason.STROKE,
        created_by=responsible,
    )


def extend_world(world, request) -> None:
    navigator = request.getfixturevalue("care_navigator")
    outsider = request.getfixturevalue("outsider")
    own_org = Organisation.objects.get(memberships__user=navigator)
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    # The foreign case's Kümmerer: a navigator of Caritas Anders.
    foreign_navigator = User.objects.create_user("kuemmerer@anders.test")
    Membership.objects.create(
        user=foreign_navigator, organisation=foreign_org, role=Role.CARE_NAVIGATOR
    )
    world["own"]["case_id"] = _case(own_org, navigator).id
    world["foreign"]["case_id"] = _case(foreign_org, foreign_navigator).id
