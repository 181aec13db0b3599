"""Every page and API operation × every persona, against the table in authorization_matrix.py.

The list of pages comes from the URL resolver and the list of operations from the API schema,
so a new page or operation without a row in the table fails
`test_every_page_and_operation_has_a_row`. Each persona gets one test that builds the world once
and walks the whole table (a subtest per row): ~1,300 requests in about 25 seconds.

To collect the actual answers (when adding pages): LOTSE_MATRIX_RECORD=/tmp/answers.txt pytest …
"""

import functools
import json
import os
import re
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from lotse.accounts.services import user_create
from lotse.core import pdf
from lotse.core.models import Organisation
from lotse.core.rules import is_staff_member
from lotse.core.tests.authorization_matrix import (
    AALOG,
    API_BODIES,
    CODE,
    LOGIN,
    MATRIX,
    OBJECT_KWARGS,
    PERSONAS,
    SKIPPED,
    SKIPPED_PREFIXES,
    WORLD_EXTENSIONS,
    Expected,
)
from lotse.directory.models import Location, Service, ServiceAtLocation
from lotse.people.models import Consent, Person
from lotse.people.tests.factories import ConsentFactory, PersonFactory

# Where a superuser's answer differs from an account without memberships (see the test below).
# (account without memberships, superuser); none shows personal data. Where login leads a
# logged-in account (the landing of each role) is left out of the comparison.
LANDING_PAGES = {"accounts:login", "account_request_login_code"}
_OFFICE = "/buero/{slug}/zeiten/"
SUPERUSER_DIFFERS: dict[str, tuple[Expected, Expected]] = {
    # Being staff (is_staff_member): the roles, the API's documentation.
    "GET accounts:roles": (403, 200),
    "GET api:openapi-json": (403, 200),
    "GET api:openapi-view": (403, 200),
    # Only neighbours post on the noticeboard with their account; staff, and a superuser, post
    # for a person who called in (news.add_boardpost).
    "GET board:new": (200, 403),
    "POST board:new": (200, 403),
    # Offices are the admin's (ADMIN_MODELS): hours and closures of any office.
    **{
        f"{method} office:{page} {variant}": (404, 200)
        for method, page in [
            ("GET", "staff_hours"),
            ("GET", "staff_hour_remove"),
            ("GET", "staff_closure_remove"),
            ("POST", "staff_hour_add"),
            ("POST", "staff_closure_add"),
        ]
        for variant in ("own", "foreign")
    },
    **{
        f"POST office:{page} {variant}": (404, _OFFICE.format(slug=slug))
        for page in ("staff_hour_remove", "staff_closure_remove")
        for variant, slug in (("own", "altstadt-buero"), ("foreign", "anders-buero"))
    },
}

