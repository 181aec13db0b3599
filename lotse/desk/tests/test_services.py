import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from lotse.core import codes
from lotse.core.models import AuditEntry, Organisation
from lotse.desk.models import Inquiry, Referral, ReferralEvent, UnmetNeed
from lotse.desk.selectors import referral_shows_person
from lotse.desk.services import outbox, referrals
from lotse.desk.services.inquiries import (
    inquiry_assign,
    inquiry_close,
    inquiry_create,
    inquiry_follow_up_done,
    inquiry_update,
)
from lotse.desk.services.referrals import (
    FOLLOW_UP_DAYS,
    referral_accept,
    referral_complete,
    referral_confirm_by_code,
    referral_create,
    referral_decline,
    referral_expire,
    referral_start,
    referral_withdraw,
    referrals_expire_due,
)
from lotse.desk.services.unmet_needs import unmet_need_record
from lotse.directory.models import Service
from lotse.people.services import consent_withdraw
from lotse.people.tests.factories import PersonFactory

S = Referral.Status


@pytest.fixture
def sent(monkeypatch):
    """The messages the services hand to the outbox."""
    messages: list[dict] = []

    def enqueue(**kwargs) -> bool:
        messages.append(kwargs)
        return True

    monkeypatch.setattr(outbox, "enqueue", enqueue)
    return messages


# Inquiries -------------------------------------------------------------------------------------


def test_inquiry_create_by_staff_stores_description_encrypted(inquiry, erna, topic, quarter):
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM desk_inquiry")  # the only row
        row = cursor.fetchone()

    stored = Inquiry.objects.get(pk=inquiry.pk)
    assert row[0].startswith("fernet:")
    assert "Einkaufen" not in row[0]
    assert stored.description == "Braucht Hilfe beim Einkaufen, nach Hüft-OP."
    assert stored.person == erna
    assert stored.quarter == quarter  # taken from the person
    assert list(stored.topics.all()) == [topic]
    assert stored.status == Inquiry.Status.OPEN
    assert AuditEntry.objects.filter(verb="inquiry.created", target_id=str(inquiry.pk)).exists()


def test_inquiry_create_by_staff_may_stay_anonymous(office_staff, office):
    inquiry = inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.WALK_IN, minutes_spent=3
    )

    assert inquiry.person is None
    assert inquiry.created_by == office_staff


def test_inquiry_create_rejects_person_of_another_organisation(office_staff, office, provider_org):
    stranger = PersonFactory.create(
        organisation=provider_org,
        given_name="Otto",
        family_name="Fremd",
        birth_year=1940,
    )

    with pytest.raises(ValidationError):
        inquiry_create(actor=office_staff, organisation=office, channel="phone", person=stranger)

    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("persona", ["provider_staff", "outsider", "resident"])
def test_inquiry_create_refuses_non_office_staff(request, office, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        inquiry_create(actor=user, organisation=office, channel="phone")

    assert not Inquiry.objects.exists()


def test_inquiry_create_without_login_is_a_web_inquiry(office, topic):
    inquiry = inquiry_create(
        actor=None,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        contact_name=" Erika Schulz ",
        contact_email="erika@example.org",
        description="Ich brauche Hilfe bei der Steuererklärung.",
        topics=[topic],
        minutes_spent=30,
    )

    assert inquiry.channel == Inquiry.Channel.WEB
    assert inquiry.person is None
    assert inquiry.created_by is None
    assert inquiry.contact_name == "Erika Schulz"
    assert inquiry.minutes_spent == 0


@pytest.mark.parametrize(
    ("name", "phone", "email", "text", "field"),
    [
        ("", "0561 1", "", "Hilfe", "contact_name"),
        ("Erika", "", "", "Hilfe", "contact_phone"),
        ("Erika", "0561 1", "", " ", "description"),
    ],
)
def test_web_inquiry_needs_name_contact_and_description(office, name, phone, email, text, field):
    with pytest.raises(ValidationError) as exc:
        inquiry_create(
            actor=None,
            organisation=office,
            channel="web",
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            description=text,
        )

    assert field in exc.value.message_dict
    assert not Inquiry.objects.exists()


def test_web_inquiry_goes_only_to_an_office(provider_org):
    with pytest.raises(ValidationError, match="Quartiersbüro"):
        inquiry_create(
            actor=None,
            organisation=provider_org,
            channel="web",
            contact_name="Erika",
            contact_phone="0561 1",
            description="Hilfe",
        )


def test_inquiry_update_changes_fields_and_records_them(office_staff, inquiry):
    day = timezone.localdate() + dt.timedelta(days=2)

    inquiry_update(
        actor=office_staff,
        inquiry=inquiry,
        data={"status": Inquiry.Status.WAITING, "follow_up_on": day, "minutes_spent": 12},
    )

    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.follow_up_on, inquiry.minutes_spent) == ("waiting", day, 12)
    entry = AuditEntry.objects.get(verb="inquiry.changed")
    assert "follow_up_on" in entry.note


