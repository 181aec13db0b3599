import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from lotse.core.models import AuditEntry, Organisation
from lotse.office.models import Appointment
from lotse.office.selectors import appointment_by_token, office_slots
from lotse.office.services import (
    SlotTaken,
    appointment_book_for_person,
    appointment_book_public,
    appointment_cancel,
    appointment_mark,
)
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.people.tests.factories import PersonFactory

MONDAY = MONDAY_8.date()
NINE = at(MONDAY, 9)
TAKEN = (
    "Der Termin am Montag, 23. März 2026, 9 Uhr ist gerade vergeben worden. "
    "Bitte wählen Sie einen anderen."
)


def book(office, start=NINE, actor=None, **fields):
    data = {"name": "Karl Schmidt", "phone": "0561 99 88 77"} | fields
    return appointment_book_public(actor=actor, office=office, start=start, **data)


def test_appointment_book_public_books_a_free_slot_without_an_account(clock, office):
    appointment, token = book(office, channel="sms")

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert appointment.end == at(MONDAY, 9, 30)
    assert appointment.booked_by is None
    assert appointment.region_id == office.organisation.region_id
    assert appointment_by_token(token=token) == appointment
    assert token not in appointment.cancel_token_hash
    assert NINE not in office_slots(office, MONDAY)
    entry = AuditEntry.objects.get(verb="appointment.booked")
    assert entry.actor is None and entry.target_id == str(appointment.id)


def test_appointment_book_public_records_the_logged_in_booker(clock, office, resident):
    appointment, _token = book(office, actor=resident, email="bewohner@test.de", phone="")

    assert appointment.booked_by == resident


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Geben Sie Ihren Namen ein"),
        (
            {"phone": "", "email": ""},
            "phone",
            "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein",
        ),
        (
            {"channel": "email"},
            "email",
            "Für eine Nachricht per E-Mail geben Sie Ihre E-Mail-Adresse ein",
        ),
        ({"channel": "fax"}, "channel", "Wählen Sie, wie wir Sie benachrichtigen sollen"),
        ({"channel": "letter"}, "street", "Für einen Brief geben Sie Straße und Hausnummer ein"),
        (
            {"channel": "letter", "street": "Lindenweg 3", "postcode": "4565", "city": "Teststadt"},
            "postcode",
            "Die Postleitzahl hat 5 Ziffern, zum Beispiel 45657",
        ),
        (
            {"channel": "letter", "street": "Lindenweg 3", "postcode": "45657"},
            "city",
            "Für einen Brief geben Sie den Ort ein",
        ),
        (
            {"phone": "abc!!?"},
            "phone",
            "Geben Sie die Telefonnummer in Ziffern ein, zum Beispiel 02361 123 45 67",
        ),
        (
            {"phone": "", "email": "k@x.de", "channel": "phone"},
            "phone",
            "Damit wir Sie anrufen können, geben Sie Ihre Telefonnummer ein",
        ),
    ],
)
def test_appointment_book_public_refuses_missing_contact_and_changes_nothing(
    clock, office, fields, field, message
):
    with pytest.raises(ValidationError) as caught:
        book(office, **fields)

    assert caught.value.message_dict[field] == [message]
    assert not Appointment.objects.exists()


def test_appointment_book_public_refuses_a_taken_slot(clock, office):
    book(office)

    with pytest.raises(ValidationError) as caught:
        book(office, name="Zweite Person")

    assert caught.value.messages == [TAKEN]
    # The nearest free slots: 9:30 and 10:00 the same morning, then 10:30.
    assert isinstance(caught.value, SlotTaken)
    assert caught.value.nearest == [at(MONDAY, 9, 30), at(MONDAY, 10), at(MONDAY, 10, 30)]
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    "start",
    [
        at(MONDAY, 9, 10),
        at(MONDAY, 13),
        at(dt.date(2026, 3, 28), 9),
        at(MONDAY - dt.timedelta(7), 9),
    ],
    ids=["between-slots", "after-hours", "saturday", "past"],
)
def test_appointment_book_public_refuses_times_that_are_no_slot(clock, office, start):
    with pytest.raises(ValidationError) as caught:
        book(office, start=start)

    assert caught.value.messages == ["Diesen Termin gibt es nicht. Bitte wählen Sie einen anderen."]
    assert not Appointment.objects.exists()


def test_a_cancelled_slot_can_be_booked_again(clock, office):
    first, token = book(office)
    appointment_cancel(actor=None, appointment=first, token=token)

    second, _token = book(office, name="Zweite Person")

    assert second.start == first.start


def test_the_database_refuses_two_live_appointments_for_one_slot(office):
    def row(suffix: str, status: str = "booked") -> Appointment:
        return Appointment(
            office=office,
            region_id=office.organisation.region_id,
            start=NINE,
            end=at(MONDAY, 9, 30),
            status=status,
            cancel_token_hash=suffix,
        )

    row("a").save()
    row("b", status="cancelled").save()

    with pytest.raises(IntegrityError), transaction.atomic():
        row("c").save()