# Patterns without a name are listed by namespace and route.
UNNAMED_PATHS = {"hsds:^": "/api/hsds/unbekannt"}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    """(key, route, pattern) of every URL pattern, included URLconfs too."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            key = namespace + (pattern.name or str(pattern.pattern))
            yield key, prefix + str(pattern.pattern), pattern


def _is_api_operation(pattern: URLPattern) -> bool:
    # The ninja operations are listed from the schema (method × path) instead.
    return pattern.callback.__module__ == "ninja.operation"


def _pages() -> dict[str, str]:
    """Resolver key → route of every page the matrix must cover."""
    pages = {}
    for key, route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or key in SKIPPED or _is_api_operation(pattern):
            continue
        pages[key] = route
    return pages


def _operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), "/api/v1" + path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
    }


@functools.cache
def _kwarg_names(key: str) -> tuple[str, ...]:
    # Cached: every persona asks for every row, and walking the resolver is slow.
    for walked_key, _route, pattern in _walk(get_resolver().url_patterns):
        if walked_key == key:
            return tuple(pattern.pattern.regex.groupindex)
    return tuple(re.findall(r"{(\w+)}", key))


def test_every_page_and_operation_has_a_row():
    covered = {(method, target) for method, target, _variant in MATRIX}
    variants: dict[str, set[str]] = {}
    for _method, target, variant in MATRIX:
        variants.setdefault(target, set()).add(variant.partition("+")[0])

    missing = [f"page {key}  ({route})" for key, route in _pages().items() if key not in variants]
    missing += [f"API {m} {p}" for m, p in sorted(_operations()) if (m, p) not in covered]
    one_sided = [
        f"{target}: needs both 'own' and 'foreign' rows"
        for target in variants
        if set(_kwarg_names(target)) & OBJECT_KWARGS and variants[target] != {"own", "foreign"}
    ]
    stale = [target for target in variants if target not in _pages() and "/" not in target]

    assert not missing, "No row in authorization_matrix.py for:\n  " + "\n  ".join(missing)
    assert not one_sided, "\n".join(one_sided)
    assert not stale, f"Rows for pages that no longer exist: {stale}"


def test_anonymous_visitors_meet_the_login_where_others_get_in():
    # A page that some persona may open sends anonymous visitors to a login page (residents'
    # pages to the login by e-mail code); the JSON answers 401 instead, and an unknown object
    # 404 for everyone. Logging out while logged out just goes home.
    wrong = [
        f"{method} {target} {variant}: {row[0]!r}"
        for (method, target, variant), row in MATRIX.items()
        if 200 in row[1:]
        and row[0] not in (200, LOGIN, CODE, AALOG, 401, 404)
        and target != "accounts:logout"
    ]

    assert not wrong, "Anonymous visitors should be sent to the login:\n" + "\n".join(wrong)


def _person(organisation: Organisation, recorded_by) -> tuple[Person, Consent]:
    person = PersonFactory.create(organisation=organisation)
    consent = ConsentFactory.create(
        person=person,
        purpose=Consent.Purpose.values[0],
        given_how=Consent.GivenHow.values[0],
        recorded_by=recorded_by,
    )
    return person, consent


@pytest.fixture(autouse=True)
def pdf_not_printed(monkeypatch):
    """The table asks who gets a PDF, not what it looks like (each app's PDF tests print theirs):
    a PDF page renders its HTML as always, but WeasyPrint does not print it (about a second a
    document, a third of a staff persona's walk)."""

    def render(template_name: str, context: dict, *, request=None) -> bytes:
        return b"%PDF-" + render_to_string(template_name, context, request=request).encode()

    monkeypatch.setattr(pdf, "pdf_render", render)


@pytest.fixture
def world(
    request, make_offer, topic, provider_staff, office_staff, outsider
) -> dict[str, dict[str, object]]:
    """URL arguments for 'own' objects (of AWO Altstadt or, for persons, of the Quartiersbüro
    Altstadt: region Kreis Test, where every persona but the outsider works or lives) and
    'foreign' ones (Caritas Anders, the outsider's organisation in another region)."""
    own = make_offer("Mittagstisch", terms=[topic])
    own_sal = own.service_at_locations.get()
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    foreign = Service.objects.create(
        organization=foreign_org, name="Fremdes Angebot", description="Woanders."
    )
    foreign_location = Location.objects.create(organization=foreign_org, name="Anderswo")
    ServiceAtLocation.objects.create(service=foreign, location=foreign_location)
    own_person, own_consent = _person(office_staff.memberships.get().organisation, office_staff)
    foreign_person, foreign_consent = _person(foreign_org, outsider)
    common = {"slug": "altstadt", "token": "kein-gueltiger-link"}
    common |= {"taxonomy_id": topic.taxonomy_id, "taxonomy_term_id": topic.id}
    world: dict[str, dict[str, object]] = {
        "": common
        | {
            "service_id": own.id,
            "service_at_location_id": own_sal.id,
            "organization_id": own.organization_id,
        },
        "own": common
        | {
            "offer_id": own.id,
            "location_id": own_sal.location_id,
            "user_id": provider_staff.public_id,
            "person_id": own_person.id,
            "consent_id": own_consent.id,
        },
        "foreign": common
        | {
            "offer_id": foreign.id,
            "location_id": foreign_location.id,
            "user_id": outsider.public_id,
            "person_id": foreign_person.id,
            "consent_id": foreign_consent.id,
        },
    }
    for extend in WORLD_EXTENSIONS:
        extend(world, request)
    return world


def _url(target: str, variant: str, world) -> str:
    # A row module whose rows need other objects under a shared name (two parts' dates as
    # `occurrence_id`) sets them per target in world["targets"][target][variant].
    base = variant.partition("+")[0]
    values = world[base] | world.get("targets", {}).get(target, {}).get(base, {})
    if target.startswith("/"):
        return re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), target)
    if target in UNNAMED_PATHS:
        return UNNAMED_PATHS[target]
    return reverse(target, kwargs={name: values[name] for name in _kwarg_names(target)})