def test_inquiry_update_of_topics_changes_the_codes_it_answers_with(office_staff, inquiry, topic):
    assert inquiry.topic_codes == [topic.code]

    inquiry_update(actor=office_staff, inquiry=inquiry, data={}, topics=[])

    assert inquiry.topic_codes == []
    assert Inquiry.objects.get(pk=inquiry.pk).topic_codes == []


def test_inquiry_update_does_not_close(office_staff, inquiry):
    with pytest.raises(ValidationError, match="Abschließen"):
        inquiry_update(actor=office_staff, inquiry=inquiry, data={"status": Inquiry.Status.CLOSED})

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN


def test_inquiry_update_reopens_a_closed_inquiry(office_staff, inquiry):
    inquiry_close(actor=office_staff, inquiry=inquiry)
    inquiry.refresh_from_db()

    inquiry_update(actor=office_staff, inquiry=inquiry, data={"status": "open"})

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN
    assert inquiry.closed_at is None


def test_inquiry_update_refuses_provider_staff(provider_staff, inquiry):
    with pytest.raises(PermissionDenied):
        inquiry_update(actor=provider_staff, inquiry=inquiry, data={"minutes_spent": 1})


def test_inquiry_assign_to_a_colleague(office_staff, inquiry):
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=office_staff)

    inquiry.refresh_from_db()
    assert inquiry.assigned_to == office_staff


def test_inquiry_assign_rejects_someone_outside_the_office(office_staff, provider_staff, inquiry):
    with pytest.raises(ValidationError):
        inquiry_assign(actor=office_staff, inquiry=inquiry, user=provider_staff)

    inquiry.refresh_from_db()
    assert inquiry.assigned_to is None


def test_inquiry_close_waits_for_open_referrals(office_staff, inquiry, referral):
    with pytest.raises(ValidationError, match="offene Weitervermittlungen"):
        inquiry_close(actor=office_staff, inquiry=inquiry)

    referral_withdraw(actor=office_staff, referral=referral)
    inquiry_close(actor=office_staff, inquiry=inquiry)

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closed_at is not None


def test_inquiry_close_rejects_closed_inquiry(office_staff, inquiry):
    inquiry_close(actor=office_staff, inquiry=inquiry)

    with pytest.raises(ValidationError, match="schon abgeschlossen"):
        inquiry_close(actor=office_staff, inquiry=inquiry)


# Referrals: creation and the consent gate ------------------------------------------------------


def test_referral_create_with_consent_shares_personal_data(
    office_staff, inquiry, offer, share_consent, provider_org
):
    referral = referral_create(
        actor=office_staff, inquiry=inquiry, service=offer, note="Bitte zurückrufen"
    )

    assert referral.shares_personal_data is True
    assert referral.consent == share_consent
    assert referral.receiving_organisation == provider_org
    assert referral_shows_person(referral)


