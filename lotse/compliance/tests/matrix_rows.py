"""Rows of the authorization matrix (lotse/core/tests/authorization_matrix.py) for the record of
processing activities, retention and a person's rights (Art. 15 export, Art. 17 erasure).

Retention runs belong to the organisation holding their records. The "own" run is for the
Quartiersbüro Altstadt, which holds the persons: its manager releases it; office staff, care
navigator, helper, multiplier, region coordinator and researcher are its members without the
role (403); the members of AWO Altstadt, its administrator too, and the outsider get 404. The
"foreign" run is for Caritas Anders: the outsider is its member without the role (403).

The own person is held by the Quartiersbüro Altstadt. The Art. 15 export is for everyone who
works with its persons (office staff, care navigator, manager: 200); its members without that
role get 403 (helper, multiplier, region coordinator, researcher). Anonymisation (Art. 17) is
for the manager only among the personas (and administrators of the office, not a persona
here): the office staff and care navigator are members without the role (403). The
administrator persona administers AWO Altstadt, not the office: 404. The foreign person
belongs to Caritas Anders, where the outsider is a member without a person role (403).
"""

from lotse.compliance.models import RetentionRun
from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN, Expected
from lotse.people.models import Person

RET = "/datenschutz/aufbewahrung/"

# fmt: off
#        anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
EXPORT = (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404)
ERASE =  (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404)
OTHER =  (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)
# fmt: on

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
    # A person's rights.
    ("GET", "compliance:subject_access", "own"): EXPORT,
    ("GET", "compliance:subject_access", "foreign"): OTHER,
    ("GET", "compliance:subject_access_json", "own"): EXPORT,
    ("GET", "compliance:subject_access_json", "foreign"): OTHER,
    ("GET", "compliance:subject_access_pdf", "own"): EXPORT,
    ("GET", "compliance:subject_access_pdf", "foreign"): OTHER,
    ("GET", "compliance:person_erase", "own"): ERASE,
    ("GET", "compliance:person_erase", "foreign"): OTHER,
    # No reason, no confirmation: the page again with the errors; nothing changes.
    ("POST", "compliance:person_erase", "own"): ERASE,
    ("POST", "compliance:person_erase", "foreign"): OTHER,
}
# fmt: on


def extend_world(world, request) -> None:
    own = Person.objects.get(id=world["own"]["person_id"]).organisation
    foreign = Organisation.objects.get(memberships__user=request.getfixturevalue("outsider"))
    world["own"]["retention_run_id"] = RetentionRun.objects.create(organisation=own).pk
    world["foreign"]["retention_run_id"] = RetentionRun.objects.create(organisation=foreign).pk
