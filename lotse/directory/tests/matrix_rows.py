"""Authorization matrix rows of the directory pages added after the core table, merged into
lotse/core/tests/authorization_matrix.py; columns in the order of PERSONAS there.

Placeholder organisations an import made (interop/review.py): "own" is one in Kreis Test, whose
region coordinator and the administrator of AWO Altstadt may import there and so confirm it
(then back to the list of offers); "foreign" one in the outsider's region. Everyone else gets
404, the same answer as for a mark that does not exist.
"""

from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LIST, LOGIN
from lotse.directory.models import OrganisationReview

OBJECT_KWARGS = {"review_id"}

# fmt: off
#         anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
R_OWN = (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,  LIST,   404,  LIST,   404)
R_FOR = (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404)
R_GET = (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405)

ROWS = {
    ("GET", "directory:staff_placeholder_reviewed", "own"): R_GET,
    ("GET", "directory:staff_placeholder_reviewed", "foreign"): R_GET,
    ("POST", "directory:staff_placeholder_reviewed", "own"): R_OWN,
    ("POST", "directory:staff_placeholder_reviewed", "foreign"): R_FOR,
}
# fmt: on


def _placeholder(region, ref: str) -> OrganisationReview:
    organisation = Organisation.objects.create(
        name=f"Organisation „{ref}“ (fehlt im Import)", region=region
    )
    return OrganisationReview.objects.create(
        organisation=organisation, source_ref=ref, file_name="export.zip"
    )


def extend_world(world, request) -> None:
    region = request.getfixturevalue("region")
    foreign_region = Organisation.objects.get(
        memberships__user=request.getfixturevalue("outsider")
    ).region
    world["own"] |= {"review_id": _placeholder(region, "9").id}
    world["foreign"] |= {"review_id": _placeholder(foreign_region, "10").id}
