"""A request to the digital helpers from the help plan: through the volunteers' service, as an
action of the plan."""

import pytest
from django.core.exceptions import ValidationError

from lotse.cases.models import Action, Goal
from lotse.cases.services_plan import action_ask_digital_help, case_close
from lotse.volunteers.models import HelpRequest

DATA = {"device": "android", "topics": ["messenger"], "place": "home", "urgency": "normal"}


@pytest.fixture
def goal(case_file) -> Goal:
    return Goal.objects.create(case_file=case_file, text="Mit dem Enkel Videos telefonieren")


def test_action_ask_digital_help_creates_the_request_and_the_action(
    case_file, care_navigator, goal
):
    action = action_ask_digital_help(
        actor=care_navigator, case_file=case_file, goal=goal, data=DATA
    )

    help_request = HelpRequest.objects.get()
    assert action.kind == Action.Kind.DIGITAL_HELP and action.goal == goal
    assert action.help_request == help_request
    assert help_request.person == case_file.person
    assert help_request.source_inquiry_id is None
    assert help_request.device == "android"


def test_action_ask_digital_help_twice_makes_two_requests(case_file, care_navigator, goal):
    # Without an inquiry there is nothing to deduplicate on: each action is its own request.
    action_ask_digital_help(actor=care_navigator, case_file=case_file, goal=goal, data=DATA)
    action_ask_digital_help(actor=care_navigator, case_file=case_file, goal=None, data=DATA)

    assert HelpRequest.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {**DATA, "device": "toaster"},
        {**DATA, "topics": ["telepathy"]},
        {**DATA, "place": "\x00"},
    ],
)
def test_action_ask_digital_help_refuses_bad_data_and_changes_nothing(
    case_file, care_navigator, data
):
    with pytest.raises(ValidationError):
        action_ask_digital_help(actor=care_navigator, case_file=case_file, goal=None, data=data)

    assert not HelpRequest.objects.exists() and not Action.objects.exists()


def test_action_ask_digital_help_needs_the_persons_quarter(case_file, care_navigator):
    case_file.person.quarter = None
    case_file.person.save(update_fields=["quarter"])

    with pytest.raises(ValidationError):
        action_ask_digital_help(actor=care_navigator, case_file=case_file, goal=None, data=DATA)

    assert not HelpRequest.objects.exists()


def test_action_ask_digital_help_refuses_a_closed_case(case_file, care_navigator):
    case_close(
        actor=care_navigator,
        case_file=case_file,
        closed_on=case_file.opened_on,
        reason="declined",
        outcomes={},
    )

    with pytest.raises(ValidationError):
        action_ask_digital_help(actor=care_navigator, case_file=case_file, goal=None, data=DATA)

    assert not HelpRequest.objects.exists()


def test_plan_page_hands_over_to_digital_help(client, with_totp, care_navigator, case_file, goal):
    with_totp(care_navigator)
    client.force_login(care_navigator)
    url = f"/begleitungen/{case_file.pk}/hilfeplan/"

    empty = client.post(url + "digitalhilfe/", {})
    sent = client.post(
        url + "digitalhilfe/",
        {
            "goal": str(goal.pk),
            "device": "android",
            "topics": ["messenger"],
            "place": "home",
            "urgency": "normal",
        },
    )

    assert empty.status_code == 200 and "Wählen Sie ein Gerät" in empty.content.decode()
    assert sent.status_code == 302
    page = client.get(url).content.decode()
    assert "Digital-Hilfe: Android-Handy" in page


def test_api_action_with_digital_help_creates_the_request(
    client, with_totp, care_navigator, case_file, goal
):
    with_totp(care_navigator)
    client.force_login(care_navigator)
    url = f"/api/v1/cases/{case_file.pk}/actions"

    created = client.post(
        url,
        {"kind": "digital_help", "goal": str(goal.pk), "digital_help": DATA},
        content_type="application/json",
    )
    refused = client.post(
        url,
        {"kind": "digital_help", "digital_help": {**DATA, "device": "toaster"}},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "digital_help"
    assert refused.status_code == 422
    assert HelpRequest.objects.count() == 1
