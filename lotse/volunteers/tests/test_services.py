import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import AuditEntry, Membership, Role
from lotse.notifications.models import Message
from lotse.people.models import Consent
from lotse.volunteers import selectors
from lotse.volunteers.models import Credential, Helper, HelperStatusChange
from lotse.volunteers.services import (
    Slot,
    credential_record,
    credential_reminders_send,
    helper_availability_set,
    helper_pause,
    helper_profile_update,
    helper_register,
    helper_resume,
    helper_status_change,
    helper_user_link,
    home_visit_blockers,
    home_visits_allowed,
    pauses_end,
    police_certificate_valid_until,
)
from lotse.volunteers.tests.conftest import PERSON, PROFILE

TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


# Sign-up


def test_public_sign_up_creates_person_helper_consents_and_notifies_the_multiplier(
    coordinated_quarter, multiplier, office
):
    # Given a quarter coordinated by the office where the multiplier works

    # When someone signs up on the public form
    helper = helper_register(
        actor=None,
        home_quarter=coordinated_quarter,
        person_data=PERSON,
        profile=PROFILE,
        slots=[Slot(2, dt.time(14), dt.time(17))],
        consent_pass_on=True,
    )

    # Then the person and helper belong to the office, interested, with their consents
    assert helper.status == Helper.Status.INTERESTED
    assert helper.organisation == office
    assert helper.person.organisation == office
    assert helper.person.quarter == coordinated_quarter
    assert list(helper.quarters.all()) == [coordinated_quarter]
    assert helper.availabilities.get().weekday == 2
    consents = {
        (c.purpose, c.channel, c.given_how, c.recorded_by) for c in helper.person.consents.all()
    }
    assert consents == {
        (Consent.Purpose.KEEP, "", Consent.GivenHow.ONLINE, None),
        (Consent.Purpose.CONTACT, "email", Consent.GivenHow.ONLINE, None),
        (Consent.Purpose.PASS_ON, "", Consent.GivenHow.ONLINE, None),
    }
    assert helper.status_changes.get().to_status == Helper.Status.INTERESTED
    message = Message.objects.get(template="volunteers/helper_signed_up")
    assert message.recipient == multiplier.email
    assert "Hanna" not in message.body and str(helper.pk) in message.body
    assert AuditEntry.objects.filter(verb="helper.created").exists()


def test_sign_up_without_pass_on_consent_records_none(coordinated_quarter, multiplier):
    helper = helper_register(
        actor=None, home_quarter=coordinated_quarter, person_data=PERSON, profile=PROFILE
    )

    assert not helper.person.consents.filter(purpose=Consent.Purpose.PASS_ON).exists()


def test_sign_up_refuses_a_quarter_nobody_coordinates(quarter):
    with pytest.raises(ValidationError) as exc:
        helper_register(actor=None, home_quarter=quarter, person_data=PERSON, profile=PROFILE)

    assert "noch keine Koordination" in str(exc.value)
    assert not Helper.objects.exists()


def test_sign_up_needs_phone_or_email(coordinated_quarter):
    data = {**PERSON, "phone": "", "email": ""}

    with pytest.raises(ValidationError) as exc:
        helper_register(
            actor=None, home_quarter=coordinated_quarter, person_data=data, profile=PROFILE
        )

    assert "Telefonnummer oder eine E-Mail-Adresse" in str(exc.value)
    assert not Helper.objects.exists()


def test_sign_up_refuses_unknown_device_codes(coordinated_quarter):
    with pytest.raises(ValidationError):
        helper_register(
            actor=None,
            home_quarter=coordinated_quarter,
            person_data=PERSON,
            profile={**PROFILE, "devices": ["toaster"]},
        )

    assert not Helper.objects.exists()


def test_staff_entry_needs_the_right(coordinated_quarter, office, care_navigator):
    with pytest.raises(PermissionDenied):
        helper_register(
            actor=care_navigator,
            organisation=office,
            home_quarter=coordinated_quarter,
            person_data=PERSON,
            profile=PROFILE,
        )