def _log_in(client, user) -> None:
    """Logged in as after password and authenticator code: allauth keeps a record of both."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": 0, "type": "totp"},
    ]
    session.save()


def _order(row) -> tuple[bool, bool, bool]:
    # Reads first; then writes, the ones that archive or log out last of all.
    (method, target, _variant), _expected = row
    return (method != "GET", "archiv" in target, "logout" in target)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _answer(response) -> Expected:
    """The status code; for a redirect its path, with ids as {id}."""
    if response.status_code == 302:
        return UUID.sub("{id}", response["Location"].split("?")[0])
    return response.status_code


def _matches(answer: Expected, expected: Expected) -> bool:
    if isinstance(expected, frozenset):
        return answer in expected
    return answer == expected


def _logged_out(response) -> bool:
    """Whether the request ended without the user (the logout row): reading the client's
    session after every row instead would load it from the database once more per request."""
    user = getattr(response.wsgi_request, "user", None)
    return user is not None and not user.is_authenticated


def _ask(client, method: str, target: str, variant: str, url: str):
    if target.startswith("/api/v1/"):
        body = API_BODIES[(method, target)] if variant.endswith("+body") else {}
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.generic(method, url, "")


@pytest.mark.exhaustive
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_the_expected_answer_everywhere(
    request, client, subtests, with_totp, world, persona
):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None and is_staff_member(user):
        with_totp(user)
    column = PERSONAS.index(persona)
    record = os.environ.get("LOTSE_MATRIX_RECORD")

    logged_in = False
    for (method, target, variant), expected in sorted(MATRIX.items(), key=_order):
        if user is not None and not logged_in:
            _log_in(client, user)  # again, after the logout row
            logged_in = True
        url = _url(target, variant, world)
        response = _ask(client, method, target, variant, url)
        logged_in = logged_in and not _logged_out(response)
        answer = _answer(response)
        if record:
            with open(record, "a") as out:
                out.write(f"RECORD {persona} {method} {target} {variant!r} {answer!r}\n")
        with subtests.test(f"{method} {target} {variant}".strip()):
            assert _matches(answer, expected[column]), (
                f"{persona}: {method} {url} ({target} {variant}) answered {answer!r}, "
                f"the table says {expected[column]!r}"
            )


@pytest.mark.exhaustive
def test_a_superuser_gets_what_an_account_without_memberships_gets(with_totp, world):
    # Need-to-know holds for superusers too (User.has_perm): on every row a superuser with an
    # authenticator app gets the answer of an account without any membership, except where the
    # admin's short cut (offices, lotse/accounts/models.py ADMIN_MODELS) or being staff
    # (is_staff_member: the staff API's documentation, the roles page) decides, none of which
    # shows personal data.
    plain = user_create(email="ohne-rolle@test.de")
    root = user_create(email="root@test.de")
    root.is_staff = root.is_superuser = True
    root.save(update_fields=["is_staff", "is_superuser"])
    answers: dict[str, dict[tuple[str, str, str], Expected]] = {}
    for user in (plain, root):
        with_totp(user)
        client = Client()
        answers[user.email] = {}
        logged_in = False
        for method, target, variant in sorted(MATRIX, key=lambda key: _order((key, None))):
            if not logged_in:
                _log_in(client, user)
                logged_in = True
            url = _url(target, variant, world)
            response = _ask(client, method, target, variant, url)
            logged_in = not _logged_out(response)
            answers[user.email][(method, target, variant)] = _answer(response)

    differ = {
        f"{method} {target} {variant}".strip(): (answer, answers["root@test.de"][key])
        for key, answer in answers["ohne-rolle@test.de"].items()
        for method, target, variant in [key]
        if answers["root@test.de"][key] != answer and target not in LANDING_PAGES
    }

    assert differ == SUPERUSER_DIFFERS
