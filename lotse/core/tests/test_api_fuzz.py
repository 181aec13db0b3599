"""Property-based testing of both JSON APIs with schemathesis: requests generated from the
OpenAPI documents, valid and invalid; none may answer with a server error (5xx) or with a status
its operation does not document (schemathesis' `status_code_conformance`).

The staff API (/api/v1/) is called as office staff past the second factor, with the ids of real
objects in the paths as well as generated ones, and anonymously; the HSDS API (/api/hsds/) from
the document it publishes (the official HSDS 3.0 one plus the UK parameters and its error
statuses), where every valid request must also be accepted. The run is bounded:
LOTSE_FUZZ_EXAMPLES requests per operation, generation mode and caller (default 25; a deeper
local run: LOTSE_FUZZ_EXAMPLES=100), the same requests every run (derandomised), so a failure
can be repeated. The staff API is fuzzed one part (/api/v1/<part>/) per test, so that the
parts run side by side in the suite's workers."""

import copy
import functools
import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import status_code_conformance

from config.api import api
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.directory.hsds import openapi as hsds_openapi
from lotse.directory.models import Location
from lotse.volunteers.models import HelpRequest

EXAMPLES = int(os.environ.get("LOTSE_FUZZ_EXAMPLES", "25"))
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

# transactional_db: the WSGI handler closes the database connection after each request, as in
# production, which would end the enclosing transaction of an ordinary test.
pytestmark = [
    pytest.mark.exhaustive,
    pytest.mark.filterwarnings("ignore"),
    pytest.mark.usefixtures("transactional_db"),
]


def _schema(document: dict[str, Any]) -> Any:
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


# Who calls: a name for the report, and the cookies and headers of their requests.
type Callers = dict[str, dict[str, dict[str, str]]]
ANONYMOUS: Callers = {"anonym": {}}


def _run(
    schema: Any,
    *,
    callers: Callers,
    path_parameters: dict[str, str],
    accepts_valid: bool = False,
) -> Counter:
    """Sends EXAMPLES generated requests per operation and mode, each one from every caller in
    turn (generating takes about half the time, so each request is generated once); returns
    the faults counted by (caller, operation, status, fault): a server error, a status the
    document does not list for the operation, and with `accepts_valid` a valid request refused
    (any 4xx but the 404 of an id that names nothing). Prints how many requests were sent
    (`pytest -s`)."""
    errors: Counter = Counter()
    answers: Counter = Counter()
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = {
            name: value
            for name, value in path_parameters.items()
            if f"{{{name}}}" in operation.path
        }
        for mode in MODES:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def call(case: Any) -> None:
                nonlocal sent
                for who, caller in callers.items():
                    sent += 1
                    response = case.call(**caller)
                    key = (who, case.operation.label, response.status_code)
                    answers[key] += 1
                    if response.status_code >= 500:
                        errors[(*key, "Serverfehler")] += 1
                    try:
                        case.validate_response(response, checks=[status_code_conformance])
                    except FailureGroup:
                        errors[(*key, "nicht dokumentiert")] += 1
                    refused = response.status_code >= 400 and not (
                        response.status_code == 404 and "{" in case.operation.path
                    )
                    if accepts_valid and case.meta.generation.mode.is_positive and refused:
                        errors[(*key, "gültig, aber abgelehnt")] += 1

            try:
                call()
            except Unsatisfiable:
                # An operation without parameters or body has no invalid requests to make.
                assert mode == GenerationMode.NEGATIVE, operation.label
    print(f"schemathesis: {sent} Anfragen, {sum(errors.values())} Fehler")
    if os.environ.get("LOTSE_FUZZ_VERBOSE"):
        print(
            "\n".join(
                f"{who} {label} {status}: {n}"
                for (who, label, status), n in sorted(answers.items())
            )
        )
    return errors


@pytest.fixture
def world(office_staff, office, erna, topic, make_offer, provider_org) -> dict[str, str]:
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        description="Braucht Hilfe beim Einkaufen.",
        minutes_spent=5,
    )
    offer = make_offer("Mittagstisch")
    help_request = HelpRequest.objects.create(
        organisation=office, region_id=office.region_id, person=erna, device="iphone"
    )
    return {
        "request_id": str(help_request.id),
        "person_id": str(erna.id),
        "inquiry_id": str(inquiry.id),
        "offer_id": str(offer.id),
        "location_id": str(Location.objects.get(organization=provider_org).id),
    }


def _logged_in(user) -> dict[str, dict[str, str]]:
    """Session and CSRF cookie of a logged-in user, and the CSRF header writes need."""
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "cookies": {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: token},
        "headers": {"X-CSRFToken": token},
    }


def _part(document: dict[str, Any], part: str, *, path_takes: set[str] | None = None) -> dict:
    """The staff API document with only the operations under /api/v1/<part>/; with
    `path_takes`, only those whose path takes one of these parameters."""
    part_document = copy.deepcopy(document)
    part_document["paths"] = {
        path: operations
        for path, operations in document["paths"].items()
        if path.split("/")[3] == part
        and (path_takes is None or any(f"{{{name}}}" in path for name in path_takes))
    }
    return part_document


@functools.cache
def staff_document() -> dict[str, Any]:
    """The staff API's document, made once per worker (about a second each time); callers
    that change it take a copy (`_part`)."""
    return api.get_openapi_schema()


# The parts of the staff API (/api/v1/<part>/…): directory, people, desk, volunteers, cases,
# news. Read from its URL patterns: making the document at collection cost every worker 2 s.
API_PARTS = sorted(
    {str(url.pattern).split("/")[0] for url in api.urls[0] if "/" in str(url.pattern)}
)


@pytest.mark.parametrize("part", API_PARTS)
def test_staff_api_answers_staff_and_anonymous_callers_without_server_error_or_undocumented_status(
    part, office_staff, with_totp, world
):
    with_totp(office_staff)
    document = staff_document()
    staff = {"Büro": _logged_in(office_staff)}
    part_document = _part(document, part)
    assert part_document["paths"], part

    # Each request anonymously first, then as staff: an anonymous request changes nothing.
    errors = _run(_schema(part_document), callers=ANONYMOUS | staff, path_parameters=world)
    # Then generated ids where the first run put the world's: elsewhere the same (derandomised)
    # requests would only be sent again.
    errors += _run(
        _schema(_part(document, part, path_takes=set(world))), callers=staff, path_parameters={}
    )

    assert not errors, f"Fehler: {dict(errors)}"


def test_hsds_api_accepts_what_its_document_allows_and_answers_only_documented_statuses(
    make_offer,
):
    make_offer("Mittagstisch")
    # The published document: the official one plus the UK parameters and error statuses.
    schema = _schema(copy.deepcopy(hsds_openapi.document()))
    # A NUL is refused everywhere (text_input.py, tested there), also where HSDS allows text.
    schema.config.generation.update(allow_x00=False)

    errors = _run(schema, callers=ANONYMOUS, path_parameters={}, accepts_valid=True)

    assert not errors, f"Fehler: {dict(errors)}"