def test_staff_entry_records_written_consents_by_the_multiplier(
    coordinated_quarter, office, multiplier
):
    helper = helper_register(
        actor=multiplier,
        organisation=office,
        home_quarter=coordinated_quarter,
        person_data=PERSON,
        profile={**PROFILE, "is_multiplier_qualified": True},
    )

    assert helper.is_multiplier_qualified
    keep = helper.person.consents.get(purpose=Consent.Purpose.KEEP)
    assert keep.given_how == Consent.GivenHow.WRITTEN
    assert keep.recorded_by == multiplier


def test_public_sign_up_cannot_set_multiplier_qualification(coordinated_quarter):
    helper = helper_register(
        actor=None,
        home_quarter=coordinated_quarter,
        person_data=PERSON,
        profile={**PROFILE, "is_multiplier_qualified": True},
    )

    assert not helper.is_multiplier_qualified


# Status


def test_status_change_records_history_and_audit(make_helper, multiplier, today):
    helper = make_helper()

    helper_status_change(
        actor=multiplier,
        helper=helper,
        to_status=Helper.Status.TALKING,
        effective_on=today - dt.timedelta(days=2),
        reason="Erstgespräch vereinbart",
    )

    helper.refresh_from_db()
    assert helper.status == Helper.Status.TALKING
    change = helper.status_changes.first()
    assert (change.from_status, change.to_status) == ("interested", "talking")
    assert change.effective_on == today - dt.timedelta(days=2)
    assert change.changed_by == multiplier
    assert AuditEntry.objects.filter(verb="helper.status_changed").count() == 1


@pytest.mark.parametrize(
    ("start", "to_status", "message"),
    [
        (Helper.Status.PAUSED, Helper.Status.QUALIFYING, "geht es nicht direkt"),
        (Helper.Status.LEFT, Helper.Status.ACTIVE, "geht es nicht direkt"),
        (Helper.Status.INTERESTED, Helper.Status.INTERESTED, "ist schon"),
        (Helper.Status.INTERESTED, "boss", "aus der Liste"),
    ],
)
def test_status_change_refuses_transitions_not_allowed(
    make_helper, multiplier, start, to_status, message
):
    helper = make_helper(status=start)

    with pytest.raises(ValidationError) as exc:
        helper_status_change(actor=multiplier, helper=helper, to_status=to_status)

    assert message in str(exc.value)
    helper.refresh_from_db()
    assert helper.status == start


def test_active_needs_a_signed_pledge(make_helper, multiplier):
    helper = make_helper()

    with pytest.raises(ValidationError) as exc:
        helper_status_change(actor=multiplier, helper=helper, to_status=Helper.Status.ACTIVE)

    assert "Verschwiegenheitserklärung" in str(exc.value)
    assert not HelperStatusChange.objects.filter(to_status=Helper.Status.ACTIVE).exists()


def test_pause_needs_a_future_end_within_a_year(make_helper, multiplier, today):
    helper = make_helper(status=Helper.Status.ACTIVE)

    for until, message in [
        (None, "bis wann"),
        (today, "nach heute"),
        (today + dt.timedelta(days=400), "höchstens ein Jahr"),
    ]:
        with pytest.raises(ValidationError) as exc:
            helper_status_change(
                actor=multiplier, helper=helper, to_status=Helper.Status.PAUSED, paused_until=until
            )
        assert message in str(exc.value)

    helper_status_change(
        actor=multiplier,
        helper=helper,
        to_status=Helper.Status.PAUSED,
        paused_until=today + dt.timedelta(days=10),
    )
    helper.refresh_from_db()
    assert helper.paused_until == today + dt.timedelta(days=10)


def test_status_date_may_be_neither_future_nor_long_past(make_helper, multiplier, today):
    helper = make_helper()

    for day, message in [
        (today + dt.timedelta(days=1), "Zukunft"),
        (today - dt.timedelta(days=400), "ein Jahr"),
    ]:
        with pytest.raises(ValidationError) as exc:
            helper_status_change(
                actor=multiplier, helper=helper, to_status=Helper.Status.TALKING, effective_on=day
            )
        assert message in str(exc.value)


