"""The services of requests for help: recording, offering, answering, expiring, ending."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from lotse.accounts.services import user_create
from lotse.core.audit import AuditEntry
from lotse.core.models import Membership, Role
from lotse.notifications.models import Message
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

State = HelpRequest.State


@pytest.fixture
def office(region, quarter):
    return coordinating_office(region, quarter)


@pytest.fixture
def erna(office, quarter):
    p = person(office, quarter)
    consent(p, Consent.Purpose.CONTACT, ContactChannel.EMAIL)
    return p


def _helper_user(email: str, office):
    user = user_create(email=email, password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office, role=Role.HELPER)
    return user


@pytest.fixture
def hans(office, quarter, multiplier):
    return make_helper(
        office, quarter, name="Hans", seen_by=multiplier, user=_helper_user("hans@t.de", office)
    )


@pytest.fixture
def grete(office, quarter, multiplier):
    return make_helper(
        office, quarter, name="Grete", seen_by=multiplier, user=_helper_user("grete@t.de", office)
    )


@pytest.fixture
def open_request(office, quarter, erna):
    return make_request(office, quarter, erna)


def _data(**fields):
    return {
        "device": "iphone",
        "topics": ["messenger"],
        "language": "de",
        "place": "home",
        "urgency": "soon",
        "free_slots": [{"weekday": 0, "part": "morning"}],
        "free_times": "Nicht mittwochs",
        **fields,
    }


def _person_data(**fields):
    return {
        "given_name": "Ilse",
        "family_name": "Berg",
        "birth_year": 1939,
        "phone": "0561 99 88 77",
        "email": "",
        "contact_channel": "phone",
        "postcode": "34117",
        **fields,
    }


# --- recording ------------------------------------------------------------------------------


def test_submit_stores_the_person_with_consents_and_tells_the_multipliers(
    office, quarter, multiplier
):
    # When a resident asks on the public form and agrees to pass on the contact
    help_request = services.help_request_submit(
        quarter=quarter, person_data=_person_data(), data=_data(), consent_pass_on=True
    )

    # Then
    assert help_request.state == State.OPEN
    assert help_request.organisation == office
    assert help_request.latitude is not None  # the postcode's centre
    purposes = set(help_request.person.consents.values_list("purpose", flat=True))
    assert purposes == {"keep", "contact", "pass_on"}
    assert Message.objects.filter(
        template="volunteers/help_request_new", recipient=multiplier.email
    ).exists()
    assert AuditEntry.objects.filter(verb="help_request.created").count() == 1


def test_submit_refuses_a_quarter_without_coordination(region, quarter):
    with pytest.raises(ValidationError) as caught:
        services.help_request_submit(quarter=quarter, person_data=_person_data(), data=_data())

    assert "noch keine Digitalhilfe" in str(caught.value)
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"topics": ["gardening"]},
        {"device": "toaster"},
        {"place": "moon"},
        {"free_slots": [{"weekday": 9, "part": "morning"}]},
        {"description": "a\x00b"},
    ],
)
def test_submit_refuses_bad_data_and_stores_nothing(office, quarter, data):
    with pytest.raises(ValidationError):
        services.help_request_submit(
            quarter=quarter, person_data=_person_data(), data=_data(**data)
        )

    assert not HelpRequest.objects.exists()


def test_record_needs_the_right_to_record_requests(office, quarter, helper, office_staff):
    with pytest.raises(PermissionDenied):
        services.help_request_record(
            actor=helper,
            organisation=office,
            quarter=quarter,
            person_data=_person_data(),
            data=_data(),
        )

    help_request = services.help_request_record(
        actor=office_staff,
        organisation=office,
        quarter=quarter,
        person_data=_person_data(),
        data=_data(),
    )
    assert help_request.created_by == office_staff


# --- offering -------------------------------------------------------------------------------


def test_offer_writes_offers_with_codes_and_mails_the_helpers(
    multiplier, open_request, hans, grete
):
    # When
    offers = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans, grete]
    )

    # Then
    open_request.refresh_from_db()
    assert open_request.state == State.OFFERED
    assert {o.helper for o in offers} == {hans, grete}
    assert len({o.sms_code for o in offers}) == 2
    mails = Message.objects.filter(template="volunteers/help_offer")
    assert mails.count() == 2
    body = mails.get(recipient=hans.person.email).body
    assert f"/digitalhilfe/einsatz/{offers[0].token}/" in body or offers[1].token in body
    # Only what the helper needs to decide: no name, no address of the person.
    assert "Kaiser" not in body and "Hauptstraße" not in body


def test_offer_of_a_home_visit_is_refused_for_an_expired_certificate(
    office, quarter, multiplier, open_request
):
    # Given a helper whose police certificate ran out yesterday
    expired = make_helper(office, quarter, name="Alt", seen_by=multiplier, expired=True)

    # When / then: the service refuses, whatever the page showed
    with pytest.raises(ValidationError) as caught:
        services.help_request_offer(actor=multiplier, help_request=open_request, helpers=[expired])
    assert "Führungszeugnis" in str(caught.value)
    assert not HelpOffer.objects.exists()


def test_offer_of_a_home_visit_is_refused_beyond_the_helpers_radius(
    office, quarter, multiplier, erna
):
    far = make_helper(office, quarter, name="Fern", seen_by=multiplier, radius_km=1)
    help_request = make_request(office, quarter, erna, latitude=51.40, longitude=9.60)

    with pytest.raises(ValidationError) as caught:
        services.help_request_offer(actor=multiplier, help_request=help_request, helpers=[far])
    assert "fährt aber nur 1 km" in str(caught.value)


def test_offer_needs_the_right_to_dispatch(office_staff, open_request, hans):
    with pytest.raises(PermissionDenied):
        services.help_request_offer(actor=office_staff, help_request=open_request, helpers=[hans])


# --- answers --------------------------------------------------------------------------------


def test_first_acceptance_wins_and_the_others_are_told(multiplier, open_request, hans, grete):
    # Given an offer to two helpers
    first, second = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans, grete]
    )

    # When the first accepts with a time
    when = timezone.now() + dt.timedelta(days=2)
    services.help_offer_accept(offer=first, appointment_at=when)

    # Then the request is agreed, the second offer taken and its helper told; the person too
    open_request.refresh_from_db()
    second.refresh_from_db()
    assert open_request.state == State.AGREED
    assert open_request.assigned_helper == first.helper
    assert open_request.first_contact_at is not None
    assert second.state == HelpOffer.State.TAKEN
    assert Message.objects.filter(
        template="volunteers/help_offer_taken", recipient=second.helper.person.email
    ).exists()
    assert Message.objects.filter(
        template="volunteers/help_request_agreed", recipient="erna@example.org"
    ).exists()
    # And the second helper's late yes is refused in German
    with pytest.raises(ValidationError, match="schon übernommen"):
        services.help_offer_accept(offer=second)


def test_decline_of_the_last_offer_returns_the_request_to_the_board(multiplier, open_request, hans):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )

    services.help_offer_decline(offer=offer)

    open_request.refresh_from_db()
    assert open_request.state == State.OPEN


def test_accept_by_another_helpers_login_is_refused(multiplier, open_request, hans, grete):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )

    with pytest.raises(PermissionDenied):
        services.help_offer_accept(offer=offer, actor=grete.user)


def test_answer_by_sms_accepts_with_code_and_yes_from_the_helpers_phone(
    multiplier, open_request, hans
):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )

    wrong_phone = services.answer_by_sms(phone="+49 171 0000000", text=f"{offer.sms_code} ja")
    unclear = services.answer_by_sms(phone="+49 170 1112223", text=f"{offer.sms_code} vielleicht")
    answer = services.answer_by_sms(phone="+49 170 1112223", text=f"Ja {offer.sms_code}")

    assert not wrong_phone.accepted and not unclear.accepted
    assert answer.accepted
    open_request.refresh_from_db()
    assert open_request.state == State.AGREED


def test_answer_by_sms_declines_with_no(multiplier, open_request, hans):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )

    answer = services.answer_by_sms(phone="01701112223", text=f"{offer.sms_code} NEIN")

    offer.refresh_from_db()
    assert not answer.accepted
    assert offer.state == HelpOffer.State.DECLINED


# --- expiry ---------------------------------------------------------------------------------


def test_expiry_returns_unanswered_requests_to_the_board_and_runs_twice_safely(
    multiplier, open_request, hans
):
    # Given an offer without an answer
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )
    later = timezone.now() + dt.timedelta(hours=49)

    # When the task runs twice
    first = services.help_offers_expire(now=later)
    second = services.help_offers_expire(now=later)

    # Then
    offer.refresh_from_db()
    open_request.refresh_from_db()
    assert (first, second) == (1, 0)
    assert offer.state == HelpOffer.State.EXPIRED
    assert open_request.state == State.OPEN
    with pytest.raises(ValidationError, match="Zeit für eine Antwort"):
        services.help_offer_accept(offer=offer)


def test_expiry_leaves_offers_within_their_time(multiplier, open_request, hans):
    services.help_request_offer(actor=multiplier, help_request=open_request, helpers=[hans])

    assert services.help_offers_expire(now=timezone.now() + dt.timedelta(hours=47)) == 0


# --- the end --------------------------------------------------------------------------------


def _agreed(multiplier, help_request, helper):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=help_request, helpers=[helper]
    )
    return services.help_offer_accept(offer=offer)


def test_report_creates_a_session_and_ends_the_request(multiplier, open_request, hans):
    help_request = _agreed(multiplier, open_request, hans)

    session = services.help_session_report(
        actor=hans.user,
        help_request=help_request,
        duration_minutes=45,
        solved=HelpSession.Solved.PARTLY,
        topics=["messenger"],
        follow_up_needed=True,
    )

    help_request.refresh_from_db()
    assert session.helper == hans
    assert help_request.state == State.DONE


def test_report_not_solved_ends_not_done(multiplier, open_request, hans):
    help_request = _agreed(multiplier, open_request, hans)

    services.help_session_report(
        actor=hans.user,
        help_request=help_request,
        duration_minutes=20,
        solved=HelpSession.Solved.NO,
        topics=[],
    )

    help_request.refresh_from_db()
    assert help_request.state == State.NOT_DONE
    assert help_request.outcome_reason


def test_report_by_another_helper_is_refused(multiplier, open_request, hans, grete):
    help_request = _agreed(multiplier, open_request, hans)

    with pytest.raises(PermissionDenied):
        services.help_session_report(
            actor=grete.user,
            help_request=help_request,
            duration_minutes=20,
            solved="yes",
            topics=[],
        )


def test_refused_transitions_say_why_in_german(multiplier, open_request):
    with pytest.raises(services.TransitionRefused) as caught:
        services.help_request_done(actor=multiplier, help_request=open_request)

    assert "„Offen“; „Erledigt“ geht von dort nicht" in str(caught.value)


def test_not_done_needs_a_reason(multiplier, open_request):
    with pytest.raises(ValidationError, match="warum"):
        services.help_request_not_done(actor=multiplier, help_request=open_request, reason=" ")


def test_withdraw_takes_back_open_offers_and_reopen_brings_it_back(multiplier, open_request, hans):
    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )

    services.help_request_withdraw(actor=multiplier, help_request=open_request, reason="Erledigt")
    offer.refresh_from_db()
    open_request.refresh_from_db()
    assert offer.state == HelpOffer.State.TAKEN
    assert open_request.state == State.WITHDRAWN

    services.help_request_reopen(actor=multiplier, help_request=open_request)
    open_request.refresh_from_db()
    assert open_request.state == State.OPEN


def test_every_change_is_audited(multiplier, open_request, hans):
    help_request = _agreed(multiplier, open_request, hans)
    services.help_request_done(actor=multiplier, help_request=help_request)

    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {
        "help_offer.created",
        "help_request.offered",
        "help_offer.accepted",
        "help_request.agreed",
        "help_request.done",
    } <= verbs


# --- consent gate and the loop back to the desk ---------------------------------------------


def test_helper_sees_the_contact_only_with_the_persons_consent(open_request, erna):
    hidden = services.contact_for_helper(help_request=open_request)
    assert not hidden.shown and hidden.phone == "" and hidden.street == ""
    assert hidden.name == "Erna K."

    consent(erna, Consent.Purpose.PASS_ON)
    shown = services.contact_for_helper(help_request=open_request)
    assert shown.shown and shown.phone == erna.phone and shown.street == erna.street


def test_hand_over_links_the_inquiry_and_calls_the_hook_when_finished(
    office, quarter, erna, office_staff, multiplier, hans
):
    # Given a hook like the desk's
    finished: list[HelpRequest] = []
    services.request_finished_hook_register("test", finished.append)
    inquiry_id = uuid.uuid4()
    try:
        # When the desk hands over and the request is done
        help_request = services.help_request_hand_over(
            actor=office_staff, person=erna, source_inquiry_id=inquiry_id, data=_data()
        )
        with pytest.raises(services.TransitionRefused):
            services.help_request_hand_over(
                actor=office_staff, person=erna, source_inquiry_id=inquiry_id, data=_data()
            )
        help_request = _agreed(multiplier, help_request, hans)
        services.help_request_done(actor=multiplier, help_request=help_request)
    finally:
        services._finished_hooks.pop("test")

    # Then
    assert help_request.source_inquiry_id == inquiry_id
    assert [r.pk for r in finished] == [help_request.pk]


# --- two helpers at once --------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_helpers_accepting_at_once_one_wins_on_postgresql(
    multiplier, open_request, hans, grete
):
    # Given one request offered to two helpers
    offers = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans, grete]
    )
    start = threading.Barrier(2)
    results: list[str] = []

    def accept(offer):
        try:
            start.wait()
            services.help_offer_accept(offer=HelpOffer.objects.get(pk=offer.pk))
            results.append("won")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    # When both say yes at the same moment
    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then exactly one wins
    assert sorted(results) == ["refused", "won"]
    states = sorted(HelpOffer.objects.values_list("state", flat=True))
    assert states == ["accepted", "taken"]
    open_request.refresh_from_db()
    assert open_request.state == State.AGREED


def test_expiry_command_runs_the_task_at_once(multiplier, open_request, hans):
    from io import StringIO

    from django.core.management import call_command

    [offer] = services.help_request_offer(
        actor=multiplier, help_request=open_request, helpers=[hans]
    )
    HelpOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    out = StringIO()

    call_command("help_offers_expire", "--sofort", stdout=out)

    assert "1 Angebote abgelaufen" in out.getvalue()
    open_request.refresh_from_db()
    assert open_request.state == State.OPEN
