"""Who may do what: the expected answer of every page and API operation for every persona.

One row per (method, page, object); one column per persona, in the order of PERSONAS. A page is
named as in `reverse()`; an operation of the staff API (/api/v1/) by its path in the schema.

The object of a page that takes one (an offer, a location, a member, a person, a consent):
    "own"      belongs to the region Kreis Test, where every persona but the outsider lives or
               works: offers, locations and members to AWO Altstadt (provider staff, the
               administrator, resident and relative are its members), persons and consents to
               the Quartiersbüro Altstadt (every other staff persona works there);
    "foreign"  belongs to Caritas Anders in another region: the outsider's organisation.
House style: another organisation's or region's object answers 404, as one that does not exist;
the same organisation without the role answers 403.

An API row's path may carry a query string (`?q=…`): operations with a required parameter are
asked once without it (422) and once with it, so that the permission check answers. Likewise an
API row whose variant ends in "+body" ("own+body", "foreign+body", "+body") sends the valid JSON
body of API_BODIES instead of {}.

Answers: a status code; the path of a redirect (302), ids as {id}, the common paths named
below; a frozenset only where the answer truly varies. A POST or PUT is sent with no data
(pages) or the JSON body {} (staff API). Every staff persona has an authenticator app and is
logged in past the second factor. Rows marked BUG record today's answer; the comment says what
the house style expects. The rows run in this order, except that writes run after all reads
and the rows that archive or log out last (see test_authorization_matrix.py).

Run `LOTSE_MATRIX_RECORD=/tmp/answers.txt pytest lotse/core/tests/test_authorization_matrix.py`
to collect the actual answers when adding rows.

An app may keep its rows in `lotse/<app>/tests/matrix_rows.py` (or several `matrix_rows_*.py`)
instead: a dict `ROWS` like MATRIX, optionally a set `OBJECT_KWARGS` (URL arguments naming its
protected objects) and a function `extend_world(world, request)` that creates its "own" and
"foreign" objects and adds their ids to `world["own"]` and `world["foreign"]` (`request` is
pytest's, for fixtures; the world already holds `person_id`, `offer_id` … of both variants).
They are merged below.
"""

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

type Expected = int | str | frozenset[int]

PERSONAS = (
    "anonymous",
    "resident",
    "relative",
    "helper",
    "multiplier",
    "office_staff",
    "care_navigator",
    "provider_staff",
    "manager",
    "region_coordinator",
    "researcher",
    "administrator",
    "outsider",
)

# Redirect targets.
LOGIN = "/konto/anmelden/"
MFA = "/konto/2fa/totp/activate/"  # the second-factor setup (personal_data_view)
AALOG = "/konto/login/"  # allauth's own pages send anonymous visitors to its login address
PWD = "/konto/reauthenticate/"  # allauth asks for the password again
HOME = "/"
ACCT = "/konto/"  # Mein Konto
TEAM = "/konto/mitarbeitende/"  # the staff list
LIST = "/mitarbeit/angebote/"  # the staff list of offers
PERSN = "/personen/{id}/"  # a person's page
# Where each role lands after login (lotse/accounts/staff_menu.py, LANDING).
WORK = "/mitarbeit/"  # roles without pages yet: the page that says so
OWNH = "/digitalhilfe/meine-angaben/"  # a digital helper's own page
HELPS = "/digitalhilfe/helfer/"  # a multiplier's list of helpers
DESK = "/anliegen/"  # the office dashboard
CASE = "/begleitungen/"  # a Kümmerer's caseload
INBOX = "/vermittlungen/eingang/"  # a provider's referrals
REGN = "/verwaltung/"  # the region's administration
CODE = "/konto/login/code/"  # residents' login by e-mail code (Merkliste, own appointments)
OFFER = "/angebot/{id}/"  # an offer's page

# URL arguments that name a protected object: such pages need an "own" and a "foreign" row.
OBJECT_KWARGS = {"offer_id", "location_id", "user_id", "person_id", "consent_id"}

# Not in the matrix, on purpose:
SKIPPED_PREFIXES = (
    # Django's admin: the site's login, the staff flag and a second factor
    # (lotse/accounts/admin_site.py), tested in lotse/accounts/tests/test_admin_access.py.
    "admin/",
    "static/",  # files, no permissions.
)
SKIPPED = {
    # allauth's own steps, only reachable inside its login, sign-up, reset and second-factor
    # flows (they need a pending login, a key from an e-mail or a fresh re-authentication);
    # allauth tests them. The pages a persona meets directly are in the matrix.
    "account_login",  # the same view as accounts:login (German address)
    "account_logout",  # the same view as accounts:logout
    "accounts:confirm_login_code",  # answers account_confirm_login_code's address (lockout)
    "account_inactive",
    "account_signup",
    "account_reauthenticate",
    "account_email",
    "account_email_verification_sent",
    "account_change_password",
    "account_set_password",
    "account_confirm_login_code",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_deactivate_totp",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_add_webauthn",
    "mfa_reauthenticate_webauthn",
    "mfa_remove_webauthn",
    "mfa_edit_webauthn",
}

