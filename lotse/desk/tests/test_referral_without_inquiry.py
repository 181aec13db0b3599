"""A referral made without an inquiry (from a Kümmerer's help plan): the same service body as
from an inquiry, and every desk page that used to assume an inquiry still works."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import AuditEntry, Organisation
from lotse.desk.models import Referral
from lotse.desk.person_history import inquiry_history
from lotse.desk.services import outbox
from lotse.desk.services.referrals import (
    referral_accept,
    referral_complete,
    referral_create_for_person,
    referral_decline,
    referral_expire,
)
from lotse.directory.models import Service
from lotse.people.tests.factories import PersonFactory

S = Referral.Status


@pytest.fixture
def sent(monkeypatch):
    messages: list[dict] = []

    def enqueue(**kwargs) -> bool:
        messages.append(kwargs)
        return True

    monkeypatch.setattr(outbox, "enqueue", enqueue)
    return messages


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def direct(care_navigator, office, erna, offer) -> Referral:
    return referral_create_for_person(
        actor=care_navigator, organisation=office, person=erna, service=offer, note="Ab Montag"
    )


def test_referral_create_for_person_has_code_event_audit_and_no_inquiry(direct, erna, office):
    assert direct.inquiry is None
    assert (direct.person, direct.organisation, direct.region_id) == (
        erna,
        office,
        office.region_id,
    )
    assert direct.status == S.REQUESTED and direct.short_code
    assert direct.note == "Ab Montag"
    assert direct.events.get().to_status == S.REQUESTED
    assert AuditEntry.objects.filter(verb="referral.created", target_id=str(direct.pk)).exists()


def test_referral_create_for_person_shares_data_only_with_consent(
    care_navigator, office, erna, offer, share_consent
):
    referral = referral_create_for_person(
        actor=care_navigator, organisation=office, person=erna, service=offer
    )

    assert referral.shares_personal_data is True
    assert referral.consent == share_consent


def test_referral_create_for_person_notifies_the_provider_with_the_office_name(
    sent, care_navigator, provider_staff, provider_org, office, erna, offer
):
    provider_org.email = "info@awo.test"
    provider_org.save()

    referral_create_for_person(
        actor=care_navigator, organisation=office, person=erna, service=offer
    )

    assert len(sent) == 1
    assert sent[0]["context"]["office"] == office.name
    assert "Erna" not in str(sent[0])


@pytest.mark.parametrize("persona", ["provider_staff", "outsider", "researcher", "resident"])
def test_referral_create_for_person_refuses_others(request, office, erna, offer, persona):
    with pytest.raises(PermissionDenied):
        referral_create_for_person(
            actor=request.getfixturevalue(persona), organisation=office, person=erna, service=offer
        )

    assert not Referral.objects.exists()


def test_referral_create_for_person_refuses_a_person_of_another_organisation(
    care_navigator, office, offer
):
    stranger = PersonFactory.create()

    with pytest.raises(ValidationError):
        referral_create_for_person(
            actor=care_navigator, organisation=office, person=stranger, service=offer
        )


def test_referral_create_for_person_refuses_an_inactive_offer(care_navigator, office, erna, offer):
    offer.status = Service.Status.DEFUNCT
    offer.save()

    with pytest.raises(ValidationError):
        referral_create_for_person(
            actor=care_navigator, organisation=office, person=erna, service=offer
        )


def test_steps_on_a_referral_without_inquiry_need_no_follow_up(direct, office_staff):
    referral_decline(actor=office_staff, referral=direct, reason=Referral.Reason.NO_CAPACITY)

    direct.refresh_from_db()
    assert direct.status == S.DECLINED


def test_complete_and_expire_work_without_inquiry(
    care_navigator, office, erna, offer, office_staff
):
    done = referral_create_for_person(
        actor=care_navigator, organisation=office, person=erna, service=offer
    )
    referral_accept(actor=office_staff, referral=done)
    referral_complete(actor=office_staff, referral=done, succeeded=True)
    late = referral_create_for_person(
        actor=care_navigator, organisation=office, person=erna, service=offer
    )
    Referral.objects.filter(pk=late.pk).update(answer_due=timezone.localdate().replace(year=2020))
    late.refresh_from_db()

    referral_expire(referral=late)

    assert Referral.objects.get(pk=done.pk).status == S.COMPLETED
    assert Referral.objects.get(pk=late.pk).status == S.EXPIRED


def test_person_history_shows_a_referral_without_inquiry_without_a_link(direct, office_staff, erna):
    entries = [e for e in inquiry_history(office_staff, erna) if e.kind == "referral"]

    assert [(e.detail, e.url) for e in entries] == [(direct.short_code, "")]


def test_dashboard_lists_an_unanswered_referral_without_inquiry(logged_in, direct, office_staff):
    Referral.objects.filter(pk=direct.pk).update(office_alert_at=timezone.now())

    response = logged_in(office_staff).get("/anliegen/")

    assert response.status_code == 200
    assert direct.short_code in response.content.decode()


def test_answer_for_a_referral_without_inquiry_returns_to_the_page_named(
    logged_in, direct, office_staff
):
    client = logged_in(office_staff)

    response = client.post(
        f"/vermittlungen/{direct.pk}/antworten/",
        {"schritt": "annehmen", "zurueck": "/begleitungen/x/hilfeplan/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/begleitungen/x/hilfeplan/"
    assert Referral.objects.get(pk=direct.pk).status == S.ACCEPTED


def test_answer_never_returns_to_another_site(logged_in, direct, office_staff):
    client = logged_in(office_staff)

    response = client.post(
        f"/vermittlungen/{direct.pk}/antworten/",
        {"schritt": "annehmen", "zurueck": "//boese.example/"},
    )

    assert response["Location"] == "/vermittlungen/eingang/"


def test_withdraw_without_inquiry_returns_to_the_dashboard(logged_in, direct, office_staff):
    response = logged_in(office_staff).post(f"/vermittlungen/{direct.pk}/zurueckziehen/")

    assert response["Location"] == "/anliegen/"
    assert Referral.objects.get(pk=direct.pk).status == S.WITHDRAWN


def test_referral_slip_prints_without_inquiry(logged_in, direct, office_staff):
    response = logged_in(office_staff).get(f"/vermittlungen/{direct.pk}/zettel.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_outsider_cannot_reach_a_referral_without_inquiry(logged_in, direct, outsider):
    assert Organisation.objects.filter(memberships__user=outsider).exists()

    response = logged_in(outsider).post(
        f"/vermittlungen/{direct.pk}/antworten/", {"schritt": "annehmen"}
    )

    assert response.status_code == 404
