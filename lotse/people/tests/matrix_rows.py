"""Authorization matrix rows of the people pages and the people API (merged into
lotse/core/tests/authorization_matrix.py; columns in the order of PERSONAS there).

Persons are held by the Quartiersbüro Altstadt: office staff, care navigator and manager work
with them (200); helper, multiplier, region coordinator and researcher are its members without
that role (403); everyone else gets 404. The foreign person belongs to Caritas Anders, where the
outsider is a member without a person role (403).
"""

from lotse.core.tests.authorization_matrix import LOGIN, PERSN
from lotse.people.models import Person, Proxy

OBJECT_KWARGS = {"proxy_id", "duplicate_id"}

# fmt: off
#     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
OWN_PAGE = (
    LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404)
OWN_DONE = (
    LOGIN,   404,   404,   403,   403, PERSN, PERSN,   404, PERSN,   403,   403,   404,   404)
FOREIGN = (
    LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)
# The API answers 401 instead of the login; a body {} or a missing `q` fails validation (422)
# before any object is looked up.
API_OWN = (
      401,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404)
API_FRGN = (
      401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)
API_422 = (
      401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422)

ROWS = {
    ("GET", "people:person_edit", "own"): OWN_PAGE,
    ("GET", "people:person_edit", "foreign"): FOREIGN,
    # An empty form: the page again, with the errors.
    ("POST", "people:person_edit", "own"): OWN_PAGE,
    ("POST", "people:person_edit", "foreign"): FOREIGN,
    ("GET", "people:person_duplicates", "own"): OWN_PAGE,
    ("GET", "people:person_duplicates", "foreign"): FOREIGN,
    ("GET", "people:person_merge", "own"): OWN_PAGE,
    ("GET", "people:person_merge", "foreign"): FOREIGN,
    # The confirmation has no fields: the merge happens, then the kept person's page.
    ("POST", "people:person_merge", "own"): OWN_DONE,
    ("POST", "people:person_merge", "foreign"): FOREIGN,
    ("GET", "people:proxy_new", "own"): OWN_PAGE,
    ("GET", "people:proxy_new", "foreign"): FOREIGN,
    ("POST", "people:proxy_new", "own"): OWN_PAGE,
    ("POST", "people:proxy_new", "foreign"): FOREIGN,
    ("GET", "people:proxy_end", "own"): OWN_PAGE,
    ("GET", "people:proxy_end", "foreign"): FOREIGN,
    ("POST", "people:proxy_end", "own"): OWN_DONE,
    ("POST", "people:proxy_end", "foreign"): FOREIGN,

    ("GET", "/api/v1/people/persons", ""): API_422,
    ("POST", "/api/v1/people/persons", ""): API_422,
    ("GET", "/api/v1/people/persons/{person_id}", "own"): API_OWN,
    ("GET", "/api/v1/people/persons/{person_id}", "foreign"): API_FRGN,
    ("PUT", "/api/v1/people/persons/{person_id}", "own"): API_422,
    ("PUT", "/api/v1/people/persons/{person_id}", "foreign"): API_422,
}
# fmt: on


def extend_world(world, request) -> None:
    """A proxy and a possible duplicate for the own and the foreign person."""
    for variant, recorder in (("own", "office_staff"), ("foreign", "outsider")):
        person = Person.objects.get(id=world[variant]["person_id"])
        proxy = Proxy.objects.create(
            person=person,
            region_id=person.region_id,
            kind=Proxy.Kind.RELATIVE,
            name="Petra Müller",
            evidence_kind=Proxy.Evidence.VERBAL,
            recorded_by=request.getfixturevalue(recorder),
        )
        duplicate = Person.objects.create(
            organisation_id=person.organisation_id,
            region_id=person.region_id,
            given_name=person.given_name,
            family_name=person.family_name,
            birth_year=person.birth_year,
        )
        world[variant] |= {"proxy_id": proxy.id, "duplicate_id": duplicate.id}