def test_appointment_book_for_person_uses_the_persons_contact_channel(
    clock, office, office_staff, person
):
    person.contact_channel = "letter"
    person.save()

    appointment, _token = appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=NINE, note="Pflegegrad"
    )

    assert appointment.person == person
    assert appointment.channel == "letter"
    assert appointment.booked_by == office_staff
    assert appointment.name == ""
    assert AuditEntry.objects.filter(verb="appointment.booked", actor=office_staff).exists()


def test_appointment_book_for_person_refuses_staff_of_other_organisations(
    clock, office, person, provider_staff, outsider, helper
):
    for actor in (None, provider_staff, outsider, helper):
        with pytest.raises(PermissionDenied):
            appointment_book_for_person(actor=actor, office=office, person=person, start=NINE)

    assert not Appointment.objects.exists()


def test_appointment_book_for_person_refuses_a_person_of_another_organisation(
    clock, office, office_staff, provider_org
):
    stranger = PersonFactory.create(
        organisation=provider_org,
        given_name="Otto",
        family_name="Fremd",
        birth_year=1940,
    )

    with pytest.raises(ValidationError):
        appointment_book_for_person(actor=office_staff, office=office, person=stranger, start=NINE)

    assert not Appointment.objects.exists()


def test_appointment_cancel_with_the_link_needs_no_account(clock, office):
    appointment, token = book(office)

    appointment_cancel(actor=None, appointment=appointment, token=token)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert AuditEntry.objects.filter(verb="appointment.cancelled").exists()


def test_appointment_cancel_refuses_a_wrong_link_and_strangers(clock, office, outsider):
    appointment, _token = book(office)

    for actor, token in [(None, "falsch"), (outsider, ""), (None, "")]:
        with pytest.raises(PermissionDenied):
            appointment_cancel(actor=actor, appointment=appointment, token=token)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_appointment_cancel_lets_a_logged_in_booker_cancel_without_the_link(
    clock, office, resident
):
    appointment, _token = book(office, actor=resident)

    appointment_cancel(actor=resident, appointment=appointment)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_appointment_cancel_by_staff_and_not_twice(clock, office, office_staff):
    appointment, _token = book(office)

    appointment_cancel(actor=office_staff, appointment=appointment)

    with pytest.raises(ValidationError):
        appointment_cancel(actor=office_staff, appointment=appointment)


def test_appointment_cancel_with_the_link_refuses_once_it_began(clock, office):
    appointment, token = book(office)
    clock.set(at(MONDAY, 9, 5))

    with pytest.raises(ValidationError) as caught:
        appointment_cancel(actor=None, appointment=appointment, token=token)

    assert "begonnen" in caught.value.messages[0]


def test_appointment_mark_records_attended_and_no_show_after_the_start(
    clock, office, office_staff, care_navigator
):
    appointment, _token = book(office)
    clock.set(at(MONDAY, 9, 1))

    appointment_mark(actor=office_staff, appointment=appointment, status="no_show")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW

    appointment_mark(actor=care_navigator, appointment=appointment, status="attended")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ATTENDED
    assert AuditEntry.objects.filter(verb="appointment.no_show").exists()


def test_appointment_mark_refuses_before_the_start_wrong_states_and_strangers(
    clock, office, office_staff, outsider, helper
):
    appointment, token = book(office)

    with pytest.raises(ValidationError):
        appointment_mark(actor=office_staff, appointment=appointment, status="attended")
    clock.set(at(MONDAY, 9, 1))
    with pytest.raises(ValidationError):
        appointment_mark(actor=office_staff, appointment=appointment, status="cancelled")
    for actor in (None, outsider, helper):
        with pytest.raises(PermissionDenied):
            appointment_mark(actor=actor, appointment=appointment, status="attended")
    appointment_cancel(actor=office_staff, appointment=appointment)
    with pytest.raises(ValidationError):
        appointment_mark(actor=office_staff, appointment=appointment, status="attended")

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_erasing_a_person_keeps_the_appointment_and_clears_its_text(
    clock, office, office_staff, person
):
    for_person, _token = appointment_book_for_person(
        actor=office_staff, office=office, person=person, start=NINE, note="Rente"
    )
    online, _token = book(office, start=at(MONDAY, 10), note="Wohngeld")

    changed = [for_person.erase_personal_text(), online.erase_personal_text()]
    for appointment, fields in zip([for_person, online], changed, strict=True):
        appointment.save(update_fields=fields)

    assert Appointment.PERSON_ERASURE == "keep"
    assert changed == [["note"], ["name", "phone", "note"]]
    for appointment in (for_person, online):
        appointment.refresh_from_db()
        assert [appointment.name, appointment.phone, appointment.email, appointment.note] == [
            "",
            "",
            "",
            "",
        ]
    # Deleting a person outright would keep the row too.
    assert Appointment._meta.get_field("person").remote_field.on_delete is models.SET_NULL


def test_office_requires_an_organisation_of_kind_office(office, provider_org):
    office.organisation = provider_org
    office.slug = "termin"

    with pytest.raises(ValidationError) as caught:
        office.full_clean()

    assert set(caught.value.message_dict) == {"organisation", "slug"}
    assert provider_org.kind == Organisation.Kind.PROVIDER
