"""The team part's staff API: the pages' selectors and services, 409 for a state conflict, 422
for bad input, another organisation's case out of reach."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.cases.models import CaseFile, Cover, Stage
from lotse.cases.tests.conftest import colleague_make

URL = "/api/v1/cases"


@pytest.fixture
def api(client, with_totp):
    ready = set()

    def log_in(user):
        if user.pk not in ready:
            with_totp(user)
            ready.add(user.pk)
        client.force_login(user)
        return client

    return log_in


def _post(client, url, **data):
    return client.post(url, data, content_type="application/json")


def test_caseload_lists_the_cases_with_their_flags(case_file, care_navigator, api, site):
    CaseFile.objects.filter(pk=case_file.pk).update(next_review_on=timezone.localdate())
    client = api(care_navigator)

    response = client.get(URL)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["id"] == str(case_file.pk)
    assert row["review_due"] is True
    assert row["task_overdue"] is False
    assert row["reasons"] == ["Überprüfung fällig"]
    assert row["responsible"] == str(care_navigator.public_id)
    assert client.get(URL + f"?site={site.slug}").json()["count"] == 1
    assert client.get(URL + "?stage=plan").json()["count"] == 0
    assert client.get(URL + "?attention_only=true").json()["count"] == 1


@pytest.mark.parametrize("query", ["?stage=closed", "?stage=x", "?site=nirgends", "?site=%00"])
def test_caseload_refuses_unknown_filters(case_file, care_navigator, api, query):
    assert api(care_navigator).get(URL + query).status_code in (400, 422)


def test_caseload_is_refused_to_those_without_a_caseload(manager, api):
    assert api(manager).get(URL).status_code == 403


def test_team_counts_for_team_leaders_only(case_file, manager, care_navigator, office, api):
    response = api(manager).get(URL + "/team")

    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == str(office.pk)
    mine = next(row for row in body["people"] if row["public_id"] == str(care_navigator.public_id))
    assert mine["open"] == 1
    assert mine["stages"]["first_contact"] == 1
    assert api(manager).get(URL + "/team?organisation=" + str(case_file.pk)).status_code == 403
    assert api(care_navigator).get(URL + "/team").status_code == 403


def test_handover_hands_the_case_over(case_file, care_navigator, colleague, api):
    client = api(care_navigator)

    response = _post(
        client,
        URL + f"/{case_file.pk}/handover",
        to_user=str(colleague.public_id),
        note="Bitte übernehmen.",
        keep_on_team=True,
    )

    assert response.status_code == 200, response.content
    assert response.json()["responsible"] == str(colleague.public_id)
    assert response.json()["team"] == [str(care_navigator.public_id)]
    case_file.refresh_from_db()
    assert case_file.responsible == colleague


def test_handover_refusals(case_file, care_navigator, colleague, outsider, api):
    client = api(care_navigator)
    url = URL + f"/{case_file.pk}/handover"

    assert _post(client, url, to_user=str(colleague.public_id), note="").status_code == 422
    assert _post(client, url, to_user=str(outsider.public_id), note="x").status_code == 422
    assert _post(client, url, note="x").status_code == 422
    assert _post(client, url, to_user="kein-uuid", note="x").status_code == 422
    long = "x" * 5000
    assert _post(client, url, to_user=str(colleague.public_id), note=long).status_code == 422
    CaseFile.objects.filter(pk=case_file.pk).update(
        stage=Stage.CLOSED, closed_on=timezone.localdate()
    )
    assert _post(client, url, to_user=str(colleague.public_id), note="x").status_code == 409
    assert api(outsider).post(url, {}, content_type="application/json").status_code == 404
    assert api(colleague).post(url, {}, content_type="application/json").status_code == 403
    unknown = URL + "/00000000-0000-0000-0000-000000000000/handover"
    assert _post(client, unknown, note="x").status_code == 404


def test_covers_enter_list_and_end(care_navigator, colleague, api):
    client = api(care_navigator)
    today = timezone.localdate()

    created = _post(
        client,
        URL + "/covers",
        covering=str(colleague.public_id),
        starts_on=(today - dt.timedelta(days=2)).isoformat(),
        ends_on=(today + dt.timedelta(days=2)).isoformat(),
    )

    assert created.status_code == 201, created.content
    assert created.json()["absent"] == str(care_navigator.public_id)
    listed = client.get(URL + "/covers").json()
    assert [cover["id"] for cover in listed] == [created.json()["id"]]
    ended = _post(client, URL + f"/covers/{created.json()['id']}/end")
    assert ended.status_code == 200
    assert ended.json()["ends_on"] == (today - dt.timedelta(days=1)).isoformat()
    assert _post(client, URL + f"/covers/{created.json()['id']}/end").status_code == 409


def test_cover_refusals(care_navigator, colleague, office, manager, outsider, api):
    client = api(care_navigator)
    today = timezone.localdate().isoformat()
    third = colleague_make(office, "dritte@test.de")

    for body, status in [
        ({}, 422),
        ({"covering": str(care_navigator.public_id), "starts_on": today, "ends_on": today}, 422),
        ({"covering": str(colleague.public_id), "starts_on": today, "ends_on": "1900-01-01"}, 422),
        ({"covering": str(colleague.public_id), "starts_on": today, "ends_on": "99999-01-01"}, 422),
        (
            {
                "absent": str(colleague.public_id),
                "covering": str(third.public_id),
                "starts_on": today,
                "ends_on": today,
            },
            403,
        ),
    ]:
        assert _post(client, URL + "/covers", **body).status_code == status, body
    assert not Cover.objects.exists()
    assert api(outsider).get(URL + "/covers").status_code == 403
    by_leader = _post(
        api(manager),
        URL + "/covers",
        absent=str(colleague.public_id),
        covering=str(third.public_id),
        starts_on=today,
        ends_on=today,
    )
    assert by_leader.status_code == 201
    assert api(outsider).post(URL + f"/covers/{by_leader.json()['id']}/end").status_code == 404
