"""Authorization matrix rows of the data-subject rights pages (merged into
lotse/core/tests/authorization_matrix.py; columns in the order of PERSONAS there).

The own person is held by the Quartiersbüro Altstadt. The Art. 15 export is for everyone who
works with its persons (office staff, care navigator, manager: 200); its members without that
role get 403 (helper, multiplier, region coordinator, researcher). Anonymisation (Art. 17) is
for the manager only among the personas (and administrators of the office, not a persona
here): the office staff and care navigator are now members without the role (403). The
administrator persona administers AWO Altstadt, not the office: 404. The foreign person
belongs to Caritas Anders, where the outsider is a member without a person role (403).
"""

from lotse.core.tests.authorization_matrix import LOGIN

# fmt: off
#        anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
EXPORT = (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404)
ERASE =  (LOGIN,   404,   404,   403,   403,   403,   403,   404,   200,   403,   403,   404,   404)
OTHER =  (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403)

ROWS = {
    ("GET", "privacy:subject_access", "own"): EXPORT,
    ("GET", "privacy:subject_access", "foreign"): OTHER,
    ("GET", "privacy:subject_access_json", "own"): EXPORT,
    ("GET", "privacy:subject_access_json", "foreign"): OTHER,
    ("GET", "privacy:subject_access_pdf", "own"): EXPORT,
    ("GET", "privacy:subject_access_pdf", "foreign"): OTHER,
    ("GET", "privacy:person_erase", "own"): ERASE,
    ("GET", "privacy:person_erase", "foreign"): OTHER,
    # No reason, no confirmation: the page again with the errors; nothing changes.
    ("POST", "privacy:person_erase", "own"): ERASE,
    ("POST", "privacy:person_erase", "foreign"): OTHER,
}
# fmt: on
