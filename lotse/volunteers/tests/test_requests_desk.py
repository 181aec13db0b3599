"""The desk hands an inquiry over to the digital helpers and hears back when it ends; the
requests appear in the person's history."""

import pytest
from django.urls import reverse

from lotse.core.audit import AuditEntry
from lotse.desk.models import Inquiry
from lotse.people.models import Consent, ContactChannel
from lotse.volunteers import request_services as services
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.tests.requests_fixtures import consent, coordinating_office, make_helper


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def inquiry(region, quarter, office_staff, erna):
    coordinating_office(region, quarter)
    consent(erna, Consent.Purpose.CONTACT, ContactChannel.EMAIL)
    return Inquiry.objects.create(
        organisation=erna.organisation,
        region_id=erna.region_id,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        quarter=quarter,
        created_by=office_staff,
    )


def test_desk_hands_over_and_the_inquiry_hears_when_it_is_done(
    logged_in, office_staff, multiplier, inquiry, quarter, erna
):
    # Given the inquiry page offers the hand-over
    client = logged_in(office_staff)
    page = client.get(reverse("desk:inquiry_detail", args=[inquiry.pk])).text
    assert "An Digital-Hilfe weitergeben" in page

    # When office staff hand it over
    response = client.post(
        reverse("desk:inquiry_digital_help", args=[inquiry.pk]),
        {"device": "iphone", "topics": ["messenger"], "place": "home", "urgency": "soon"},
    )

    # Then a request linked to the inquiry is on the board, and the page says so
    assert response.status_code == 302
    help_request = HelpRequest.objects.get()
    assert help_request.source_inquiry_id == inquiry.pk
    assert help_request.person == erna
    assert "Weitergegeben am" in client.get(response["Location"]).text
    history = client.get(reverse("people:person_detail", args=[erna.pk])).text
    assert reverse("volunteers:request_detail", args=[help_request.pk]) in history

    # When the helper's session is done
    helper = make_helper(help_request.organisation, quarter, name="Hans", seen_by=multiplier)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[helper]
    )
    services.help_offer_accept(offer=offer)
    services.help_request_done(actor=multiplier, help_request=help_request)

    # Then the inquiry comes up for the follow-up call, with a log entry
    inquiry.refresh_from_db()
    assert inquiry.follow_up_outcome
    assert AuditEntry.objects.filter(verb="inquiry.digital_help_finished").exists()


def test_hand_over_of_an_empty_form_stays_on_the_page_in_german(logged_in, office_staff, inquiry):
    response = logged_in(office_staff).post(
        reverse("desk:inquiry_digital_help", args=[inquiry.pk]), {"topics": ["x\x01"]}
    )

    assert response.status_code == 200
    assert "Wählen Sie ein Gerät" in response.text
    assert not HelpRequest.objects.exists()
