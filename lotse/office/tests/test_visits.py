"""Visits staff book outside the slots: a home visit or an appointment in the office outside
the consultation hours, at any time and length, with clear conflicts."""

import datetime as dt
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from lotse.compliance.selectors_rights import subject_access_collect
from lotse.core.models import Membership, Role
from lotse.notifications.models import Message
from lotse.office.models import Appointment
from lotse.office.selectors import appointments_on, office_slots
from lotse.office.services import (
    appointment_book_for_person,
    appointment_cancel,
    appointment_reminders_send,
    appointment_visit_book,
    consultation_hour_remove,
)
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book
from lotse.people.models import Consent, Person
from lotse.people.selectors import person_history
from lotse.people.services import consent_record
from lotse.people.tests.factories import PersonFactory

MONDAY = MONDAY_8.date()
TUESDAY = MONDAY + dt.timedelta(days=1)
SATURDAY = MONDAY + dt.timedelta(days=5)
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}")


@pytest.fixture
def erna(person, office_staff) -> Person:
    """Erna Müller with her address, reminded by SMS."""
    person.street, person.postcode, person.city = "Lindenweg 3", "45657", "Teststadt"
    person.contact_channel = "sms"
    person.save()
    consent_record(
        actor=office_staff,
        person=person,
        purpose=Consent.Purpose.CONTACT,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        channel="sms",
        given_at=MONDAY_8 - dt.timedelta(days=1),
    )
    return person


def visit(office, person, actor, **fields):
    data = {
        "kind": Appointment.Kind.HOME_VISIT,
        "start": at(TUESDAY, 14),
        "minutes": 90,
        "staff_member": actor,
    } | fields
    return appointment_visit_book(actor=actor, office=office, person=person, **data)


def test_a_home_visit_is_booked_outside_the_hours_at_the_persons_address(
    clock, office, office_staff, erna
):
    free_before = office_slots(office, TUESDAY)

    appointment = visit(office, erna, office_staff, note="Antrag Pflegegrad")

    appointment.refresh_from_db()
    assert appointment.kind == "home_visit" and appointment.status == "booked"
    assert (appointment.start, appointment.end) == (at(TUESDAY, 14), at(TUESDAY, 15, 30))
    assert appointment.place == "Lindenweg 3, 45657 Teststadt"
    assert appointment.staff_member == office_staff and appointment.booked_by == office_staff
    assert appointment.short_code and appointment.region_id == office.organisation.region_id
    assert office_slots(office, TUESDAY) == free_before
    assert list(appointments_on(office=office, day=TUESDAY)) == [appointment]
    confirmation = Message.objects.get(template="appointment_confirmation")
    assert confirmation.channel == "sms"
    assert "Hausbesuch: Lindenweg 3, 45657 Teststadt" in confirmation.body


def test_a_home_visit_takes_another_place_when_staff_enter_one(clock, office, office_staff, erna):
    appointment = visit(office, erna, office_staff, place="  Tagespflege Sonnenhof, Zimmer 4 ")

    assert appointment.place == "Tagespflege Sonnenhof, Zimmer 4"


def test_an_office_appointment_outside_the_hours_has_no_place(clock, office, office_staff, erna):
    appointment = visit(
        office,
        erna,
        office_staff,
        kind=Appointment.Kind.OFFICE_EXTRA,
        start=at(SATURDAY, 10),
        minutes=30,
        place="Lindenweg 3",
    )

    assert appointment.place == ""
    body = Message.objects.get().body
    assert "Marktplatz 1" in body and "Samstag, 28. März 2026, 10 Uhr" in body


def test_a_slot_at_the_same_time_as_a_visit_stays_bookable(clock, office, office_staff, erna):
    visit(office, erna, office_staff, start=at(TUESDAY, 9))

    appointment, _token = book(office, start=at(TUESDAY, 9))

    assert appointment.kind == Appointment.Kind.SLOT


