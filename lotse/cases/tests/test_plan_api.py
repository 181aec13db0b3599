"""The staff JSON API of the plan: the pages' services, 409 for a closed case or a refused step,
422 for bad input, another organisation's case out of reach."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.cases.models import Action, CaseFile, Goal
from lotse.cases.services_plan import goal_add
from lotse.desk.models import Referral

TODAY = timezone.localdate


@pytest.fixture
def api(client, care_navigator, with_totp):
    with_totp(care_navigator)
    client.force_login(care_navigator)
    return client


@pytest.fixture
def goal(case_file, care_navigator) -> Goal:
    return goal_add(actor=care_navigator, case_file=case_file, text="Wieder selbst einkaufen")


def _url(case_file: CaseFile, rest: str) -> str:
    return f"/api/v1/cases/{case_file.pk}/{rest}"


def _post(client, url, **data):
    return client.post(url, data, content_type="application/json")


def test_goals_create_and_list_with_actions(api, case_file):
    response = _post(api, _url(case_file, "goals"), text="Chor", area="social")
    assert response.status_code == 201, response.content
    goal_id = response.json()["id"]

    _post(api, _url(case_file, "actions"), goal=goal_id, title="Anrufen", doer="person")

    listed = api.get(_url(case_file, "goals")).json()
    assert [g["text"] for g in listed] == ["Chor"]
    assert listed[0]["actions"][0]["title"] == "Anrufen"


@pytest.mark.parametrize("text", ["", "x" * 10_000])
def test_goal_create_refuses_bad_text_with_422(api, case_file, text):
    assert _post(api, _url(case_file, "goals"), text=text).status_code == 422
    assert not Goal.objects.exists()


def test_goal_create_with_a_nul_is_refused_before_the_service(api, case_file):
    response = _post(api, _url(case_file, "goals"), text="A\u0000B")

    assert response.status_code in (400, 422)
    assert not Goal.objects.exists()


def test_action_done_then_cancel_answers_409(api, case_file, goal):
    created = _post(api, _url(case_file, "actions"), goal=str(goal.pk), title="Rollator")
    action_id = created.json()["id"]

    done = _post(api, _url(case_file, f"actions/{action_id}/done"))
    again = _post(api, _url(case_file, f"actions/{action_id}/cancel"))

    assert done.status_code == 200 and done.json()["status"] == "done"
    assert again.status_code == 409


def test_action_with_a_far_date_or_another_goal_answers_422(api, case_file, goal):
    far = _post(api, _url(case_file, "actions"), title="X", due_on="2999-01-01")
    other = _post(
        api, _url(case_file, "actions"), title="X", goal="00000000-0000-0000-0000-000000000000"
    )

    assert (far.status_code, other.status_code) == (422, 422)
    assert not Action.objects.exists()


def test_referral_action_goes_through_the_desk(api, case_file, goal, make_offer):
    offer = make_offer("Einkaufshilfe")

    response = _post(
        api, _url(case_file, "actions"), kind="referral", goal=str(goal.pk), offer=str(offer.pk)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "referral" and body["referral"]["status"] == "requested"
    assert Referral.objects.get().inquiry is None


def test_referral_to_an_inactive_or_missing_offer_answers_422(api, case_file, make_offer):
    offer = make_offer("Alt")
    offer.status = "defunct"
    offer.save()

    inactive = _post(api, _url(case_file, "actions"), kind="referral", offer=str(offer.pk))
    missing = _post(api, _url(case_file, "actions"), kind="referral")

    assert (inactive.status_code, missing.status_code) == (422, 422)


def test_reviews_create_and_list(api, case_file, goal):
    response = _post(
        api,
        _url(case_file, "reviews"),
        reviewed_on=str(TODAY()),
        what_changed="Besser",
        goal_statuses={str(goal.pk): "partly"},
    )

    assert response.status_code == 201, response.content
    assert [r["what_changed"] for r in api.get(_url(case_file, "reviews")).json()] == ["Besser"]
    goal.refresh_from_db()
    assert goal.status == "partly"


def test_review_in_the_future_answers_422(api, case_file):
    response = _post(
        api, _url(case_file, "reviews"), reviewed_on="2999-01-01", what_changed="Besser"
    )

    assert response.status_code == 422


def test_close_twice_answers_409_and_reopen_needs_a_reason(api, case_file, goal):
    body = {
        "closed_on": str(TODAY()),
        "reason": "moved",
        "outcomes": {str(goal.pk): {"status": "not_reached", "note": "Umgezogen"}},
        "check_in_on": str(TODAY() + dt.timedelta(days=91)),
    }

    first = _post(api, _url(case_file, "close"), **body)
    second = _post(api, _url(case_file, "close"), **body)
    goal_on_closed = _post(api, _url(case_file, "goals"), text="Neu")
    no_reason = _post(api, _url(case_file, "reopen"))
    reopened = _post(api, _url(case_file, "reopen"), reason="Zurück in der Stadt")

    assert first.status_code == 200 and first.json()["stage"] == "closed"
    assert (second.status_code, goal_on_closed.status_code) == (409, 409)
    assert no_reason.status_code == 422
    assert reopened.status_code == 200 and reopened.json()["closed_on"] is None


def test_close_without_outcomes_answers_422(api, case_file, goal):
    response = _post(api, _url(case_file, "close"), closed_on=str(TODAY()), reason="moved")

    assert response.status_code == 422


def test_manager_reads_but_may_not_write(client, manager, with_totp, case_file, goal):
    with_totp(manager)
    client.force_login(manager)

    assert client.get(_url(case_file, "goals")).status_code == 200
    assert _post(client, _url(case_file, "goals"), text="X").status_code == 403


def test_outsider_gets_404(client, outsider, with_totp, case_file):
    with_totp(outsider)
    client.force_login(outsider)

    assert client.get(_url(case_file, "goals")).status_code == 404
    assert _post(client, _url(case_file, "goals"), text="X").status_code == 404