def test_referral_create_without_consent_carries_no_personal_data(office_staff, inquiry, offer):
    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert referral.status == S.REQUESTED
    assert referral.shares_personal_data is False
    assert referral.consent is None
    assert not referral_shows_person(referral)
    entry = AuditEntry.objects.get(verb="referral.created")
    assert entry.note == "ohne Personendaten"


def test_referral_create_ignores_consent_for_another_organisation(
    office_staff, inquiry, erna, offer, outsider
):
    from lotse.people.services import consent_record

    other = Organisation.objects.get(memberships__user=outsider)
    consent_record(
        actor=office_staff, person=erna, purpose="share", given_how="written", recipient=other
    )

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert referral.shares_personal_data is False


def test_withdrawn_consent_hides_the_person_again(office_staff, inquiry, offer, share_consent):
    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    consent_withdraw(actor=office_staff, consent=share_consent)

    referral.refresh_from_db()
    assert not referral_shows_person(referral)


def test_referral_create_for_anonymous_inquiry(office_staff, office, offer):
    inquiry = inquiry_create(actor=office_staff, organisation=office, channel="phone")

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert referral.person is None
    assert referral.shares_personal_data is False


def test_referral_create_sets_code_due_date_and_first_event(settings, office_staff, inquiry, offer):
    settings.LOTSE_REFERRAL_ANSWER_DAYS = 10

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", referral.short_code)
    assert referral.answer_due == timezone.localdate() + dt.timedelta(days=10)
    event = referral.events.get()
    assert (event.actor, event.from_status, event.to_status) == (office_staff, "", S.REQUESTED)


def test_referral_create_retries_on_a_code_clash(monkeypatch, office_staff, inquiry, offer):
    first = referral_create(actor=office_staff, inquiry=inquiry, service=offer)
    proposals = iter([first.short_code, "ABCD-EFGH"])
    monkeypatch.setattr(referrals, "short_code_new", lambda: next(proposals))

    second = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert second.short_code == "ABCD-EFGH"
    assert Referral.objects.count() == 2


@pytest.mark.parametrize("persona", ["provider_staff", "outsider", "researcher"])
def test_referral_create_refuses_others(request, inquiry, offer, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        referral_create(actor=user, inquiry=inquiry, service=offer)

    assert not Referral.objects.exists()


def test_referral_create_rejects_closed_inquiry(office_staff, inquiry, offer):
    inquiry_close(actor=office_staff, inquiry=inquiry)
    inquiry.refresh_from_db()

    with pytest.raises(ValidationError, match="abgeschlossen"):
        referral_create(actor=office_staff, inquiry=inquiry, service=offer)


def test_referral_create_rejects_inactive_offer(office_staff, inquiry, offer):
    offer.status = Service.Status.DEFUNCT
    offer.save()

    with pytest.raises(ValidationError):
        referral_create(actor=office_staff, inquiry=inquiry, service=offer)


def test_referral_create_mails_provider_on_the_platform_without_personal_data(
    sent, office_staff, provider_staff, provider_org, inquiry, offer, share_consent
):
    provider_org.email = "info@awo.test"
    provider_org.save()

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert len(sent) == 1
    message = sent[0]
    assert message["email"] == "info@awo.test"
    assert message["channel"] == "email"
    assert message["dedupe_key"] == f"referral-arrived:{referral.pk}"
    assert message["context"]["path"] == "/vermittlungen/eingang/"
    assert "Erna" not in str(message) and "Müller" not in str(message)


def test_referral_create_mails_nobody_for_provider_not_on_the_platform(
    sent, office_staff, inquiry, region
):
    elsewhere = Organisation.objects.create(name="Sportverein", region=region, email="sv@x.test")
    offer = Service.objects.create(organization=elsewhere, name="Gymnastik", description=".")

    referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    assert sent == []


# Referrals: transitions ------------------------------------------------------------------------


def test_referral_accept_by_provider_staff(provider_staff, referral):
    referral_accept(actor=provider_staff, referral=referral, note="Passt am Montag")

    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert referral.answered_at is not None
    event = referral.events.last()
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        provider_staff,
        S.REQUESTED,
        S.ACCEPTED,
        "Passt am Montag",
    )


