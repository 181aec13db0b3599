"""Authorization matrix rows of the case file's own pages and API (see
lotse/core/tests/authorization_matrix.py and the world in matrix_rows.py): opening, the
overview, the assessment, the journal and the network.

The "own" case: the care navigator persona is responsible (200, writes); the office's manager
leads its cases (reads 200, writes 403); the other members of the Quartiersbüro Altstadt
(helper, multiplier, office staff, coordinator, researcher) are members without the right
(403); everyone else 404. The "foreign" case belongs to Caritas Anders: 403 for the outsider (a
member there), 404 for all others. Pages sent with no data answer their form with errors (200),
the API with {} answers 422; removing a contact (the last row) redirects to the network."""

from lotse.cases.models import CaseFile, NetworkContact
from lotse.core.tests.authorization_matrix import LOGIN

OBJECT_KWARGS = {"contact_id"}

NET = "/begleitungen/{id}/netzwerk/"  # the network page after removing a contact

# fmt: off
ROWS = {
    # Opening a case: Kümmerer and the organisation's leads (the provider's administrator leads
    # AWO's cases by the rules, so the form opens; AWO has no Kümmerer to choose)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:case_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "cases:case_new_from_inquiry", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:case_new_from_inquiry", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:case_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "cases:case_new_from_inquiry", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "cases:case_new_from_inquiry", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The overview, assessment, journal and network: read by the case's team and leads,
    # written by the team only
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:case_detail", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:case_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:assessment_list", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:assessment_list", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:assessment_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("GET", "cases:assessment_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:journal", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:journal", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:journal_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("GET", "cases:journal_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:network", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "cases:network", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:network_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("GET", "cases:network_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "cases:network_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("GET", "cases:network_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:assessment_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("POST", "cases:assessment_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:journal_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("POST", "cases:journal_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:network_new", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("POST", "cases:network_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:network_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("POST", "cases:network_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Staff API: reads as the pages; writes with {} answer 422 (missing fields)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "/api/v1/cases/{case_id}", "own"):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "/api/v1/cases/{case_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "/api/v1/cases/{case_id}/journal", "own"):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "/api/v1/cases/{case_id}/journal", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "/api/v1/cases/{case_id}/assessments", "own"):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "/api/v1/cases/{case_id}/assessments", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "/api/v1/cases/{case_id}/network", "own"):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "/api/v1/cases/{case_id}/network", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/cases", ""):
        (  401,   403,   403,   403,   403,   403,   422,   403,   422,   403,   403,   422,   403),
    ("POST", "/api/v1/cases/{case_id}/journal", "own"):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ("POST", "/api/v1/cases/{case_id}/journal", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/cases/{case_id}/assessments", "own"):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ("POST", "/api/v1/cases/{case_id}/assessments", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/cases/{case_id}/network", "own"):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ("POST", "/api/v1/cases/{case_id}/network", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Removing a contact: asked first (GET), done by POST, which runs last of these rows
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "cases:network_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ("GET", "cases:network_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "cases:network_remove", "own"):
        (LOGIN,   404,   404,   403,   403,   403,   NET,   404,   403,   403,   403,   404,   404),
    ("POST", "cases:network_remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def extend_world(world, request) -> None:
    for variant in ("own", "foreign"):
        case_file = CaseFile.objects.get(id=world[variant]["case_id"])
        contact = NetworkContact.objects.create(
            case_file=case_file, role=NetworkContact.Role.NEIGHBOUR, name="Frau Nachbarin"
        )
        world[variant]["contact_id"] = contact.id