def test_leaving_needs_a_reason(make_helper, multiplier):
    helper = make_helper(status=Helper.Status.ACTIVE)

    with pytest.raises(ValidationError) as exc:
        helper_status_change(actor=multiplier, helper=helper, to_status=Helper.Status.LEFT)

    assert "warum" in str(exc.value)


def test_status_change_by_a_helper_is_refused(make_helper, helper):
    record = make_helper(user=helper)

    with pytest.raises(PermissionDenied):
        helper_status_change(actor=helper, helper=record, to_status=Helper.Status.TALKING)


def test_helper_pauses_and_resumes_themself(make_helper, helper, today):
    record = make_helper(status=Helper.Status.ACTIVE, user=helper)

    helper_pause(actor=helper, helper=record, until=today + dt.timedelta(days=14))
    record.refresh_from_db()
    assert record.status == Helper.Status.PAUSED

    helper_resume(actor=helper, helper=record)
    record.refresh_from_db()
    assert record.status == Helper.Status.ACTIVE
    assert record.paused_until is None


def test_helper_cannot_pause_someone_else(make_helper, helper):
    record = make_helper(status=Helper.Status.ACTIVE)

    with pytest.raises(PermissionDenied):
        helper_pause(actor=helper, helper=record, until=timezone.localdate() + dt.timedelta(days=3))


def test_pause_only_while_active(make_helper, helper):
    record = make_helper(user=helper)

    with pytest.raises(ValidationError) as exc:
        helper_pause(actor=helper, helper=record, until=timezone.localdate() + dt.timedelta(days=3))

    assert "solange Sie aktiv helfen" in str(exc.value)


def test_pauses_end_after_their_last_day(make_helper, today):
    record = make_helper(status=Helper.Status.PAUSED)
    Helper.objects.filter(pk=record.pk).update(paused_until=today - dt.timedelta(days=1))

    assert pauses_end(today=today) == 1

    record.refresh_from_db()
    assert record.status == Helper.Status.ACTIVE
    assert pauses_end(today=today) == 0


# Profile and times


def test_helper_changes_own_profile_but_not_the_qualification(make_helper, helper):
    record = make_helper(user=helper)

    helper_profile_update(
        actor=helper,
        helper=record,
        data={"devices": ["iphone"], "home_visits": False, "is_multiplier_qualified": True},
    )

    record.refresh_from_db()
    assert record.devices == ["iphone"]
    assert record.radius_km == 0
    assert not record.is_multiplier_qualified


def test_availability_is_replaced(make_helper, helper):
    record = make_helper(user=helper)

    helper_availability_set(
        actor=helper,
        helper=record,
        slots=[Slot(4, dt.time(17), dt.time(20)), Slot(5, dt.time(9), dt.time(12))],
    )

    assert [a.weekday for a in record.availabilities.all()] == [4, 5]


def test_availability_refuses_end_before_start(make_helper, helper):
    record = make_helper(user=helper)

    with pytest.raises(ValidationError):
        helper_availability_set(
            actor=helper, helper=record, slots=[Slot(1, dt.time(12), dt.time(9))]
        )

    assert record.availabilities.count() == 1


# Credentials and home visits


def test_police_certificate_is_due_after_the_configured_years(
    make_helper, multiplier, settings, today
):
    settings.LOTSE_POLICE_CERTIFICATE_YEARS = 5
    record = make_helper()

    credential = credential_record(
        actor=multiplier,
        helper=record,
        kind=Credential.Kind.POLICE_CERTIFICATE,
        issued_on=dt.date(2026, 11, 1),
    )

    assert credential.valid_until == dt.date(2031, 11, 1)
    assert credential.seen_by == multiplier
    assert credential.seen_on == today
    assert police_certificate_valid_until(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"issued_on": dt.date(2026, 12, 6)}, "Zukunft"),
        ({"issued_on": dt.date(2026, 1, 1), "seen_on": dt.date(2026, 12, 24)}, "Zukunft"),
        (
            {"issued_on": dt.date(2026, 5, 1), "seen_on": dt.date(2026, 4, 1)},
            "vor dem Ausstellungsdatum",
        ),
        ({"issued_on": dt.date(2020, 1, 1)}, "schon abgelaufen"),
        ({"issued_on": dt.date(2026, 1, 1), "kind": "copy"}, "aus der Liste"),
    ],
)
def test_credential_refuses_wrong_dates(make_helper, multiplier, today, fields, message):
    record = make_helper()

    with pytest.raises(ValidationError) as exc:
        credential_record(
            actor=multiplier,
            helper=record,
            **{"kind": Credential.Kind.POLICE_CERTIFICATE, **fields},
        )

    assert message in str(exc.value)
    assert not record.credentials.filter(kind=Credential.Kind.POLICE_CERTIFICATE).exists()


