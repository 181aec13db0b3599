"""The team part's staff API, fuzzed as the people who use it (a Kümmerer on the case, a team
leader): generated valid and invalid requests never answer a server error or a status the
API document does not list (lotse/core/tests/test_api_fuzz.py does this for office staff)."""

import copy
import datetime as dt

import pytest
from django.utils import timezone

from lotse.cases.models import Cover
from lotse.core.tests.test_api_fuzz import _logged_in, _run, _schema, staff_document

pytestmark = [
    pytest.mark.exhaustive,
    pytest.mark.filterwarnings("ignore"),
    pytest.mark.usefixtures("transactional_db"),
]

# The operations of lotse/cases/api_team.py (method, path).
TEAM_OPERATIONS = {
    ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/team"),
    ("post", "/api/v1/cases/{case_id}/handover"),
    ("get", "/api/v1/cases/covers"),
    ("post", "/api/v1/cases/covers"),
    ("post", "/api/v1/cases/covers/{cover_id}/end"),
}


def _team_document() -> dict:
    document = copy.deepcopy(staff_document())
    document["paths"] = {
        path: {m: op for m, op in operations.items() if (m, path) in TEAM_OPERATIONS}
        for path, operations in document["paths"].items()
        if any((m, path) in TEAM_OPERATIONS for m in operations)
    }
    return document


def test_team_api_answers_without_server_error_or_undocumented_status(
    case_file, colleague, office, care_navigator, manager, with_totp
):
    today = timezone.localdate()
    cover = Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=case_file.responsible,
        covering=colleague,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=3),
        created_by=case_file.responsible,
    )
    for user in (care_navigator, manager):
        with_totp(user)
    schema = _schema(_team_document())

    errors = _run(
        schema,
        callers={"Kümmerer": _logged_in(care_navigator), "Teamleitung": _logged_in(manager)},
        path_parameters={"case_id": str(case_file.pk), "cover_id": str(cover.pk)},
    )

    assert not errors, f"Fehler: {dict(errors)}"
