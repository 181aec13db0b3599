"""The staff JSON API for requests for help: the pages' services and checks, 409 for a refused
transition, 422 for bad input, another region's request out of reach."""

import pytest

from lotse.people.models import Consent, ContactChannel
from lotse.volunteers.models import HelpOffer, HelpRequest
from lotse.volunteers.tests.requests_fixtures import (
    consent,
    coordinating_office,
    make_helper,
    make_request,
    person,
)

URL = "/api/v1/volunteers/requests"


@pytest.fixture
def office(region, quarter):
    return coordinating_office(region, quarter)


@pytest.fixture
def api(client, multiplier, with_totp, office):
    with_totp(multiplier)
    client.force_login(multiplier)
    return client


@pytest.fixture
def open_request(office, quarter):
    erna = person(office, quarter)
    consent(erna, Consent.Purpose.CONTACT, ContactChannel.EMAIL)
    return make_request(office, quarter, erna)


def _post(client, url, **data):
    return client.post(url, data, content_type="application/json")


def test_create_records_a_request_and_read_returns_it(api, quarter):
    response = _post(
        api,
        URL,
        given_name="Ilse",
        family_name="Berg",
        birth_year="1939",
        phone="0561 998877",
        quarter=quarter.slug,
        device="android",
        topics=["banking"],
        place="office",
        urgency="urgent",
        days=[1],
        parts=["morning"],
        consent_keep=True,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "open" and body["quarter"] == quarter.slug
    assert api.get(f"{URL}/{body['id']}").json()["device"] == "android"
    assert HelpRequest.objects.get().free_slots == [{"weekday": 1, "part": "morning"}]


def test_create_with_bad_input_is_422_in_german(api, quarter):
    response = _post(api, URL, given_name="Ilse", quarter="nirgendwo", birth_year="1" * 30)

    assert response.status_code == 422
    assert "Wählen Sie ein Quartier" in response.json()["detail"]
    assert not HelpRequest.objects.exists()


def test_ranking_offer_and_refused_transition(api, office, quarter, multiplier, open_request):
    helper = make_helper(office, quarter, name="Hans", seen_by=multiplier)

    ranked = api.get(f"{URL}/{open_request.id}/ranking").json()
    assert ranked[0]["helper"] == str(helper.id)
    assert "kennt iPhone" in ranked[0]["reasons"]

    bogus = _post(api, f"{URL}/{open_request.id}/offers", helpers=[str(open_request.id)])
    assert bogus.status_code == 422

    offered = _post(api, f"{URL}/{open_request.id}/offers", helpers=[str(helper.id)])
    assert offered.status_code == 201
    assert HelpOffer.objects.get().helper == helper

    refused = _post(api, f"{URL}/{open_request.id}/done")
    assert refused.status_code == 409
    assert "geht von dort nicht" in refused.json()["detail"]


def test_state_changes(api, open_request):
    assert _post(api, f"{URL}/{open_request.id}/not-done").status_code == 422

    withdrawn = _post(api, f"{URL}/{open_request.id}/withdraw", reason="Enkel hilft")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"

    reopened = _post(api, f"{URL}/{open_request.id}/reopen")
    assert reopened.json()["state"] == "open"


def test_board_lists_open_requests_and_others_are_refused(
    api, client, open_request, office_staff, with_totp
):
    assert [r["id"] for r in api.get(URL).json()["items"]] == [str(open_request.id)]
    assert api.get(f"{URL}?page=99999999999999999999").status_code in (200, 422)

    with_totp(office_staff)
    client.force_login(office_staff)
    assert client.get(URL).status_code == 403


def test_another_regions_request_is_404(api, outsider, open_request):
    from lotse.core.models import Organisation

    foreign_org = Organisation.objects.get(memberships__user=outsider)
    stranger = person(foreign_org, None)
    foreign = make_request(foreign_org, None, stranger)

    assert api.get(f"{URL}/{foreign.id}").status_code == 404
    assert _post(api, f"{URL}/{foreign.id}/withdraw").status_code == 404