def test_credential_needs_the_right(make_helper, office_staff):
    record = make_helper()

    with pytest.raises(PermissionDenied):
        credential_record(
            actor=office_staff, helper=record, kind=Credential.Kind.PLEDGE, issued_on=TODAY
        )


def test_home_visits_need_active_status_certificate_and_pledge(make_helper, multiplier, today):
    record = make_helper()
    assert not home_visits_allowed(record, today)

    credential_record(actor=multiplier, helper=record, kind=Credential.Kind.PLEDGE, issued_on=today)
    helper_status_change(actor=multiplier, helper=record, to_status=Helper.Status.ACTIVE)
    record.refresh_from_db()
    assert not home_visits_allowed(record, today)
    assert home_visit_blockers(record, today) == ["kein gültiges Führungszeugnis gesehen"]

    credential_record(
        actor=multiplier,
        helper=record,
        kind=Credential.Kind.POLICE_CERTIFICATE,
        issued_on=today - dt.timedelta(days=30),
    )
    assert home_visits_allowed(record, today)
    # Not on a day after the certificate runs out, nor before it was issued.
    assert not home_visits_allowed(record, dt.date(2031, 11, 6))
    assert not home_visits_allowed(record, today - dt.timedelta(days=31))


def test_home_visits_not_while_paused(make_helper, multiplier, today):
    record = make_helper(status=Helper.Status.PAUSED)
    credential_record(
        actor=multiplier, helper=record, kind=Credential.Kind.POLICE_CERTIFICATE, issued_on=today
    )

    assert not home_visits_allowed(record, today)


def test_an_expired_pledge_blocks_home_visits(make_helper, multiplier, today):
    record = make_helper(status=Helper.Status.ACTIVE)
    credential_record(
        actor=multiplier, helper=record, kind=Credential.Kind.POLICE_CERTIFICATE, issued_on=today
    )
    Credential.objects.filter(helper=record, kind=Credential.Kind.PLEDGE).update(
        valid_until=today - dt.timedelta(days=1)
    )

    assert home_visit_blockers(record, today) == [
        "keine unterschriebene Verschwiegenheitserklärung"
    ]


# Expiry list and reminders


def _certificate(helper, actor, issued_on: dt.date, valid_until: dt.date) -> Credential:
    """A police certificate seen with these dates (written past the service, which refuses an
    expired one)."""
    credential = credential_record(
        actor=actor,
        helper=helper,
        kind=Credential.Kind.POLICE_CERTIFICATE,
        issued_on=timezone.localdate(),
    )
    Credential.objects.filter(pk=credential.pk).update(
        issued_on=issued_on, seen_on=issued_on, valid_until=valid_until
    )
    credential.refresh_from_db()
    return credential


def test_credentials_due_lists_soon_and_expired_but_not_replaced_or_far(
    make_helper, multiplier, today
):
    soon = make_helper(given_name="Bald")
    expired = make_helper(given_name="Abgelaufen")
    replaced = make_helper(given_name="Erneuert")
    far = make_helper(given_name="Fern")
    _certificate(soon, multiplier, dt.date(2022, 1, 1), today + dt.timedelta(days=59))
    _certificate(expired, multiplier, dt.date(2021, 1, 1), today - dt.timedelta(days=1))
    _certificate(replaced, multiplier, dt.date(2021, 1, 1), today + dt.timedelta(days=10))
    _certificate(replaced, multiplier, dt.date(2026, 11, 1), dt.date(2031, 11, 1))
    _certificate(far, multiplier, dt.date(2026, 1, 1), today + dt.timedelta(days=61))

    due = selectors.credentials_due(actor=multiplier, today=today)

    assert [c.helper.person.given_name for c in due] == ["Abgelaufen", "Bald"]


