"""Rows of the authorization matrix (lotse/core/tests/authorization_matrix.py) for the record of
processing activities and retention.

Retention runs belong to the organisation holding their records. The "own" run is for the
Quartiersbüro Altstadt, which holds the persons: its manager releases it; office staff, care
navigator, helper, multiplier, region coordinator and researcher are its members without the
role (403); the members of AWO Altstadt, its administrator too, and the outsider get 404. The
"foreign" run is for Caritas Anders: the outsider is its member without the role (403)."""

from lotse.compliance.models import RetentionRun
from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN, Expected
from lotse.people.models import Person

RET = "/datenschutz/aufbewahrung/"

OBJECT_KWARGS = {"retention_run_id"}

# fmt: off
ROWS: dict[tuple[str, str, str], tuple[Expected, ...]] = {
    # Record of processing (Art. 30): management, region coordination, administration
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    # The public privacy notice (Art. 13/14): everyone, without a login.
    ("GET", "compliance:privacy_notice", ""):
        (200,     200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "compliance:processing_record", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   200,   403,   200,   403),
    ("GET", "compliance:processing_record_pdf", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   200,   403,   200,   403),
    # Retention: whoever releases runs (managers and administrators for their organisation,
    # region coordination and administration for the platform run), behind the second factor.
    # The page lists only the runs the user may release; a dry run changes nothing.
    ("GET", "compliance:retention", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   200,   403,   200,   403),
    ("GET", "compliance:retention_dry_run", ""):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "compliance:retention_dry_run", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   RET,   RET,   403,   RET,   403),
    ("GET", "compliance:retention_release", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "compliance:retention_release", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "compliance:retention_release", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   RET,   403,   403,   404,   404),
    ("POST", "compliance:retention_release", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # Resuming a stuck run: the same people as releasing it (a run not stuck: a message).
    ("GET", "compliance:retention_resume", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "compliance:retention_resume", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   403,   404,   RET,   403,   403,   404,   404),
    ("POST", "compliance:retention_resume", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def extend_world(world, request) -> None:
    own = Person.objects.get(id=world["own"]["person_id"]).organisation
    foreign = Organisation.objects.get(memberships__user=request.getfixturevalue("outsider"))
    world["own"]["retention_run_id"] = RetentionRun.objects.create(organisation=own).pk
    world["foreign"]["retention_run_id"] = RetentionRun.objects.create(organisation=foreign).pk
