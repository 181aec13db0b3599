"""The services of registrations: registering (online, for someone else, by staff), capacity
and the waiting list, cancelling and moving up, attendance, calls, and telling people of a
cancelled date."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.news.models import Occurrence, PublicationStatus, Registration
from lotse.news.selectors_registrations import (
    registration_by_token,
    waiting_position,
)
from lotse.news.services_registrations import (
    EventFull,
    RegistrationConflict,
    registration_call_done,
    registration_cancel,
    registration_mark,
    registration_register_by_staff,
    registrations_notify_cancelled,
    registrations_promote,
)
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import fresh, register
from lotse.notifications.models import Message
from lotse.people.models import Consent
from lotse.people.services import consent_record

# The fixtures of the registration tests (a module attribute is a fixture to pytest).
date = registrations_support.date
make_date = registrations_support.make_date


def _messages(template: str) -> list[Message]:
    return list(Message.objects.filter(template=f"news/{template}").order_by("created_at"))


def _fill(occurrence: Occurrence, count: int) -> list[Registration]:
    return [register(occurrence, name=f"Gast {n}")[0] for n in range(count)]


@pytest.fixture
def clock(monkeypatch):
    """`clock.set(moment)` moves timezone.now; it starts at the real time."""

    class Clock:
        def set(self, moment: dt.datetime) -> None:
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


def _contact_consent(person, channel, staff) -> None:
    consent_record(
        actor=staff,
        person=person,
        purpose=Consent.Purpose.CONTACT,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        channel=channel,
        given_at=timezone.now() - dt.timedelta(days=1),
    )


# Registering online ------------------------------------------------------------------------------


def test_registering_online_without_an_account_takes_a_place_and_sends_the_code(date):
    registration, token = register(date, places=2)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.user, registration.registered_by) == (None, None)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", registration.short_code)
    assert registration_by_token(token=token) == registration
    assert token not in registration.cancel_token_hash
    assert fresh(date).places_taken == 2
    [message] = _messages("registration_confirmed")
    assert message.recipient == "karl.schmidt@example.org"
    assert registration.short_code in message.body
    assert "Seniorentreff" in message.subject
    entry = AuditEntry.objects.get(verb="registration.confirmed")
    assert entry.actor is None and entry.target_id == str(registration.id)


def test_registering_logged_in_records_the_account(date, resident):
    registration, _token = register(date, actor=resident, email=resident.email)

    assert registration.user == resident
    assert registration.registered_by == resident


def test_a_relative_registers_someone_and_gets_the_messages_themselves(date):
    registration, _token = register(
        date,
        name="Erna Müller",
        email="",
        phone="0561 12 34 56",
        booker_name="Petra Müller",
        booker_relation="Tochter",
        booker_email="petra@example.org",
    )

    assert registration.for_other
    assert (registration.email, registration.booker_relation) == ("", "Tochter")
    [message] = _messages("registration_confirmed")
    assert message.recipient == "petra@example.org"
    assert "Guten Tag Petra Müller" in message.body
    assert "Für: Erna Müller" in message.body


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Geben Sie Ihren Namen ein"),
        (
            {"email": "", "phone": ""},
            "phone",
            "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein",
        ),
        (
            {"email": "", "phone": "0561 1234"},
            "email",
            "Für eine Nachricht per E-Mail geben Sie Ihre E-Mail-Adresse ein",
        ),
        ({"channel": "fax"}, "channel", "Wählen Sie, wie wir Sie benachrichtigen sollen"),
        ({"channel": "letter"}, "street", "Für einen Brief geben Sie Straße und Hausnummer ein"),
        (
            {"phone": "abc"},
            "phone",
            "Geben Sie die Telefonnummer in Ziffern ein, zum Beispiel 02361 123 45 67",
        ),
        (
            {"channel": "sms", "phone": ""},
            "phone",
            "Für eine SMS oder einen Anruf geben Sie Ihre Telefonnummer ein",
        ),
        ({"places": 5}, "places", "Wählen Sie 1 bis 4 Plätze"),
        ({"places": 0}, "places", "Wählen Sie 1 bis 4 Plätze"),
    ],
)
def test_registering_refuses_incomplete_answers_and_stores_nothing(date, fields, field, message):
    name = fields.pop("name", "Karl Schmidt")

    with pytest.raises(ValidationError) as refused:
        register(date, name=name, **fields)

    assert refused.value.message_dict[field] == [message]
    assert not Registration.objects.exists()
    assert fresh(date).places_taken == 0


def test_a_letter_keeps_the_address_and_is_printed_by_the_organiser(date, provider_org):
    registration, _token = register(
        date, channel="letter", street="Lindenweg 3", postcode="45657", city="Teststadt"
    )

    [message] = _messages("registration_confirmed")
    assert message.channel == "letter"
    assert message.organisation_id == provider_org.id
    assert message.recipient == "Karl Schmidt\nLindenweg 3\n45657 Teststadt"
    assert (registration.street, registration.city) == ("Lindenweg 3", "Teststadt")


def test_without_a_letter_the_address_is_not_kept(date):
    registration, _token = register(
        date, channel="email", street="Lindenweg 3", postcode="45657", city="Teststadt"
    )

    assert (registration.street, registration.postcode, registration.city) == ("", "", "")


def test_a_call_or_no_message_queues_nothing(date):
    register(date, name="Karl Schmidt", channel="phone", phone="0561 99 88 77", email="")
    register(date, name="Eva Braun", channel="none")

    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration_required": False}, "Für diese Veranstaltung braucht man keine Anmeldung"),
        ({"status": PublicationStatus.IN_REVIEW}, "Diese Veranstaltung ist nicht veröffentlicht."),
        ({"cancelled_reason": "Die Leiterin ist krank."}, "Dieser Termin fällt aus: Die Leiterin"),
    ],
)
def test_registering_is_refused_for_a_date_that_takes_none(make_date, change, message):
    occurrence = make_date(**change)

    with pytest.raises(RegistrationConflict) as refused:
        register(occurrence)

    assert refused.value.messages[0].startswith(message)
    assert not Registration.objects.exists()


def test_registering_is_refused_once_the_date_has_begun(date, clock):
    clock.set(date.start + dt.timedelta(minutes=1))

    with pytest.raises(RegistrationConflict) as refused:
        register(date)

    assert refused.value.messages == ["Dieser Termin hat schon begonnen oder ist vorbei."]


def test_the_same_person_cannot_register_twice_for_a_date(date):
    register(date, name="Karl Schmidt")

    with pytest.raises(RegistrationConflict) as refused:
        register(date, name="karl schmidt")

    assert refused.value.messages == ["Karl Schmidt ist für diesen Termin schon angemeldet."]
    assert Registration.objects.count() == 1


# Capacity and the waiting list -------------------------------------------------------------------


def test_a_full_date_puts_the_next_on_the_waiting_list_in_order(date):
    _fill(date, 3)

    first, _ = register(date, name="Anna Berg")
    second, _ = register(date, name="Bernd Cremer")

    assert (first.status, second.status) == ("waiting", "waiting")
    assert (waiting_position(first), waiting_position(second)) == (1, 2)
    assert fresh(date).places_taken == 3
    waiting = _messages("registration_waiting")
    assert "an erster Stelle" in waiting[0].body
    assert "an zweiter Stelle" in waiting[1].body


def test_more_places_than_are_free_go_to_the_waiting_list(date):
    _fill(date, 2)

    registration, _token = register(date, name="Familie Kaya", places=2)

    assert registration.status == Registration.Status.WAITING
    assert fresh(date).places_taken == 2


def test_more_places_than_the_date_has_are_refused(date):
    with pytest.raises(ValidationError) as refused:
        register(date, places=4)

    assert refused.value.message_dict["places"] == ["Für diesen Termin gibt es nur 3 Plätze."]


def test_a_full_date_without_waiting_list_is_refused_with_the_organisers_phone(make_date):
    occurrence = make_date(waiting_list=False, capacity=1)
    register(occurrence, name="Anna Berg")

    with pytest.raises(EventFull) as refused:
        register(occurrence, name="Bernd Cremer")

    assert refused.value.phone == "02361 55 66 77"
    assert "ausgebucht" in refused.value.messages[0]
    assert Registration.objects.count() == 1


def test_the_waiting_list_needs_a_way_to_tell_of_a_free_place(date):
    _fill(date, 3)

    with pytest.raises(ValidationError) as refused:
        register(date, name="Anna Berg", channel="none")

    assert "Warteliste" in refused.value.message_dict["channel"][0]


def test_an_event_without_capacity_takes_everyone(make_date):
    occurrence = make_date(capacity=None)

    registrations = _fill(occurrence, 6)

    assert {r.status for r in registrations} == {"confirmed"}
    assert fresh(occurrence).places_taken == 6


# Cancelling and moving up ------------------------------------------------------------------------


def test_cancelling_with_the_code_gives_the_place_to_the_first_waiting(date):
    registration = _fill(date, 3)[0]
    first, _ = register(date, name="Anna Berg")
    second, _ = register(date, name="Bernd Cremer")

    cancelled, promoted = registration_cancel(
        actor=None, registration=registration, code=registration.short_code
    )

    assert cancelled.status == Registration.Status.CANCELLED
    assert promoted == [first]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED and first.promoted_at is not None
    assert second.status == Registration.Status.WAITING and waiting_position(second) == 1
    assert fresh(date).places_taken == 3
    [message] = _messages("registration_promoted")
    assert message.recipient == "anna.berg@example.org"
    assert "Ein Platz ist frei geworden" in message.body
    assert AuditEntry.objects.filter(verb="registration.promoted").count() == 1


def test_cancelling_by_token_works_without_an_account(date):
    registration, token = register(date)

    cancelled, promoted = registration_cancel(actor=None, registration=registration, token=token)

    assert cancelled.status == Registration.Status.CANCELLED and promoted == []
    assert fresh(date).places_taken == 0


def test_a_larger_group_waits_while_a_smaller_one_behind_it_fits(date):
    confirmed = _fill(date, 3)
    family, _ = register(date, name="Familie Kaya", places=2)
    single, _ = register(date, name="Anna Berg")

    _c, promoted = registration_cancel(
        actor=None, registration=confirmed[0], code=confirmed[0].short_code
    )

    assert promoted == [single]
    family.refresh_from_db()
    assert family.status == Registration.Status.WAITING

    _c, promoted = registration_cancel(
        actor=None, registration=confirmed[1], code=confirmed[1].short_code
    )
    assert promoted == []  # one place free, the family needs two

    _c, promoted = registration_cancel(
        actor=None, registration=confirmed[2], code=confirmed[2].short_code
    )
    assert promoted == [family]
    assert fresh(date).places_taken == 3


def test_two_freed_places_move_up_two_waiting_in_order(date):
    confirmed = register(date, name="Familie Kaya", places=2)[0]
    register(date, name="Gast")
    first, _ = register(date, name="Anna Berg")
    second, _ = register(date, name="Bernd Cremer")
    third, _ = register(date, name="Clara Dorn")

    _c, promoted = registration_cancel(
        actor=None, registration=confirmed, code=confirmed.short_code
    )

    assert promoted == [first, second]
    third.refresh_from_db()
    assert waiting_position(third) == 1
    assert fresh(date).places_taken == 3


def test_more_places_for_the_event_move_the_waiting_list_up(date):
    _fill(date, 3)
    first, _ = register(date, name="Anna Berg")
    second, _ = register(date, name="Bernd Cremer")
    date.event.capacity = 4
    date.event.save(update_fields=["capacity"])

    promoted = registrations_promote(occurrence=date)

    assert promoted == [first]
    second.refresh_from_db()
    assert second.status == Registration.Status.WAITING
    assert fresh(date).places_taken == 4


def test_cancelling_a_waiting_registration_moves_nobody(date):
    _fill(date, 3)
    waiting, _ = register(date, name="Anna Berg")

    _c, promoted = registration_cancel(actor=None, registration=waiting, code=waiting.short_code)

    assert promoted == []
    assert fresh(date).places_taken == 3


def test_cancelling_twice_is_refused(date):
    registration, token = register(date)
    registration_cancel(actor=None, registration=registration, token=token)

    with pytest.raises(RegistrationConflict) as refused:
        registration_cancel(actor=None, registration=registration, token=token)

    assert refused.value.messages == ["Diese Anmeldung ist schon abgesagt oder vorbei."]


def test_a_wrong_code_or_token_cancels_nothing(date):
    registration, _token = register(date)

    for kwargs in ({"code": "AAAA-BBBB"}, {"token": "falsch"}, {}):
        with pytest.raises(PermissionDenied):
            registration_cancel(actor=None, registration=registration, **kwargs)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_resident_cancels_their_own_registration_logged_in(date, resident):
    registration, _token = register(date, email=resident.email)

    cancelled, _promoted = registration_cancel(actor=resident, registration=registration)

    assert cancelled.status == Registration.Status.CANCELLED


def test_a_person_cannot_cancel_once_the_date_began_but_staff_can(date, clock, office_staff):
    registration, token = register(date)
    clock.set(date.start + dt.timedelta(minutes=5))

    with pytest.raises(RegistrationConflict) as refused:
        registration_cancel(actor=None, registration=registration, token=token)
    cancelled, promoted = registration_cancel(actor=office_staff, registration=registration)

    assert "02361 55 66 77" in refused.value.messages[0]
    assert cancelled.status == Registration.Status.CANCELLED and promoted == []


def test_staff_of_another_region_cannot_cancel(date, outsider):
    registration, _token = register(date)

    with pytest.raises(PermissionDenied):
        registration_cancel(actor=outsider, registration=registration)


def test_a_promoted_caller_who_wants_a_call_is_on_the_call_list(date, office_staff):
    confirmed = _fill(date, 3)
    caller, _ = register(date, name="Otto Kurz", channel="phone", phone="0561 1111", email="")

    registration_cancel(actor=office_staff, registration=confirmed[0])

    caller.refresh_from_db()
    assert caller.status == Registration.Status.CONFIRMED
    assert caller.call_reason == Registration.CallReason.PROMOTED
    assert not _messages("registration_promoted")

    registration_call_done(actor=office_staff, registration=caller)

    caller.refresh_from_db()
    assert caller.call_reason == ""
    assert AuditEntry.objects.filter(verb="registration.called").count() == 1


def test_only_staff_of_the_event_mark_a_call_done(date, outsider, resident):
    registration, _token = register(date, channel="phone", phone="0561 1111")

    for actor in (outsider, resident, None):
        with pytest.raises(PermissionDenied):
            registration_call_done(actor=actor, registration=registration)


# By staff ----------------------------------------------------------------------------------------


def test_office_staff_register_a_caller_by_phone(date, office_staff):
    registration, _token = registration_register_by_staff(
        actor=office_staff, occurrence=date, name="Otto Kurz", phone="0561 22 33 44"
    )

    assert registration.status == Registration.Status.CONFIRMED
    assert registration.channel == "phone"
    assert registration.registered_by == office_staff and registration.user is None
    assert fresh(date).places_taken == 1
    assert not Message.objects.exists()


def test_staff_need_the_callers_phone(date, office_staff):
    with pytest.raises(ValidationError) as refused:
        registration_register_by_staff(
            actor=office_staff, occurrence=date, name="Otto Kurz", channel="none"
        )

    assert refused.value.message_dict["phone"] == ["Geben Sie die Telefonnummer der Person ein"]


def test_staff_register_a_person_of_the_office_by_their_way_of_contact(date, office_staff, erna):
    erna.contact_channel = "email"
    erna.save(update_fields=["contact_channel"])
    _contact_consent(erna, "email", office_staff)

    registration, _token = registration_register_by_staff(
        actor=office_staff, occurrence=date, person=erna, places=2
    )

    assert (registration.person, registration.name, registration.places) == (erna, "Erna Müller", 2)
    [message] = _messages("registration_confirmed")
    assert (message.recipient, message.person_id) == ("erna@example.org", erna.id)
    entry = AuditEntry.objects.get(verb="registration.confirmed")
    assert entry.note == f"für Person {erna.id}"


def test_a_person_without_consent_gets_no_message(date, office_staff, erna):
    registration_register_by_staff(actor=office_staff, occurrence=date, person=erna)

    assert not Message.objects.exists()


def test_the_organisers_staff_may_register_people_too(date, provider_staff):
    registration, _token = registration_register_by_staff(
        actor=provider_staff, occurrence=date, name="Otto Kurz", phone="0561 22 33 44"
    )

    assert registration.registered_by == provider_staff


@pytest.mark.parametrize("persona", ["outsider", "resident", "helper", "researcher"])
def test_others_may_not_register_people(date, request, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        registration_register_by_staff(
            actor=actor, occurrence=date, name="Otto Kurz", phone="0561 22 33 44"
        )


def test_staff_may_register_for_an_event_not_yet_published(make_date, provider_staff):
    occurrence = make_date(status=PublicationStatus.IN_REVIEW)

    registration, _token = registration_register_by_staff(
        actor=provider_staff, occurrence=occurrence, name="Otto Kurz", phone="0561 22"
    )

    assert registration.status == Registration.Status.CONFIRMED


# Attendance --------------------------------------------------------------------------------------


def test_attendance_is_recorded_once_the_date_has_begun_and_can_be_corrected(
    date, clock, office_staff
):
    registration, _token = register(date)
    with pytest.raises(RegistrationConflict):
        registration_mark(actor=office_staff, registration=registration, status="attended")
    clock.set(date.start + dt.timedelta(minutes=30))

    registration_mark(actor=office_staff, registration=registration, status="attended")
    registration_mark(actor=office_staff, registration=registration, status="no_show")

    registration.refresh_from_db()
    assert registration.status == Registration.Status.NO_SHOW
    assert fresh(date).places_taken == 1  # it still held its place
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="registration.")
        .order_by("sequence")
        .values_list("verb", flat=True)
    )
    assert verbs[-2:] == ["registration.attended", "registration.no_show"]


def test_attendance_needs_a_known_state_and_a_place(date, clock, office_staff):
    held = _fill(date, 3)[0]
    waiting, _ = register(date, name="Anna Berg")
    clock.set(date.start + dt.timedelta(minutes=30))

    with pytest.raises(ValidationError) as wrong:
        registration_mark(actor=office_staff, registration=held, status="cancelled")
    with pytest.raises(RegistrationConflict):
        registration_mark(actor=office_staff, registration=waiting, status="attended")
    with pytest.raises(PermissionDenied):
        registration_mark(actor=None, registration=held, status="attended")

    assert wrong.value.messages == ["Wählen Sie „War da“ oder „War nicht da“."]


# A cancelled date --------------------------------------------------------------------------------


def test_a_cancelled_date_tells_everyone_once_by_their_channel(date, provider_staff):
    register(date, name="Anna Berg")
    caller, _ = register(date, name="Otto Kurz", channel="phone", phone="0561 1111", email="")
    register(date, name="Nina Ohne", channel="none", email="nina@example.org")
    _fill(date, 1)
    waiting, _ = register(date, name="Bernd Cremer", channel="sms", phone="0171 555 66", email="")
    cancelled, token = register(date, name="Clara Dorn")
    Occurrence.objects.filter(pk=date.pk).update(
        status=Occurrence.Status.CANCELLED, note="Die Leiterin ist krank."
    )
    registration_cancel(actor=None, registration=cancelled, token=token)

    told = registrations_notify_cancelled(occurrence=date, actor=provider_staff)
    again = registrations_notify_cancelled(occurrence=date, actor=provider_staff)

    assert (told, again) == (5, 0)
    messages = _messages("registration_date_cancelled")
    assert sorted(m.recipient for m in messages) == [
        "0171 555 66",
        "anna.berg@example.org",
        "gast.0@example.org",
    ]
    assert "Die Leiterin ist krank." in messages[0].body
    caller.refresh_from_db()
    assert caller.call_reason == Registration.CallReason.CANCELLED
    assert Registration.objects.get(name="Nina Ohne").call_reason == ""
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING  # the list keeps who was registered


def test_a_date_that_takes_place_tells_nobody(date, provider_staff):
    register(date)

    assert registrations_notify_cancelled(occurrence=date, actor=provider_staff) == 0
    assert not _messages("registration_date_cancelled")


def test_only_the_organisers_staff_report_a_cancelled_date(date, outsider):
    Occurrence.objects.filter(pk=date.pk).update(status=Occurrence.Status.CANCELLED)

    with pytest.raises(PermissionDenied):
        registrations_notify_cancelled(occurrence=date, actor=outsider)