def test_the_same_staff_member_cannot_be_at_two_visits_at_once(
    clock, office, office_staff, erna, office_org
):
    visit(office, erna, office_staff)
    other = PersonFactory.create(
        organisation=office_org,
        given_name="Hans",
        family_name="Berg",
        birth_year=1940,
        street="Birkenweg 1",
        postcode="45657",
        city="Teststadt",
    )

    with pytest.raises(ValidationError) as caught:
        visit(office, other, office_staff, start=at(TUESDAY, 15))

    (message,) = caught.value.messages
    assert message.startswith(f"{office_staff.name or office_staff.email} hat zu dieser Zeit")
    assert "Hausbesuch am Dienstag, 24. März 2026, 14 bis 15:30 Uhr" in message
    assert not ISO_TIME.search(message)
    assert Appointment.objects.count() == 1


def test_the_same_person_cannot_have_two_appointments_at_once(
    clock, office, office_staff, care_navigator, erna
):
    appointment_book_for_person(
        actor=office_staff, office=office, person=erna, start=at(TUESDAY, 10)
    )

    with pytest.raises(ValidationError) as caught:
        visit(
            office,
            erna,
            office_staff,
            kind=Appointment.Kind.OFFICE_EXTRA,
            start=at(TUESDAY, 9, 45),
            minutes=30,
            staff_member=care_navigator,
        )

    (message,) = caught.value.messages
    assert message == (
        "Erna Müller hat zu dieser Zeit schon einen Termin: Termin in der Sprechstunde am "
        "Dienstag, 24. März 2026, 10 bis 10:30 Uhr. Wählen Sie eine andere Zeit."
    )
    assert Appointment.objects.count() == 1


def test_back_to_back_and_cancelled_appointments_do_not_conflict(clock, office, office_staff, erna):
    first = visit(office, erna, office_staff)
    appointment_cancel(actor=office_staff, appointment=first)
    visit(office, erna, office_staff)

    after = visit(office, erna, office_staff, start=at(TUESDAY, 15, 30))

    assert after.start == at(TUESDAY, 15, 30)
    assert Appointment.objects.filter(status="booked").count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "slot"}, "kind", "Wählen Sie „Hausbesuch“ oder „Termin im Büro"),
        ({"minutes": 0}, "minutes", "Ein Termin dauert zwischen 5 und 480 Minuten"),
        ({"minutes": 600}, "minutes", "Ein Termin dauert zwischen 5 und 480 Minuten"),
        ({"start": at(MONDAY, 7)}, "start", "Der Termin muss in der Zukunft liegen"),
    ],
)
def test_a_visit_refuses_wrong_input_and_changes_nothing(
    clock, office, office_staff, erna, fields, field, message
):
    with pytest.raises(ValidationError) as caught:
        visit(office, erna, office_staff, **fields)

    assert caught.value.message_dict[field][0].startswith(message)
    assert not Appointment.objects.exists()


def test_a_home_visit_needs_a_place_when_the_address_is_unknown(
    clock, office, office_staff, person
):
    with pytest.raises(ValidationError) as caught:
        visit(office, person, office_staff)

    assert caught.value.message_dict["place"] == [
        "Die Adresse der Person ist nicht bekannt. Geben Sie den Ort des Hausbesuchs ein"
    ]


def test_a_visit_is_kept_by_someone_of_the_office(clock, office, office_staff, outsider, erna):
    with pytest.raises(ValidationError) as caught:
        visit(office, erna, office_staff, staff_member=outsider)

    assert "staff_member" in caught.value.message_dict
    assert not Appointment.objects.exists()


def test_outsiders_cannot_book_visits(clock, office, outsider, erna):
    with pytest.raises(PermissionDenied):
        visit(office, erna, outsider)

    assert not Appointment.objects.exists()


