"""The pages of requests for help: wiring, bad input (German errors, nothing stored, never a
500), a helper sees only their own requests, the SMS hook."""

import pytest
from django.urls import reverse

from lotse.accounts.services import user_create
from lotse.core.models import Membership, Role
from lotse.people.models import Consent, ContactChannel
from lotse.volunteers import request_services as services
from lotse.volunteers.models import HelpOffer, HelpRequest, HelpSession
from lotse.volunteers.tests.requests_fixtures import (
    consent,
    coordinating_office,
    make_helper,
    make_request,
    person,
)

NEW = "/digitalhilfe/anfrage/"


@pytest.fixture
def office(region, quarter):
    return coordinating_office(region, quarter)


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def erna(office, quarter):
    p = person(office, quarter)
    consent(p, Consent.Purpose.CONTACT, ContactChannel.EMAIL)
    return p


def _helper(office, quarter, multiplier, name: str):
    user = user_create(email=f"{name.lower()}@t.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office, role=Role.HELPER)
    return make_helper(office, quarter, name=name, seen_by=multiplier, user=user)


def _form(quarter, **fields):
    return {
        "given_name": "Ilse",
        "family_name": "Berg",
        "birth_year": "1939",
        "phone": "0561 99 88 77",
        "contact_channel": "phone",
        "home_quarter": str(quarter.pk),
        "postcode": "34117",
        "device": "iphone",
        "topics": ["messenger"],
        "language": "de",
        "place": "home",
        "urgency": "normal",
        "days": ["0"],
        "consent_keep": "on",
        **fields,
    }


def test_a_resident_finds_the_form_from_the_home_page_and_asks_for_help(client, office, quarter):
    # Given the home page links to the form
    assert NEW in client.get("/").text

    # When a resident sends it
    response = client.post(NEW, _form(quarter))

    # Then
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:request_thanks")
    help_request = HelpRequest.objects.get()
    assert help_request.free_slots == [
        {"weekday": 0, "part": "morning"},
        {"weekday": 0, "part": "afternoon"},
        {"weekday": 0, "part": "evening"},
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_year": "99999999999999999999"}, "Das Jahr muss 4 Ziffern haben"),
        ({"topics": ["gardening"]}, "Wählen Sie"),
        ({"postcode": "1234567"}, "Die Postleitzahl muss 5 Ziffern haben"),
        ({"home_quarter": "99999999999999999999"}, "Wählen Sie"),
        ({"consent_keep": ""}, "Stimmen Sie zu"),
        ({"phone": "", "email": ""}, "Telefonnummer oder eine E-Mail-Adresse"),
        ({"description": "x" * 5000}, "höchstens 2000 Zeichen"),
    ],
)
def test_bad_input_gives_a_german_error_and_stores_nothing(
    client, office, quarter, fields, message
):
    response = client.post(NEW, _form(quarter, **fields))

    assert response.status_code == 200
    assert message in response.text
    assert "Fehler:" in response.text
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("field", ["given_name", "description", "phone"])
def test_nul_bytes_are_refused_in_german_before_anything_is_stored(client, office, quarter, field):
    response = client.post(NEW, _form(quarter, **{field: "a\x00b"}))

    assert response.status_code == 400
    assert "Unzulässige Zeichen" in response.text
    assert not HelpRequest.objects.exists()


def test_the_form_is_rate_limited(client, office, quarter):
    for _ in range(5):
        client.post(NEW, _form(quarter))

    response = client.post(NEW, _form(quarter))

    assert response.status_code == 429
    assert HelpRequest.objects.count() == 5


def test_board_lists_open_requests_urgent_first_with_expiry_warning(
    logged_in, multiplier, office, quarter, erna
):
    # Given an old normal request whose offer expired and a new urgent one
    old = make_request(office, quarter, erna, urgency="normal")
    make_request(office, quarter, erna, urgency="urgent", device="android")
    helper = make_helper(office, quarter, name="Hans", seen_by=multiplier)
    HelpOffer.objects.create(
        request=old,
        helper=helper,
        region_id=old.region_id,
        state=HelpOffer.State.EXPIRED,
        expires_at=old.created_at,
    )

    # When
    page = logged_in(multiplier).get(reverse("volunteers:board")).text

    # Then
    assert page.index("Android") < page.index("iPhone")
    assert "ohne Antwort abgelaufen" in page


def test_board_page_number_out_of_range_is_no_error(logged_in, multiplier, office):
    response = logged_in(multiplier).get(reverse("volunteers:board") + "?seite=99999999999999999")

    assert response.status_code == 200


def test_multiplier_offers_from_the_detail_page(logged_in, multiplier, office, quarter, erna):
    helper = make_helper(office, quarter, name="Hans", seen_by=multiplier)
    help_request = make_request(office, quarter, erna)
    client = logged_in(multiplier)

    page = client.get(reverse("volunteers:request_detail", args=[help_request.pk])).text
    assert "kennt iPhone" in page

    response = client.post(
        reverse("volunteers:request_offer", args=[help_request.pk]), {"helpers": [str(helper.pk)]}
    )

    assert response.status_code == 302
    assert HelpOffer.objects.get().helper == helper


def test_offer_with_a_made_up_helper_is_a_german_error(
    logged_in, multiplier, office, quarter, erna
):
    help_request = make_request(office, quarter, erna)

    response = logged_in(multiplier).post(
        reverse("volunteers:request_offer", args=[help_request.pk]),
        {"helpers": ["not-a-uuid"]},
    )

    assert response.status_code == 200
    assert "Wählen Sie aus der Liste" in response.text
    assert not HelpOffer.objects.exists()


