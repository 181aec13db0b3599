"""Issue 16: erasure ends what it leaves behind. Anonymising a person cancels their future
appointments (the slots are free again), closes their open inquiries and withdraws open
referrals with a neutral note; before, the day view showed "Anonymisiert – Gebucht" and the
dashboard "Anonymisiert – Offen"."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from lotse.compliance.erasure import erasure_plan, person_anonymise
from lotse.core.models import AuditEntry
from lotse.desk.models import Inquiry, Referral
from lotse.desk.services.inquiries import inquiry_close, inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.office.models import Appointment, Office


@pytest.fixture
def office_place(office, quarter) -> Office:
    return Office.objects.create(
        organisation=office,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )


def _appointment(office_place, person, start, **fields) -> Appointment:
    return Appointment.objects.create(
        office=office_place,
        region_id=office_place.organisation.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        person=person,
        cancel_token_hash=uuid.uuid4().hex,
        **fields,
    )


@pytest.fixture
def open_work(office_staff, office, erna, topic, make_offer, office_place):
    offer = make_offer("Mittagstisch")
    open_inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
    )
    referral = referral_create(actor=office_staff, inquiry=open_inquiry, service=offer)
    closed_inquiry = inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.PHONE, person=erna
    )
    closed_inquiry = inquiry_close(actor=office_staff, inquiry=closed_inquiry, note="Erledigt")
    now = timezone.now()
    future = _appointment(office_place, erna, now + dt.timedelta(days=2))
    past = _appointment(
        office_place, erna, now - dt.timedelta(days=2), status=Appointment.Status.ATTENDED
    )
    return {
        "inquiry": open_inquiry,
        "referral": referral,
        "closed": closed_inquiry,
        "future": future,
        "past": past,
    }


def test_anonymise_ends_open_work_through_its_services(manager, erna, open_work):
    result = person_anonymise(actor=manager, person=erna, reason="Antrag")

    referral = Referral.objects.get(pk=open_work["referral"].pk)
    assert referral.status == Referral.Status.WITHDRAWN
    last_step = referral.events.last()
    assert last_step is not None
    assert last_step.note == "Vom Quartiersbüro beendet"
    inquiry = Inquiry.objects.get(pk=open_work["inquiry"].pk)
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closed_at is not None
    assert Appointment.objects.get(pk=open_work["future"].pk).status == "cancelled"
    # What was over stays as it was.
    assert Appointment.objects.get(pk=open_work["past"].pk).status == "attended"
    closed = Inquiry.objects.get(pk=open_work["closed"].pk)
    assert closed.closed_at == open_work["closed"].closed_at
    assert result.counts["referrals_withdrawn"] == 1
    assert result.counts["inquiries_closed"] == 1
    assert result.counts["appointments_cancelled"] == 1
    # Each step went through its service: checked and logged as the manager's.
    verbs = set(AuditEntry.objects.filter(actor=manager).values_list("verb", flat=True))
    assert {"referral.withdrawn", "inquiry.closed", "appointment.cancelled"} <= verbs


def test_the_freed_slot_can_be_booked_again(manager, erna, open_work, office_place):
    person_anonymise(actor=manager, person=erna, reason="Antrag")

    again = _appointment(office_place, None, open_work["future"].start, name="Jemand")

    assert again.status == Appointment.Status.BOOKED


def test_the_dashboard_no_longer_lists_the_anonymised_person(
    client, with_totp, manager, erna, open_work
):
    person_anonymise(actor=manager, person=erna, reason="Antrag")
    with_totp(manager)
    client.force_login(manager)

    dashboard = client.get("/anliegen/").text

    assert "Anonymisiert" not in dashboard


def test_erasure_plan_names_the_work_it_will_end(erna, open_work):
    plan = {line.label: line for line in erasure_plan(person=erna)}

    assert plan["Offene Weitervermittlungen"].count == 1
    assert plan["Offene Anliegen"].count == 1
    assert plan["Künftige Termine"].count == 1
    assert "abgesagt" in plan["Künftige Termine"].action


def test_a_refused_anonymisation_ends_nothing(office_staff, erna, open_work):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        person_anonymise(actor=office_staff, person=erna, reason="Antrag")

    assert Referral.objects.get(pk=open_work["referral"].pk).status == "requested"
    assert Appointment.objects.get(pk=open_work["future"].pk).status == "booked"