def test_credentials_due_shows_nothing_of_other_organisations(
    make_helper, multiplier, outsider, today
):
    helper = make_helper()
    _certificate(helper, multiplier, dt.date(2022, 1, 1), today + dt.timedelta(days=5))

    assert list(selectors.credentials_due(actor=outsider, today=today)) == []


def test_reminder_goes_once_to_helper_and_multiplier(make_helper, multiplier, today):
    record = make_helper()
    credential = _certificate(
        record, multiplier, dt.date(2022, 1, 1), today + dt.timedelta(days=20)
    )

    assert credential_reminders_send(today=today) == 1
    assert credential_reminders_send(today=today) == 0

    credential.refresh_from_db()
    assert credential.reminded_at is not None
    helper_messages = Message.objects.filter(template="volunteers/credential_due_helper")
    manager_messages = Message.objects.filter(template="volunteers/credential_due_manager")
    assert [m.recipient for m in helper_messages] == ["hanna@example.org"]
    assert [m.recipient for m in manager_messages] == [multiplier.email]


def test_a_new_certificate_is_reminded_again_when_it_runs_out(make_helper, multiplier, today):
    record = make_helper()
    _certificate(record, multiplier, dt.date(2022, 1, 1), today + dt.timedelta(days=20))
    credential_reminders_send(today=today)

    _certificate(record, multiplier, dt.date(2026, 11, 1), today + dt.timedelta(days=30))

    assert credential_reminders_send(today=today) == 1


def test_no_reminder_for_helpers_who_left(make_helper, multiplier, today):
    record = make_helper()
    _certificate(record, multiplier, dt.date(2022, 1, 1), today + dt.timedelta(days=20))
    Helper.objects.filter(pk=record.pk).update(status=Helper.Status.LEFT)

    assert credential_reminders_send(today=today) == 0


def test_multiplier_limited_to_another_area_does_not_see_the_helper(
    make_helper, multiplier, region
):
    from lotse.core.models import Area

    record = make_helper()
    elsewhere = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=record.home_quarter.parent,
        region=region,
    )
    membership = Membership.objects.get(user=multiplier, role=Role.MULTIPLIER)
    membership.areas.add(elsewhere)
    multiplier = type(multiplier).objects.get(pk=multiplier.pk)

    assert list(selectors.helper_list(actor=multiplier)) == []
    assert not multiplier.has_perm("volunteers.view_helper", record)


# The helper's login


def test_link_a_helper_login_and_unlink_it(make_helper, multiplier, helper):
    record = make_helper()

    helper_user_link(actor=multiplier, helper=record, user=helper)
    assert Helper.objects.get(pk=record.pk).user == helper

    helper_user_link(actor=multiplier, helper=record, user=None)
    assert Helper.objects.get(pk=record.pk).user is None
    assert AuditEntry.objects.filter(verb="helper.user_unlinked").exists()


def test_link_refuses_accounts_without_the_helper_role_or_taken(
    make_helper, multiplier, helper, office_staff
):
    taken = make_helper(user=helper, given_name="Vergeben")
    record = make_helper()

    for user, message in [(office_staff, "keine Rolle"), (helper, "anderen Person")]:
        with pytest.raises(ValidationError) as exc:
            helper_user_link(actor=multiplier, helper=record, user=user)
        assert message in str(exc.value)
    assert Helper.objects.get(pk=taken.pk).user == helper


def test_link_needs_the_right(make_helper, helper):
    record = make_helper()

    with pytest.raises(PermissionDenied):
        helper_user_link(actor=helper, helper=record, user=helper)
