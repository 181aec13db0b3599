"""A person's history on the person's page (issue 16)."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_close, inquiry_create
from lotse.desk.services.referrals import referral_create, referral_withdraw
from lotse.office.models import Appointment, Office
from lotse.people.models import Consent, Proxy
from lotse.people.selectors import person_history
from lotse.people.services import consent_record, proxy_add


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


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


def _appointment(office_place, person, start) -> Appointment:
    return Appointment.objects.create(
        office=office_place,
        region_id=office_place.organisation.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        person=person,
        cancel_token_hash=uuid.uuid4().hex,
    )


def _history(office_staff, office, erna, topic, make_offer, office_place, *, times: int = 1):
    """`times` of each kind of record, the inquiries closed but the last."""
    offer = make_offer("Mittagstisch")
    for number in range(times):
        inquiry = inquiry_create(
            actor=office_staff,
            organisation=office,
            channel=Inquiry.Channel.PHONE,
            person=erna,
            topics=[topic],
        )
        referral_create(actor=office_staff, inquiry=inquiry, service=offer)
        _appointment(
            office_place, erna, timezone.now() + dt.timedelta(days=number + 1, hours=number)
        )
        consent_record(
            actor=office_staff,
            person=erna,
            purpose=Consent.Purpose.CONTACT,
            channel="phone",
            given_how=Consent.GivenHow.VERBAL_PHONE,
        )
        proxy_add(
            actor=office_staff,
            person=erna,
            data={
                "kind": Proxy.Kind.RELATIVE,
                "name": f"Sabine Müller {number}",
                "relationship": "Tochter",
                "evidence_kind": Proxy.Evidence.VERBAL,
            },
        )


def test_person_page_shows_the_history_newest_first(
    staff_client, office_staff, office, erna, topic, make_offer, office_place
):
    _history(office_staff, office, erna, topic, make_offer, office_place)
    inquiry = Inquiry.objects.get()
    referral = inquiry.referrals.get()
    referral_withdraw(actor=office_staff, referral=referral)
    inquiry_close(actor=office_staff, inquiry=inquiry, note="Erledigt")

    page = staff_client.get(f"/personen/{erna.id}/").text

    history = page[page.index('id="verlauf"') : page.index("Vertretungen</h2>")]
    # The appointment lies tomorrow, so it comes first; the rest in the order recorded.
    kinds = re.findall(r"(Termin|Anliegen|Weitervermittlung|Einwilligung|Vertretung):", history)
    assert kinds == ["Termin", "Vertretung", "Einwilligung", "Weitervermittlung", "Anliegen"]
    assert f'href="/anliegen/{inquiry.id}/"' in history
    assert "Abgeschlossen am" in history
    assert "Mittagstisch (AWO Altstadt)" in history
    assert "Zurückgezogen" in history
    assert "Gebucht" in history
    assert "Sabine Müller 0 (Angehörige/r)" in history


def test_history_leaves_out_what_another_organisation_holds(
    office_staff, office, erna, topic, provider_org, office_place
):
    Inquiry.objects.create(
        organisation=provider_org,
        region_id=provider_org.region_id,
        channel=Inquiry.Channel.PHONE,
        person=erna,
    )
    other_office = Office.objects.create(
        organisation=provider_org,
        quarter=office_place.quarter,
        name="Anderes Büro",
        slug="anderes",
        street="Weg 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 1",
    )
    _appointment(other_office, erna, timezone.now() + dt.timedelta(days=1))

    assert person_history(actor=office_staff, person=erna) == []


def test_history_of_inquiries_and_appointments_needs_a_role_that_works_with_them(
    office_staff, office, erna, topic, make_offer, office_place, provider_staff
):
    _history(office_staff, office, erna, topic, make_offer, office_place)

    kinds = {entry.kind for entry in person_history(actor=provider_staff, person=erna)}

    assert kinds == {"consent", "proxy"}


def _queries(client, url) -> int:
    client.get(url)  # warms what a session caches on its first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_person_page_reads_the_history_in_a_fixed_number_of_queries(
    staff_client, office_staff, office, erna, topic, make_offer, office_place
):
    url = f"/personen/{erna.id}/"
    _history(office_staff, office, erna, topic, make_offer, office_place)
    one_each = _queries(staff_client, url)

    _history(office_staff, office, erna, topic, make_offer, office_place, times=4)
    five_each = _queries(staff_client, url)

    assert five_each == one_each
    # Measured: the page with its history, duplicates and read log.
    assert one_each <= 25
