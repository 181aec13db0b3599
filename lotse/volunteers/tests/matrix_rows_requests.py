"""Authorization matrix rows of the requests for help (see
lotse/core/tests/authorization_matrix.py). The "own" request is held by the Quartiersbüro
Altstadt, where the multiplier, office staff, care navigator, manager, coordinator, researcher
and the helper work; the "foreign" one by Caritas Anders in another region, the outsider's
organisation. The helper persona has the role but no helper record linked to the login."""

from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN
from lotse.people.models import Person
from lotse.volunteers.models import HelpRequest

OBJECT_KWARGS = {"request_id"}

REQ = "/digitalhilfe/anfragen/{id}/"  # the request's page after a change

# fmt: off
ROWS = {
    # The resident's form and its thanks: public; the empty form answers with its errors
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:request_new", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "volunteers:request_new", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "volunteers:request_thanks", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # Staff record a request from a call: multiplier, office staff, Kümmerer, manager,
    # administration (each for their own organisation); the empty form answers with its errors
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:staff_request_new", ""):
        (LOGIN,   403,   403,   403,   200,   200,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "volunteers:staff_request_new", ""):
        (LOGIN,   403,   403,   403,   200,   200,   200,   403,   200,   403,   403,   200,   403),

    # The dispatch board: multipliers, managers, administration, the region coordination
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:board", ""):
        (LOGIN,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),

    # One request: who records requests there and the region coordination
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:request_detail", "own"):
        (LOGIN,   404,   404,   403,   200,   200,   200,   404,   200,   200,   403,   404,   404),
    ("GET", "volunteers:request_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Offering (POST only): who dispatches; the empty form answers with its errors
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:request_offer", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "volunteers:request_offer", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:request_offer", "own"):
        (LOGIN,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("POST", "volunteers:request_offer", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # State changes (POST, empty): Erledigt from Offen is refused on the page (200);
    # withdrawing needs no reason; back to the board from Zurückgezogen
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("POST", "volunteers:request_done", "own"):
        (LOGIN,   404,   404,   403,   200,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "volunteers:request_done", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:request_not_done", "own"):
        (LOGIN,   404,   404,   403,   200,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "volunteers:request_not_done", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:request_withdraw", "own"):
        (LOGIN,   404,   404,   403,   REQ,   REQ,   REQ,   404,   REQ,   403,   403,   404,   404),
    ("POST", "volunteers:request_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "volunteers:request_reopen", "own"):
        (LOGIN,   404,   404,   403,   REQ,   403,   403,   404,   REQ,   200,   403,   404,   404),
    ("POST", "volunteers:request_reopen", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The e-mail link of an offer: an unknown token is 404 for everyone
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:offer_answer", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "volunteers:offer_answer", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # "Meine Einsätze": the role Digital-Helfer (the persona has no helper record: 404 for
    # a report of any request); everyone else 403
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:own_assignments", ""):
        (LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_report", "own"):
        (LOGIN,   403,   403,   404,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "volunteers:own_report", "foreign"):
        (LOGIN,   403,   403,   404,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_report", "own"):
        (LOGIN,   403,   403,   404,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "volunteers:own_report", "foreign"):
        (LOGIN,   403,   403,   404,   403,   403,   403,   403,   403,   403,   403,   403,   403),

    # The SMS gateway's hook: POST only; off (404) while LOTSE_SMS_INBOUND_TOKEN is empty
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "volunteers:sms_answer", ""):
        (  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "volunteers:sms_answer", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # Staff API: the board and recording; a request, its ranking, offers and state changes.
    # Writes with {}: 422 (missing fields) or 409 (the state does not allow it); they run in
    # this order, so the API's withdraw finds the request the page withdrew (409).
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "/api/v1/volunteers/requests", ""):
        (  401,   403,   403,   403,   200,   403,   403,   403,   200,   200,   403,   200,   403),
    ("POST", "/api/v1/volunteers/requests", ""):
        (  401,   403,   403,   403,   422,   422,   422,   403,   422,   403,   403,   422,   403),
    ("GET", "/api/v1/volunteers/requests/{request_id}", "own"):
        (  401,   404,   404,   403,   200,   200,   200,   404,   200,   200,   403,   404,   404),
    ("GET", "/api/v1/volunteers/requests/{request_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "/api/v1/volunteers/requests/{request_id}/ranking", "own"):
        (  401,   404,   404,   403,   200,   403,   403,   404,   200,   200,   403,   404,   404),
    ("GET", "/api/v1/volunteers/requests/{request_id}/ranking", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/volunteers/requests/{request_id}/offers", "own"):
        (  401,   404,   404,   403,   422,   403,   403,   404,   422,   422,   403,   404,   404),
    ("POST", "/api/v1/volunteers/requests/{request_id}/offers", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/volunteers/requests/{request_id}/done", "own"):
        (  401,   404,   404,   403,   409,   409,   409,   404,   409,   403,   403,   404,   404),
    ("POST", "/api/v1/volunteers/requests/{request_id}/done", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/volunteers/requests/{request_id}/not-done", "own"):
        (  401,   404,   404,   403,   422,   422,   422,   404,   422,   403,   403,   404,   404),
    ("POST", "/api/v1/volunteers/requests/{request_id}/not-done", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/volunteers/requests/{request_id}/withdraw", "own"):
        (  401,   404,   404,   403,   200,   409,   409,   404,   200,   403,   403,   404,   404),
    ("POST", "/api/v1/volunteers/requests/{request_id}/withdraw", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "/api/v1/volunteers/requests/{request_id}/reopen", "own"):
        (  401,   404,   404,   403,   200,   403,   403,   404,   200,   409,   403,   404,   404),
    ("POST", "/api/v1/volunteers/requests/{request_id}/reopen", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def extend_world(world, request) -> None:
    own_person = Person.objects.get(id=world["own"]["person_id"])
    foreign_person = Person.objects.get(id=world["foreign"]["person_id"])
    outsider = request.getfixturevalue("outsider")
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    own = HelpRequest.objects.create(
        organisation=own_person.organisation,
        region_id=own_person.region_id,
        person=own_person,
        device="iphone",
        topics=["messenger"],
    )
    foreign = HelpRequest.objects.create(
        organisation=foreign_org,
        region_id=foreign_org.region_id,
        person=foreign_person,
        device="iphone",
        topics=["messenger"],
    )
    world["own"]["request_id"] = own.id
    world["foreign"]["request_id"] = foreign.id
