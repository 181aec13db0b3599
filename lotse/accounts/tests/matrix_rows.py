"""Authorization matrix rows of the roles page, the member administration and the region
administration (/verwaltung/), merged into lotse/core/tests/authorization_matrix.py; columns in
the order of PERSONAS there.

Memberships: "own" is a colleague's membership in AWO Altstadt, whose administrator may change
it (200); its other members (resident, relative, provider staff) get 403, everyone else 404.
"foreign" is one in Caritas Anders, where the outsider is a member (403).
Organisations: "own" is AWO Altstadt in Kreis Test, which the region coordinator looks after;
its members get 403, everyone else 404. Areas belong to no organisation: "own" is the quarter
Altstadt, and everyone who works or lives in Kreis Test gets 403, the outsider 404.
"""

from lotse.accounts.models import User
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.tests.authorization_matrix import LOGIN, TEAM

OBJECT_KWARGS = {"membership_id", "organisation_id", "area_id"}

# fmt: off
#         anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
# The roles page: any staff member; residents and relatives have no use for it.
STAFF = (LOGIN,   403,   403,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200)
M_OWN = (LOGIN,   403,   403,   404,   404,   404,   404,   403,   404,   404,   404,   200,   404)
M_DEL = (LOGIN,   403,   403,   404,   404,   404,   404,   403,   404,   404,   404,  TEAM,   404)
M_FOR = (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)
COORD = (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   403)
O_OWN = (LOGIN,   403,   403,   404,   404,   404,   404,   403,   404,   200,   404,   403,   404)
O_FOR = (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)
A_OWN = (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   403,   404)
# Deleting the quarter Altstadt is refused: offers' locations lie in it (400, nothing deleted).
A_DEL = (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   400,   403,   403,   404)
A_FOR = (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)

ROWS = {
    ("GET", "accounts:roles", ""): STAFF,
    ("GET", "accounts:membership_edit", "own"): M_OWN,
    ("GET", "accounts:membership_edit", "foreign"): M_FOR,
    # An empty form: the page again, with the errors.
    ("POST", "accounts:membership_edit", "own"): M_OWN,
    ("POST", "accounts:membership_edit", "foreign"): M_FOR,
    ("GET", "accounts:membership_remove", "own"): M_OWN,
    ("GET", "accounts:membership_remove", "foreign"): M_FOR,
    ("POST", "accounts:membership_remove", "own"): M_DEL,
    ("POST", "accounts:membership_remove", "foreign"): M_FOR,

    ("GET", "admin_region:home", ""): COORD,
    ("GET", "admin_region:organisation_new", ""): COORD,
    ("POST", "admin_region:organisation_new", ""): COORD,
    ("GET", "admin_region:organisation_edit", "own"): O_OWN,
    ("GET", "admin_region:organisation_edit", "foreign"): O_FOR,
    ("POST", "admin_region:organisation_edit", "own"): O_OWN,
    ("POST", "admin_region:organisation_edit", "foreign"): O_FOR,
    # The first administrator of AWO Altstadt (which has none unless the administrator persona
    # is the one asking): an empty form comes back with its errors.
    ("GET", "admin_region:organisation_invite", "own"): O_OWN,
    ("GET", "admin_region:organisation_invite", "foreign"): O_FOR,
    ("POST", "admin_region:organisation_invite", "own"): O_OWN,
    ("POST", "admin_region:organisation_invite", "foreign"): O_FOR,
    ("GET", "admin_region:area_new", ""): COORD,
    ("POST", "admin_region:area_new", ""): COORD,
    ("GET", "admin_region:area_edit", "own"): A_OWN,
    ("GET", "admin_region:area_edit", "foreign"): A_FOR,
    ("POST", "admin_region:area_edit", "own"): A_OWN,
    ("POST", "admin_region:area_edit", "foreign"): A_FOR,
    ("GET", "admin_region:area_delete", "own"): A_OWN,
    ("GET", "admin_region:area_delete", "foreign"): A_FOR,
    ("POST", "admin_region:area_delete", "own"): A_DEL,
    ("POST", "admin_region:area_delete", "foreign"): A_FOR,
}
# fmt: on


def _colleague_membership(email: str, organisation: Organisation) -> Membership:
    user = User.objects.create_user(email)
    return Membership.objects.create(user=user, organisation=organisation, role=Role.PROVIDER_STAFF)


def extend_world(world, request) -> None:
    """A colleague's membership, the organisation and a quarter, own and foreign. The
    memberships belong to extra colleagues: removing one changes no persona."""
    own_org = request.getfixturevalue("provider_org")
    quarter = request.getfixturevalue("quarter")
    foreign_org = Organisation.objects.get(memberships__user=request.getfixturevalue("outsider"))
    foreign_region = foreign_org.region
    foreign_area = Area.objects.create(
        name="Anderswo",
        slug="matrix-anderswo",
        kind=Area.Kind.QUARTER,
        parent=foreign_region,
        region=foreign_region,
    )
    world["own"] |= {
        "membership_id": _colleague_membership("kollegin@test.de", own_org).public_id,
        "organisation_id": own_org.pk,
        "area_id": quarter.pk,
    }
    world["foreign"] |= {
        "membership_id": _colleague_membership("kollegin@anders.de", foreign_org).public_id,
        "organisation_id": foreign_org.pk,
        "area_id": foreign_area.pk,
    }