def test_a_visit_is_reminded_the_day_before_and_can_be_cancelled(clock, office, office_staff, erna):
    appointment = visit(office, erna, office_staff)

    assert appointment_reminders_send(day=TUESDAY) == 1
    reminder = Message.objects.get(template="appointment_reminder")
    assert "Hausbesuch: Lindenweg 3" in reminder.body

    appointment_cancel(actor=office_staff, appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_visits_outside_the_hours_do_not_hold_up_changing_the_hours(
    clock, office, manager, office_staff, erna
):
    visit(office, erna, office_staff, start=at(TUESDAY, 10))

    consultation_hour_remove(actor=manager, hour=office.hours.get())

    assert not office.hours.exists()


def test_the_visit_shows_in_the_persons_history_and_art_15_copy(clock, office, office_staff, erna):
    visit(office, erna, office_staff)

    entries = [
        e for e in person_history(actor=office_staff, person=erna) if e.kind == "appointment"
    ]
    assert [(e.kind_label, e.title) for e in entries] == [("Hausbesuch", "Quartiersbüro Altstadt")]
    data = subject_access_collect(actor=office_staff, person=erna)
    section = next(s for s in data["records"] if s["model"] == "office.Appointment")
    fields = {f["name"]: f for f in section["items"][0]["fields"]}
    assert fields["place"]["label"] == "Ort des Besuchs"
    assert fields["place"]["value"] == "Lindenweg 3, 45657 Teststadt"
    assert fields["kind"]["text"] == "Hausbesuch"


def test_erasure_clears_the_place_of_a_visit(clock, office, office_staff, erna):
    appointment = visit(office, erna, office_staff)

    changed = appointment.erase_personal_text()

    assert "place" in changed and appointment.place == ""


def test_membership_in_the_office_decides_who_may_keep_a_visit(
    clock, office, office_staff, provider_staff, erna
):
    Membership.objects.create(
        user=provider_staff, organisation=office.organisation, role=Role.CARE_NAVIGATOR
    )

    appointment = visit(office, erna, office_staff, staff_member=provider_staff)

    assert appointment.staff_member == provider_staff


# The pages ------------------------------------------------------------------------------------

VISIT_PAGE = "/buero/altstadt/termine/besuch/"


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def test_the_day_view_and_the_person_page_lead_to_the_visit_page(clock, staff_client, office, erna):
    day = staff_client.get("/buero/altstadt/termine/", {"tag": "2026-03-24"})
    person_page = staff_client.get(f"/personen/{erna.id}/", {"zweck": "Beratung"})

    assert f'href="{VISIT_PAGE}?tag=2026-03-24"' in day.text
    assert f'href="{VISIT_PAGE}?person={erna.id}"' in person_page.text
    assert "Hausbesuch oder Termin außerhalb der Sprechzeit buchen" in person_page.text


def test_staff_book_a_home_visit_on_the_page_and_see_it_in_the_day_view(
    clock, staff_client, office, office_staff, erna
):
    form = staff_client.get(VISIT_PAGE, {"person": str(erna.id)})
    assert form.status_code == 200
    assert "Erna Müller, 1938, Lindenweg 3" in form.text and "checked" in form.text

    response = staff_client.post(
        VISIT_PAGE,
        {
            "person": str(erna.id),
            "kind": "home_visit",
            "day": "24.3.2026",
            "time": "16:15",
            "minutes": "45",
            "staff_member": str(office_staff.public_id),
            "place": "",
            "note": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/buero/altstadt/termine/?tag=2026-03-24"
    appointment = Appointment.objects.get()
    assert (appointment.start, appointment.end) == (at(TUESDAY, 16, 15), at(TUESDAY, 17))
    day = staff_client.get(response["Location"]).text
    assert "16:15–17:00 Uhr" in day and "Hausbesuch" in day
    assert "Ort: Lindenweg 3, 45657 Teststadt" in day and "Zuständig:" in day
    assert f"/buero/termine/{appointment.id}/absagen/" in day


def test_the_visit_page_names_a_conflict_in_words(clock, staff_client, office, office_staff, erna):
    visit(office, erna, office_staff)

    response = staff_client.post(
        VISIT_PAGE,
        {
            "person": str(erna.id),
            "kind": "office_extra",
            "day": "24.03.2026",
            "time": "15",
            "minutes": "30",
            "staff_member": str(office_staff.public_id),
        },
    )

    assert response.status_code == 200
    assert "Erna Müller hat zu dieser Zeit schon einen Termin: Hausbesuch am Dienstag" in (
        response.text
    )
    assert response.context["form"].errors
    assert Appointment.objects.count() == 1


def test_the_visit_page_says_what_is_wrong_with_the_input(clock, staff_client, office, erna):
    response = staff_client.post(
        VISIT_PAGE,
        {"person": str(erna.id), "kind": "home_visit", "day": "31.2.2026", "time": "25:00"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["day"] == ["Der Februar 2026 hat nur 28 Tage."]
    assert errors["time"] == ["Geben Sie eine Uhrzeit wie 14:30 ein"]
    assert errors["minutes"] == ["Geben Sie an, wie lange der Termin dauert"]
    assert not Appointment.objects.exists()


def test_the_visit_page_finds_persons_by_name(clock, staff_client, office, erna):
    response = staff_client.get(VISIT_PAGE, {"q": "müller"})

    assert "Erna Müller, 1938" in response.text


def test_outsiders_get_404_on_the_visit_page(clock, client, office, outsider, with_totp, erna):
    with_totp(outsider)
    client.force_login(outsider)

    assert client.get(VISIT_PAGE).status_code == 404
    assert client.post(VISIT_PAGE, {"person": str(erna.id)}).status_code == 404


def test_a_slot_for_a_person_during_their_home_visit_is_refused(clock, office, office_staff, erna):
    visit(office, erna, office_staff, start=at(TUESDAY, 9), minutes=60)

    with pytest.raises(ValidationError) as caught:
        appointment_book_for_person(
            actor=office_staff, office=office, person=erna, start=at(TUESDAY, 9, 30)
        )

    assert caught.value.messages == [
        "Erna Müller hat zu dieser Zeit schon einen Termin: Hausbesuch am Dienstag, "
        "24. März 2026, 9 bis 10 Uhr. Wählen Sie eine andere Zeit."
    ]
    assert Appointment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_visits_booked_at_the_same_moment_for_one_staff_member_leave_one(
    clock, office, office_staff, office_org
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has a single writer: bookings cannot overlap there.")
    persons = [
        PersonFactory.create(
            organisation=office_org,
            given_name=f"Person {number}",
            family_name="Test",
            birth_year=1940,
            street=f"Weg {number}",
            postcode="45657",
            city="Teststadt",
        )
        for number in range(4)
    ]
    barrier = threading.Barrier(len(persons))
    results: list[str] = []

    def book_visit(person: Person) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                visit(office, person, office_staff)
            results.append("booked")
        except ValidationError as exc:
            results.append(exc.messages[0][:30])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book_visit, args=(person,)) for person in persons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("booked") == 1
    assert Appointment.objects.count() == 1


def _book_a_visit_on_the_page(staff_client, person, office_staff):
    return staff_client.post(
        VISIT_PAGE,
        {
            "person": str(person.id),
            "kind": "home_visit",
            "day": "24.3.2026",
            "time": "10",
            "minutes": "60",
            "staff_member": str(office_staff.public_id),
        },
        follow=True,
    )


def test_staff_are_told_when_no_confirmation_goes_to_the_person(
    clock, staff_client, office, office_staff, person
):
    person.street, person.postcode, person.city = "Lindenweg 3", "45657", "Teststadt"
    person.contact_channel = "letter"  # but no consent for letters
    person.save()

    day = _book_a_visit_on_the_page(staff_client, person, office_staff).text

    assert "Hausbesuch für Erna Müller am Dienstag, 24. März 2026, 10 Uhr ist gebucht." in day
    assert "Erna Müller bekommt keine Bestätigung und keine Erinnerung" in day
    assert "Sagen Sie den Termin bitte selbst" in day
    assert not Message.objects.exists()


def test_staff_are_told_to_phone_a_person_who_wants_a_call(
    clock, staff_client, office, office_staff, person
):
    person.street, person.postcode, person.city = "Lindenweg 3", "45657", "Teststadt"
    person.contact_channel = "phone"
    person.save()

    day = _book_a_visit_on_the_page(staff_client, person, office_staff).text

    assert "Erna Müller möchte angerufen werden. Sagen Sie den Termin bitte am Telefon." in day


def test_no_warning_when_the_confirmation_went_out(clock, staff_client, office, office_staff, erna):
    day = _book_a_visit_on_the_page(staff_client, erna, office_staff).text

    assert "ist gebucht" in day
    assert "bekommt keine Bestätigung" not in day and "möchte angerufen werden" not in day
    assert Message.objects.filter(template="appointment_confirmation").count() == 1