def test_referral_accept_by_office_for_provider_not_on_platform(office_staff, referral):
    referral_accept(actor=office_staff, referral=referral)

    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


@pytest.mark.parametrize("persona", ["outsider", "resident", "helper", "researcher"])
def test_referral_accept_refuses_others(request, referral, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        referral_accept(actor=user, referral=referral)

    referral.refresh_from_db()
    assert referral.status == S.REQUESTED


def test_referral_accept_rejects_accepted_referral(provider_staff, referral):
    referral_accept(actor=provider_staff, referral=referral)

    with pytest.raises(ValidationError, match="„Angenommen“"):
        referral_accept(actor=provider_staff, referral=referral)

    assert referral.events.count() == 2


def test_referral_decline_needs_a_reason(provider_staff, referral):
    with pytest.raises(ValidationError):
        referral_decline(actor=provider_staff, referral=referral, reason="")

    referral.refresh_from_db()
    assert referral.status == S.REQUESTED


def test_referral_decline_puts_the_inquiry_on_the_follow_up_list(provider_staff, referral):
    referral_decline(
        actor=provider_staff, referral=referral, reason=Referral.Reason.NO_CAPACITY, note="Voll"
    )

    referral.refresh_from_db()
    assert (referral.status, referral.reason, referral.outcome_note) == (
        S.DECLINED,
        "no_capacity",
        "Voll",
    )
    assert referral.closed_at is not None
    assert referral.inquiry.follow_up_on == timezone.localdate()


def test_referral_start_from_requested(provider_staff, referral):
    referral_start(actor=provider_staff, referral=referral)

    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS


def test_referral_start_rejects_declined_referral(provider_staff, referral):
    referral_decline(actor=provider_staff, referral=referral, reason="other")

    with pytest.raises(ValidationError):
        referral_start(actor=provider_staff, referral=referral)


def test_referral_complete_rejects_requested_referral(provider_staff, referral):
    with pytest.raises(ValidationError, match="„Angefragt“"):
        referral_complete(actor=provider_staff, referral=referral, succeeded=True)


def test_referral_complete_success_asks_hat_es_geklappt(provider_staff, referral):
    referral_accept(actor=provider_staff, referral=referral)

    referral_complete(actor=provider_staff, referral=referral, succeeded=True)

    referral.refresh_from_db()
    assert (referral.status, referral.succeeded, referral.reason) == (S.COMPLETED, True, "")
    inquiry = referral.inquiry
    assert inquiry.follow_up_outcome is True
    assert inquiry.follow_up_on == timezone.localdate() + dt.timedelta(days=FOLLOW_UP_DAYS)


def test_referral_complete_without_success_needs_a_reason(provider_staff, referral):
    referral_start(actor=provider_staff, referral=referral)

    with pytest.raises(ValidationError):
        referral_complete(actor=provider_staff, referral=referral, succeeded=False)
    referral_complete(
        actor=provider_staff,
        referral=referral,
        succeeded=False,
        reason=Referral.Reason.PERSON_UNREACHABLE,
    )

    referral.refresh_from_db()
    assert (referral.succeeded, referral.reason) == (False, "person_unreachable")


def test_referral_withdraw_only_by_the_office(office_staff, provider_staff, referral):
    with pytest.raises(PermissionDenied):
        referral_withdraw(actor=provider_staff, referral=referral)

    referral_withdraw(actor=office_staff, referral=referral, note="Hat sich erledigt")

    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN
    assert referral.answered_at is None  # the provider never answered
    assert referral.closed_at is not None


def test_referral_withdraw_rejects_completed_referral(office_staff, referral):
    referral_accept(actor=office_staff, referral=referral)
    referral_complete(actor=office_staff, referral=referral, succeeded=True)

    with pytest.raises(ValidationError):
        referral_withdraw(actor=office_staff, referral=referral)


# Expiry ----------------------------------------------------------------------------------------


def test_referrals_expire_due_keeps_referral_on_its_due_day(referral):
    count = referrals_expire_due(today=referral.answer_due)

    referral.refresh_from_db()
    assert count == 0
    assert referral.status == S.REQUESTED


def test_referrals_expire_due_expires_the_day_after_and_alerts_office(sent, office, referral):
    count = referrals_expire_due(today=referral.answer_due + dt.timedelta(days=1))

    referral.refresh_from_db()
    assert count == 1
    assert referral.status == S.EXPIRED
    assert referral.office_alert_at is not None
    event = referral.events.last()
    assert (event.actor, event.to_status) == (None, S.EXPIRED)
    assert [m["email"] for m in sent] == ["buero@altstadt.test"]
    assert sent[0]["dedupe_key"] == f"referral-expired:{referral.pk}"


def test_referrals_expire_due_leaves_answered_referrals(provider_staff, referral):
    referral_accept(actor=provider_staff, referral=referral)

    count = referrals_expire_due(today=referral.answer_due + dt.timedelta(days=30))

    referral.refresh_from_db()
    assert count == 0
    assert referral.status == S.ACCEPTED


def test_referral_expire_refuses_before_the_due_day(referral):
    with pytest.raises(ValidationError):
        referral_expire(referral=referral, today=referral.answer_due)


def test_late_answer_after_expiry_clears_the_alert(provider_staff, referral):
    referrals_expire_due(today=referral.answer_due + dt.timedelta(days=1))

    referral_accept(actor=provider_staff, referral=referral)

    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert referral.office_alert_at is None


# The code on the public page -------------------------------------------------------------------


def test_referral_confirm_by_code_marks_arrival_without_actor(referral):
    typed = " " + referral.short_code.lower().replace("-", " ") + " "

    assert referral_confirm_by_code(code=typed) is True

    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS
    event = referral.events.last()
    assert (event.actor, event.to_status) == (None, S.IN_PROGRESS)


def test_referral_confirm_by_code_twice_adds_no_second_event(referral):
    referral_confirm_by_code(code=referral.short_code)

    assert referral_confirm_by_code(code=referral.short_code) is True

    assert referral.events.count() == 2


@pytest.mark.parametrize("code", ["", "Q7-4KD2", "ABCD-EFG0", "ABCD-EFGHJ", "ABCD-EFGH"])
def test_referral_confirm_by_code_rejects_unknown_codes(referral, code):
    assert referral_confirm_by_code(code=code) is False

    referral.refresh_from_db()
    assert referral.status == S.REQUESTED


def test_referral_confirm_by_code_rejects_ended_referral(office_staff, referral):
    referral_withdraw(actor=office_staff, referral=referral)

    assert referral_confirm_by_code(code=referral.short_code) is False

    assert ReferralEvent.objects.filter(referral=referral, to_status=S.IN_PROGRESS).count() == 0


def test_short_codes_are_unambiguous_and_normalise():
    found = {codes.short_code_new() for _ in range(500)}

    assert len(found) == 500
    assert not set("".join(found)) & set("01OIL")
    assert codes.short_code_normalise("q7kd 4kd2") == "Q7KD-4KD2"
    assert codes.short_code_normalise("Q7KD-4KD") is None
    assert codes.short_code_normalise("Q7KD-4KDO") is None


# Unmet needs and erasure -----------------------------------------------------------------------


def test_unmet_need_record_takes_the_quarter_of_the_inquiry(
    office_staff, office, inquiry, topic, quarter
):
    need = unmet_need_record(
        actor=office_staff, organisation=office, topic=topic, inquiry=inquiry, note="Kein Angebot"
    )

    assert (need.quarter, need.region_id, need.recorded_by) == (
        quarter,
        office.region_id,
        office_staff,
    )


def test_unmet_need_record_refuses_provider_staff(provider_staff, office, topic):
    with pytest.raises(PermissionDenied):
        unmet_need_record(actor=provider_staff, organisation=office, topic=topic)

    assert not UnmetNeed.objects.exists()


def test_unmet_need_record_rejects_inquiry_of_another_office(
    office_staff, office, inquiry, topic, provider_org, administrator
):
    with pytest.raises(ValidationError):
        unmet_need_record(
            actor=administrator, organisation=provider_org, topic=topic, inquiry=inquiry
        )


def test_erase_personal_text_clears_free_text(inquiry, referral):
    changed = inquiry.erase_personal_text()
    referral.note = "Geheim"

    assert inquiry.description == ""
    assert "description" in changed
    assert referral.erase_personal_text() == ["note", "outcome_note"]
    assert referral.note == ""


def test_referral_arrival_mail_lands_in_the_outbox_without_personal_data(
    settings, office_staff, provider_staff, provider_org, inquiry, offer, share_consent
):
    from lotse.notifications.models import Message

    settings.LOTSE_SITE_URL = "https://lotse.example"
    provider_org.email = "info@awo.test"
    provider_org.save()

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    message = Message.objects.get(dedupe_key=f"referral-arrived:{referral.pk}")
    assert message.recipient == "info@awo.test"
    assert "https://lotse.example/vermittlungen/eingang/" in message.body
    assert referral.short_code in message.body
    assert "Erna" not in message.body + message.subject
    assert "Müller" not in message.body + message.subject


def test_referral_arrival_mail_carries_an_absolute_link_with_the_default_setting(
    office_staff, provider_staff, provider_org, inquiry, offer, share_consent
):
    from django.conf import settings

    from lotse.notifications.models import Message

    provider_org.email = "info@awo.test"
    provider_org.save()

    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    message = Message.objects.get(dedupe_key=f"referral-arrived:{referral.pk}")
    link = f"{settings.LOTSE_SITE_URL.rstrip('/')}/vermittlungen/eingang/"
    assert link.startswith(("http://", "https://"))
    assert re.search(rf"^{re.escape(link)}$", message.body, re.M)


def test_data_protection_app_finds_the_desk_models_pointing_to_person():
    from lotse.compliance.erasure import person_models, undeclared_person_models

    found = {(model._meta.label, field) for model, field in person_models()}

    assert {("desk.Inquiry", "person"), ("desk.Referral", "person")} <= found
    assert not [label for label in undeclared_person_models() if label.startswith("desk.")]


# The dashboard's reads -------------------------------------------------------------------------


def test_referral_alerts_lists_expired_referrals_until_the_office_acts(
    office_staff, office, referral
):
    from lotse.desk.selectors import referral_alerts

    referrals_expire_due(today=referral.answer_due + dt.timedelta(days=1))
    listed = list(referral_alerts(organisation=office))
    referral_withdraw(actor=office_staff, referral=referral)

    assert listed == [referral]
    assert list(referral_alerts(organisation=office)) == []


def test_inquiry_follow_ups_lists_due_open_inquiries(
    office_staff, office, provider_staff, referral
):
    from lotse.desk.selectors import inquiry_follow_ups

    referral_accept(actor=provider_staff, referral=referral)
    referral_complete(actor=provider_staff, referral=referral, succeeded=True)
    later = timezone.localdate() + dt.timedelta(days=FOLLOW_UP_DAYS)

    assert list(inquiry_follow_ups(organisation=office)) == []
    assert list(inquiry_follow_ups(organisation=office, today=later)) == [referral.inquiry]
    inquiry_follow_up_done(actor=office_staff, inquiry=referral.inquiry)
    assert list(inquiry_follow_ups(organisation=office, today=later)) == []