def test_offer_link_accepts_without_login_and_shows_no_name(
    client, multiplier, office, quarter, erna
):
    helper = make_helper(office, quarter, name="Hans", seen_by=multiplier)
    help_request = make_request(office, quarter, erna)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[helper]
    )
    url = reverse("volunteers:offer_answer", args=[offer.token])

    page = client.get(url).text
    assert "Kaiser" not in page and "Hauptstraße" not in page

    bad = client.post(url, {"antwort": "annehmen", "day": "31.02.2026"})
    assert bad.status_code == 200 and "Geben Sie den Tag wie" in bad.text

    response = client.post(url, {"antwort": "annehmen"})
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.AGREED


def test_unknown_offer_link_is_404(client, db):
    assert client.get("/digitalhilfe/einsatz/nichts/").status_code == 404


def test_helper_sees_only_their_own_requests_and_reports(
    logged_in, multiplier, office, quarter, erna
):
    # Given two helpers, a request agreed with Hans
    hans = _helper(office, quarter, multiplier, "Hans")
    grete = _helper(office, quarter, multiplier, "Grete")
    help_request = make_request(office, quarter, erna)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[hans]
    )
    services.help_offer_accept(offer=offer)
    report = reverse("volunteers:own_report", args=[help_request.pk])

    # When Grete looks
    client = logged_in(grete.user)
    assert "Erna" not in client.get(reverse("volunteers:own_assignments")).text
    assert client.get(report).status_code == 404
    assert (
        client.get(reverse("volunteers:request_detail", args=[help_request.pk])).status_code == 403
    )

    # Then Hans sees it, without the contact (no consent to pass it on), and reports
    client = logged_in(hans.user)
    page = client.get(reverse("volunteers:own_assignments")).text
    assert "Erna K." in page and "0561 123456" not in page
    assert "stellt den Kontakt her" in page
    bad = client.post(report, {"duration_minutes": "99999999999999999999", "solved": "yes"})
    assert bad.status_code == 200 and "Fehler:" in bad.text
    response = client.post(
        report, {"duration_minutes": "45", "topics": ["messenger"], "solved": "yes"}
    )
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.DONE
    assert HelpSession.objects.get().duration_minutes == 45


def test_helper_sees_the_contact_with_consent(logged_in, multiplier, office, quarter, erna):
    consent(erna, Consent.Purpose.PASS_ON)
    hans = _helper(office, quarter, multiplier, "Hans")
    help_request = make_request(office, quarter, erna)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[hans]
    )
    services.help_offer_accept(offer=offer)

    page = logged_in(hans.user).get(reverse("volunteers:own_assignments")).text

    assert "0561 123456" in page and "Hauptstraße 5" in page


def test_state_change_pages(logged_in, multiplier, office, quarter, erna):
    help_request = make_request(office, quarter, erna)
    client = logged_in(multiplier)

    refused = client.post(reverse("volunteers:request_done", args=[help_request.pk]))
    assert refused.status_code == 200 and "geht von dort nicht" in refused.text

    empty = client.post(reverse("volunteers:request_not_done", args=[help_request.pk]))
    assert empty.status_code == 200 and "warum" in empty.text

    done = client.post(
        reverse("volunteers:request_withdraw", args=[help_request.pk]), {"reason": "Enkel hilft"}
    )
    assert done.status_code == 302
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.WITHDRAWN


def test_sms_hook_needs_the_token_and_answers(client, settings, multiplier, office, quarter, erna):
    url = reverse("volunteers:sms_answer")
    assert client.post(url, {"sender": "1", "text": "x"}).status_code == 404

    settings.LOTSE_SMS_INBOUND_TOKEN = "geheim"
    hans = make_helper(office, quarter, name="Hans", seen_by=multiplier)
    help_request = make_request(office, quarter, erna)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[hans]
    )
    assert client.post(url, {"sender": "1", "text": "x"}).status_code == 403
    auth = {"HTTP_AUTHORIZATION": "Bearer geheim"}
    assert client.post(url, {"sender": "", "text": ""}, **auth).status_code == 400

    response = client.post(url, {"sender": "+491701112223", "text": f"{offer.sms_code} ja"}, **auth)

    assert response.status_code == 200
    assert response.json()["accepted"] is True


def test_detail_asks_staff_to_call_a_person_who_wants_calls(logged_in, multiplier, office, quarter):
    caller = person(office, quarter, contact_channel=ContactChannel.PHONE)
    hans = make_helper(office, quarter, name="Hans", seen_by=multiplier)
    help_request = make_request(office, quarter, caller)
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[hans]
    )
    services.help_offer_accept(offer=offer)

    page = logged_in(multiplier).get(reverse("volunteers:request_detail", args=[help_request.pk]))

    assert "Bitte anrufen:" in page.text


def test_optional_questions_say_freiwillig_once(db, client):
    html = client.get("/digitalhilfe/anfrage/").text

    assert "(freiwillig)" in html
    assert "(freiwillig) (freiwillig)" not in html


def test_the_sign_ups_weekly_times_follow_the_language(db, client):
    english = client.get("/digitalhilfe/helfer-werden/", HTTP_ACCEPT_LANGUAGE="en").text
    german = client.get("/digitalhilfe/helfer-werden/", HTTP_ACCEPT_LANGUAGE="de").text

    assert "Montag vormittags" in german
    assert "Monday mornings" in english and "Montag vormittags" not in english


def test_the_start_page_leads_to_the_next_handy_cafe_dates(db, client):
    html = client.get("/digitalhilfe/").text

    assert 'href="/digitalhilfe/handy-cafe/"' in html