# fmt: off
MATRIX: dict[tuple[str, str, str], tuple[Expected, ...]] = {

    # Public pages: anyone, logged in or not
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "healthz", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "display_settings", ""):
        ( HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME),
    ("POST", "display_settings", ""):
        ( HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME),
    ("GET", "easy_language", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "accessibility_statement", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "barrier_report", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "barrier_report", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "barrier_report_thanks", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:home", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:quarter_home", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:search", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:offer", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:offer", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # "Merken": anyone logged in keeps offers on their own Merkliste; anonymous visitors log
    # in by e-mail code first. GET asks to confirm, POST saves and goes back to the offer.
    ("GET", "directory:offer_save", "own"):
        ( CODE,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "directory:offer_save", "foreign"):
        ( CODE,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "directory:offer_save", "own"):
        ( CODE, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER),
    ("POST", "directory:offer_save", "foreign"):
        ( CODE, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER, OFFER),
    # Taking it off: a POST only; it touches only the caller's own list, then "Mein Konto".
    ("GET", "directory:offer_unsave", "own"):
        (  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "directory:offer_unsave", "own"):
        ( CODE,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT),
    ("POST", "directory:offer_unsave", "foreign"):
        ( CODE,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT),
    # Cancelling from "Mein Konto": only the account that booked online finds it; the
    # office's test appointments were booked by nobody's account, so 404 for every persona.
    ("GET", "office:own_cancel", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "office:own_cancel", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "office:own_cancel", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "office:own_cancel", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # Account pages
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    # Logged in already: each role is sent to its work.
    ("GET", "accounts:login", ""):
        (  200,  ACCT,  ACCT,  OWNH, HELPS,  DESK,  CASE, INBOX,  DESK,  REGN,  WORK,  TEAM, INBOX),
    ("POST", "accounts:login", ""):
        (  200,  ACCT,  ACCT,  OWNH, HELPS,  DESK,  CASE, INBOX,  DESK,  REGN,  WORK,  TEAM, INBOX),
    ("GET", "accounts:logout", ""):
        ( HOME,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "accounts:logout", ""):
        ( HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME),
    ("GET", "accounts:overview", ""):
        (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "accounts:after_mfa_setup", ""):
        ( ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT,  ACCT),
    ("GET", "accounts:keepalive", ""):
        (  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "accounts:keepalive", ""):
        (  401,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME),
    # An unknown token: the same 404 page for everyone.
    ("GET", "accounts:invitation_accept", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "accounts:invitation_accept", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "accounts:members", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403),
    ("GET", "accounts:invitation_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403),
    ("POST", "accounts:invitation_new", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403),
    ("GET", "accounts:mfa_reset", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   403,   404,   404,   404,   200,   404),
    ("GET", "accounts:mfa_reset", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "accounts:mfa_reset", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   403,   404,   404,   404,  TEAM,   404),
    ("POST", "accounts:mfa_reset", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # allauth pages a persona meets (the rest: SKIPPED)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "account_request_login_code", ""):
        (  200,  ACCT,  ACCT,  OWNH, HELPS,  DESK,  CASE, INBOX,  DESK,  REGN,  WORK,  TEAM, INBOX),
    ("GET", "account_reset_password", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "mfa_index", ""):
        (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # allauth asks for the password again before a second factor changes (also right after login).
    ("GET", "mfa_activate_totp", ""):
        (AALOG,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD,   PWD),
    # Nobody has recovery codes here: allauth answers 404.
    ("GET", "mfa_view_recovery_codes", ""):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "mfa_list_webauthn", ""):
        (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # People: personal data behind the second factor (staff without one: MFA)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "people:person_list", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "people:person_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "people:person_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "people:person_detail", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "people:person_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "people:consent_new", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "people:consent_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "people:consent_new", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "people:consent_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "people:consent_withdraw", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "people:consent_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("POST", "people:consent_withdraw", "own"):
        (LOGIN,   404,   404,   403,   403, PERSN, PERSN,   404, PERSN,   403,   403,   404,   404),
    ("POST", "people:consent_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Staff pages of the directory (public data: no second factor needed). AWO Altstadt keeps
    # its own offers: the Quartiersbüro (office staff, manager) may not change them (404); the
    # region coordinator may (lotse/directory/rules.py).
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "directory:staff_offers", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_offers_csv", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_offers_xlsx", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_offer_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("POST", "directory:staff_offer_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_offer_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "directory:staff_offer_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "directory:staff_offer_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("POST", "directory:staff_offer_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "directory:staff_offer_hours", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "directory:staff_offer_hours", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "directory:staff_offer_hours", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("POST", "directory:staff_offer_hours", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "directory:staff_offer_archive", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "directory:staff_offer_archive", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "directory:staff_offer_archive", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,  LIST,   404,  LIST,   404,  LIST,   404),
    ("POST", "directory:staff_offer_archive", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  LIST),
    ("GET", "directory:staff_locations", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_location_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("POST", "directory:staff_location_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "directory:staff_location_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "directory:staff_location_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "directory:staff_location_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("POST", "directory:staff_location_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "directory:staff_import", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   200,   403),
    ("POST", "directory:staff_import", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,   200,   403,   200,   403),

    # HSDS API (public, read-only)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "hsds:root", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:openapi", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:services", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:service", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:service_at_locations", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:service_at_location", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:organizations", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:organization", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:taxonomies", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:taxonomy", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:taxonomy_terms", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:taxonomy_term", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "hsds:^", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "hsds:services", ""):
        (  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),

    # Staff API /api/v1/ (session login; JSON body {})
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    # ninja answers 404 at the root of the API.
    ("GET", "api:api-root", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    # The documentation and schema are for staff (config/api.py; the HSDS API's stay public).
    ("GET", "api:openapi-json", ""):
        (LOGIN,   403,   403,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api:openapi-view", ""):
        (LOGIN,   403,   403,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "/api/v1/directory/offers", ""):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    ("GET", "/api/v1/directory/offers/{offer_id}", "own"):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "/api/v1/directory/offers/{offer_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    # The body {} fails validation (422) before the object is looked up, for every row below.
    ("PUT", "/api/v1/directory/offers/{offer_id}", "own"):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    ("PUT", "/api/v1/directory/offers/{offer_id}", "foreign"):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    ("POST", "/api/v1/directory/offers/{offer_id}/archive", "own"):
        (  401,   403,   403,   404,   404,   404,   404,   422,   404,   422,   404,   422,   404),
    ("POST", "/api/v1/directory/offers/{offer_id}/archive", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ("POST", "/api/v1/directory/locations", ""):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    ("GET", "/api/v1/directory/locations/{location_id}", "own"):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "/api/v1/directory/locations/{location_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("PUT", "/api/v1/directory/locations/{location_id}", "own"):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    ("PUT", "/api/v1/directory/locations/{location_id}", "foreign"):
        (  401,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    # With a valid body (API_BODIES), so that the permission check answers, not validation.
    # New offers and locations belong to the caller's organisation (403 without an editor role).
    ("POST", "/api/v1/directory/offers", "+body"):
        (  401,   403,   403,   403,   403,   201,   403,   201,   201,   201,   403,   201,   201),
    ("POST", "/api/v1/directory/locations", "+body"):
        (  401,   403,   403,   403,   403,   201,   403,   201,   201,   201,   403,   201,   201),
    ("PUT", "/api/v1/directory/offers/{offer_id}", "own+body"):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("PUT", "/api/v1/directory/offers/{offer_id}", "foreign+body"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "/api/v1/people/persons", "+body"):
        (  401,   403,   403,   403,   403,   201,   201,   403,   201,   403,   403,   201,   403),
    ("PUT", "/api/v1/people/persons/{person_id}", "own+body"):
        (  401,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("PUT", "/api/v1/people/persons/{person_id}", "foreign+body"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # With its query: refused like the page people:person_list (403), not an empty list. The
    # administrator of AWO Altstadt works with its persons (none here: an empty list).
    ("GET", "/api/v1/people/persons?q=Erna", ""):
        (  401,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
}
# fmt: on


# The JSON bodies of the rows whose variant ends in "+body" (the object as in the variant before
# the "+"): valid, so that the answer is the permission's, not the validation's (422).
API_BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("PUT", "/api/v1/directory/offers/{offer_id}"): {"name": "Chor", "description": "Singen."},
    ("POST", "/api/v1/directory/offers"): {"name": "Erzählcafé", "description": "Erzählen."},
    ("POST", "/api/v1/directory/locations"): {
        "name": "Gemeindehaus",
        "address_1": "Kirchplatz 1",
        "postal_code": "34117",
        "city": "Teststadt",
    },
    ("POST", "/api/v1/people/persons"): {
        "given_name": "Hans",
        "family_name": "Neumann",
        "birth_year": 1941,
    },
    ("PUT", "/api/v1/people/persons/{person_id}"): {
        "given_name": "Erna",
        "family_name": "Müller",
        "birth_year": 1938,
        "reason": "Angaben geprüft",
    },
}


def _row_modules() -> list[ModuleType]:
    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lotse."):
            continue
        # `matrix_rows.py`, and for an app built in parts also `matrix_rows_<part>.py`.
        tests = Path(config.path) / "tests"
        for path in sorted(tests.glob("matrix_rows*.py")):
            name = f"{config.name}.tests.{path.stem}"
            if importlib.util.find_spec(name) is not None:
                modules.append(importlib.import_module(name))
    return modules


ROW_MODULES = _row_modules()
for _module in ROW_MODULES:
    _overlap = MATRIX.keys() & _module.ROWS.keys()
    assert not _overlap, f"{_module.__name__}: rows already in the matrix: {_overlap}"
    MATRIX |= _module.ROWS
    OBJECT_KWARGS |= getattr(_module, "OBJECT_KWARGS", set())

WORLD_EXTENSIONS: list[Callable[..., None]] = [
    m.extend_world for m in ROW_MODULES if hasattr(m, "extend_world")
]
