"""Staff change consultation hours and closures: managers and administrators of the office's
organisation; booked appointments never end up outside the hours without a word."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.accounts.services import user_create
from lotse.core.models import AuditEntry, Membership, Organisation, Role
from lotse.office.models import ConsultationHour, OfficeClosure
from lotse.office.selectors import office_slots
from lotse.office.services import (
    consultation_hour_add,
    consultation_hour_remove,
    office_closure_add,
    office_closure_remove,
)
from lotse.office.tests.conftest import MONDAY_8, at, make_office
from lotse.office.tests.test_services import book

MONDAY = MONDAY_8.date()
SATURDAY = MONDAY + dt.timedelta(days=5)
HOURS = "/buero/altstadt/zeiten/"
SATURDAY_HOUR: dict[str, Any] = {
    "freq": "WEEKLY",
    "byday": "SA",
    "opens_at": dt.time(10),
    "closes_at": dt.time(11),
}


@pytest.fixture
def weekday_hour(office) -> ConsultationHour:
    return office.hours.get()


# Services ----------------------------------------------------------------------------------


def test_a_manager_adds_a_consultation_hour_and_its_slots_appear(clock, office, manager):
    hour = consultation_hour_add(actor=manager, office=office, **SATURDAY_HOUR)

    assert office.hours.count() == 2
    assert office_slots(office, SATURDAY) == [at(SATURDAY, 10), at(SATURDAY, 10, 30)]
    entry = AuditEntry.objects.get(verb="office.hour_added")
    assert (entry.actor, entry.target_id) == (manager, str(office.pk))
    assert entry.note == str(hour)


def test_a_monthly_hour_is_kept_as_the_directory_rule(clock, office, manager):
    hour = consultation_hour_add(
        actor=manager, office=office, **SATURDAY_HOUR | {"freq": "MONTHLY", "byday": "-1SA"}
    )

    assert (hour.freq, hour.byday) == ("MONTHLY", "-1SA")
    assert office_slots(office, MONDAY + dt.timedelta(days=5)) == [
        at(SATURDAY, 10),
        at(SATURDAY, 10, 30),
    ]  # 28 March 2026 is the last Saturday of the month


def test_an_administrator_of_the_running_organisation_may_change_hours(clock, office):
    admin = user_create(email="admin-buero@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=admin, organisation=office.organisation, role=Role.ADMINISTRATOR)

    consultation_hour_add(actor=admin, office=office, **SATURDAY_HOUR)

    assert office.hours.count() == 2


@pytest.mark.parametrize(
    "persona",
    ["office_staff", "care_navigator", "helper", "provider_staff", "administrator", "outsider"],
)
def test_others_may_not_change_hours_or_closures(request, clock, office, weekday_hour, persona):
    actor = request.getfixturevalue(persona)
    closure = OfficeClosure.objects.create(office=office, starts_on=SATURDAY, ends_on=SATURDAY)

    with pytest.raises(PermissionDenied):
        consultation_hour_add(actor=actor, office=office, **SATURDAY_HOUR)
    with pytest.raises(PermissionDenied):
        consultation_hour_remove(actor=actor, hour=weekday_hour)
    with pytest.raises(PermissionDenied):
        office_closure_add(actor=actor, office=office, starts_on=SATURDAY, ends_on=SATURDAY)
    with pytest.raises(PermissionDenied):
        office_closure_remove(actor=actor, closure=closure)
    with pytest.raises(PermissionDenied):
        consultation_hour_add(actor=None, office=office, **SATURDAY_HOUR)

    assert office.hours.count() == 1
    assert office.closures.count() == 1


def test_a_manager_of_another_office_organisation_may_not(clock, office, region):
    other = Organisation.objects.create(
        name="Quartiersbüro Nord", kind=Organisation.Kind.OFFICE, region=region
    )
    stranger = user_create(email="nord@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=stranger, organisation=other, role=Role.MANAGER)

    with pytest.raises(PermissionDenied):
        consultation_hour_add(actor=stranger, office=office, **SATURDAY_HOUR)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"opens_at": dt.time(11), "closes_at": dt.time(10)},
            "closes_at",
            "Das Ende muss nach dem Beginn liegen.",
        ),
        (
            {"closes_at": dt.time(10, 20)},
            "closes_at",
            "Die Sprechstunde muss mindestens so lang sein wie ein Termin (30 Minuten)",
        ),
        (
            {"valid_from": dt.date(2026, 5, 1), "valid_to": dt.date(2026, 4, 1)},
            "valid_to",
            "„Gültig bis“ darf nicht vor „Gültig ab“ liegen",
        ),
        ({"byday": ""}, "byday", "Wählen Sie mindestens einen Tag"),
        ({"byday": "XX"}, "byday", "Wählen Sie mindestens einen Tag"),
        ({"byday": "1SA"}, "byday", "Wählen Sie mindestens einen Tag"),
    ],
)
def test_a_wrong_hour_is_explained_and_nothing_stored(
    clock, office, manager, change, field, message
):
    with pytest.raises(ValidationError) as caught:
        consultation_hour_add(actor=manager, office=office, **SATURDAY_HOUR | change)

    assert caught.value.message_dict[field] == [message]
    assert office.hours.count() == 1
    assert not AuditEntry.objects.filter(verb="office.hour_added").exists()


def test_removing_an_hour_without_bookings_removes_its_slots(clock, office, manager, weekday_hour):
    consultation_hour_remove(actor=manager, hour=weekday_hour)

    assert not office.hours.exists()
    assert office_slots(office, MONDAY) == []
    assert AuditEntry.objects.get(verb="office.hour_removed").note == str(weekday_hour)


def test_removing_an_hour_with_future_bookings_is_refused_with_their_number(
    clock, office, manager, weekday_hour
):
    first, _token = book(office, start=at(MONDAY, 10))
    book(office, start=at(MONDAY + dt.timedelta(days=1), 9))

    with pytest.raises(ValidationError) as caught:
        consultation_hour_remove(actor=manager, hour=weekday_hour)

    assert caught.value.messages == [
        "Das geht noch nicht: 2 gebuchte Termine lägen sonst außerhalb der Sprechstunden (der "
        "erste am Montag, 23. März 2026, 10 Uhr). Sagen Sie diese Termine zuerst in der "
        "Terminübersicht ab und rufen Sie die Personen an."
    ]
    assert office.hours.count() == 1
    first.refresh_from_db()
    assert first.status == "booked"


def test_bookings_that_are_past_cancelled_or_covered_by_another_hour_do_not_block(
    clock, office, manager, weekday_hour
):
    past, _token = book(office, start=at(MONDAY, 9))
    cancelled, _token = book(office, start=at(MONDAY, 9, 30))
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])
    book(office, start=at(MONDAY, 10))
    consultation_hour_add(
        actor=manager,
        office=office,
        freq="WEEKLY",
        byday="MO",
        opens_at=dt.time(10),
        closes_at=dt.time(11),
    )
    clock.set(at(MONDAY, 9, 15))

    consultation_hour_remove(actor=manager, hour=weekday_hour)

    assert office.hours.count() == 1


def test_a_closure_closes_the_days_and_can_be_removed(clock, office, manager):
    tuesday = MONDAY + dt.timedelta(days=1)

    closure = office_closure_add(
        actor=manager, office=office, starts_on=tuesday, ends_on=tuesday, note="Ausflug"
    )

    assert office_slots(office, tuesday) == []
    assert AuditEntry.objects.filter(verb="office.closure_added").exists()

    office_closure_remove(actor=manager, closure=closure)

    assert len(office_slots(office, tuesday)) == 6
    assert AuditEntry.objects.filter(verb="office.closure_removed").exists()


def test_a_closure_over_booked_appointments_is_refused(clock, office, manager):
    tuesday = MONDAY + dt.timedelta(days=1)
    book(office, start=at(tuesday, 11))

    with pytest.raises(ValidationError) as caught:
        office_closure_add(actor=manager, office=office, starts_on=MONDAY, ends_on=tuesday)

    assert caught.value.messages[0].startswith(
        "Das geht noch nicht: 1 gebuchter Termin läge sonst außerhalb der Sprechstunden "
        "(am Dienstag, 24. März 2026, 11 Uhr)."
    )
    assert not office.closures.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (
            MONDAY,
            MONDAY - dt.timedelta(days=1),
            "Der letzte Tag darf nicht vor dem ersten Tag liegen",
        ),
        (
            MONDAY - dt.timedelta(days=3),
            MONDAY - dt.timedelta(days=1),
            "Der letzte Tag darf nicht in der Vergangenheit liegen",
        ),
    ],
)
def test_a_wrong_closure_is_explained_and_nothing_stored(
    clock, office, manager, starts_on, ends_on, message
):
    with pytest.raises(ValidationError) as caught:
        office_closure_add(actor=manager, office=office, starts_on=starts_on, ends_on=ends_on)

    assert caught.value.message_dict["ends_on"] == [message]
    assert not office.closures.exists()


# Pages -------------------------------------------------------------------------------------


@pytest.fixture
def manager_client(client, manager, with_totp):
    with_totp(manager)  # for the day view; the hours pages need only the login
    client.force_login(manager)
    return client


def test_the_page_lists_hours_and_coming_closures(clock, manager_client, office):
    OfficeClosure.objects.create(
        office=office, starts_on=dt.date(2026, 4, 6), ends_on=dt.date(2026, 4, 10), note="Urlaub"
    )
    OfficeClosure.objects.create(
        office=office,
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 9),
        note="Inventur im Januar",
    )

    response = manager_client.get(HOURS)

    assert response.status_code == 200
    assert "Montag bis Freitag: 9 Uhr bis 12 Uhr" in response.text
    assert "Montag, 6. April 2026 bis Freitag, 10. April 2026" in response.text
    assert "Urlaub" in response.text
    assert "Inventur im Januar" not in response.text


def test_the_day_view_links_to_the_hours_for_managers_only(
    clock, manager_client, office, office_staff, with_totp, client
):
    assert f'href="{HOURS}"' in manager_client.get("/buero/altstadt/termine/").text

    with_totp(office_staff)
    manager_client.force_login(office_staff)

    assert f'href="{HOURS}"' not in manager_client.get("/buero/altstadt/termine/").text


def test_adding_an_hour_on_the_page(clock, manager_client, office):
    response = manager_client.post(
        f"{HOURS}sprechstunde/",
        {
            "sprechstunde-week": "weekly",
            "sprechstunde-days": ["SA", "SU"],
            "sprechstunde-opens_at": "10:00",
            "sprechstunde-closes_at": "12:00",
            "sprechstunde-valid_from": "",
            "sprechstunde-valid_to": "",
        },
        follow=True,
    )

    assert response.redirect_chain == [(HOURS, 302)]
    assert "Die Sprechstunde ist eingetragen." in response.text
    assert office.hours.filter(byday="SA,SU", opens_at=dt.time(10)).exists()


def test_a_monthly_hour_on_the_page(clock, manager_client, office):
    manager_client.post(
        f"{HOURS}sprechstunde/",
        {
            "sprechstunde-week": "1",
            "sprechstunde-days": ["WE"],
            "sprechstunde-opens_at": "14:00",
            "sprechstunde-closes_at": "16:00",
            "sprechstunde-valid_from": "2026-04-01",
        },
    )

    hour = office.hours.get(freq="MONTHLY")
    assert (hour.byday, hour.valid_from) == ("1WE", dt.date(2026, 4, 1))


def test_bad_input_on_the_page_is_explained_in_german_and_stores_nothing(
    clock, manager_client, office
):
    response = manager_client.post(
        f"{HOURS}sprechstunde/",
        {
            "sprechstunde-week": "weekly",
            "sprechstunde-opens_at": "12:00",
            "sprechstunde-closes_at": "mittags",
        },
    )
    late = manager_client.post(
        f"{HOURS}sprechstunde/",
        {
            "sprechstunde-week": "weekly",
            "sprechstunde-days": ["SA"],
            "sprechstunde-opens_at": "12:00",
            "sprechstunde-closes_at": "11:00",
        },
    )
    closure = manager_client.post(f"{HOURS}schliesszeit/", {"schliesszeit-starts_on": "morgen"})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Wählen Sie mindestens einen Tag" in response.text
    assert "Geben Sie eine Uhrzeit wie 12:00 ein" in response.text
    assert "Das Ende muss nach dem Beginn liegen." in late.text
    assert 'href="#id_sprechstunde-closes_at"' in late.text
    assert "Geben Sie ein Datum wie 23.03.2026 ein" in closure.text
    assert "Geben Sie den letzten geschlossenen Tag ein" in closure.text
    assert office.hours.count() == 1
    assert not office.closures.exists()


def test_removing_an_hour_asks_first_and_refuses_over_bookings(
    clock, manager_client, office, weekday_hour
):
    url = f"{HOURS}sprechstunde/{weekday_hour.public_id}/entfernen/"
    book(office, start=at(MONDAY, 10))

    confirm = manager_client.get(url)
    refused = manager_client.post(url)

    assert "Möchten Sie „Montag bis Freitag: 9 Uhr bis 12 Uhr“ entfernen?" in confirm.text
    assert refused.status_code == 200
    assert "<title>Fehler:" in refused.text
    assert "1 gebuchter Termin" in refused.text
    assert office.hours.count() == 1


def test_adding_and_removing_a_closure_on_the_page(clock, manager_client, office):
    manager_client.post(
        f"{HOURS}schliesszeit/",
        {
            "schliesszeit-starts_on": "2026-04-06",
            "schliesszeit-ends_on": "2026-04-10",
            "schliesszeit-note": "Urlaub",
        },
    )
    closure = office.closures.get()
    url = f"{HOURS}schliesszeit/{closure.public_id}/entfernen/"

    confirm = manager_client.get(url)
    removed = manager_client.post(url)

    assert (closure.starts_on, closure.ends_on, closure.note) == (
        dt.date(2026, 4, 6),
        dt.date(2026, 4, 10),
        "Urlaub",
    )
    assert "Möchten Sie „Montag, 6. April 2026 bis Freitag, 10. April 2026“ entfernen?" in (
        confirm.text
    )
    assert removed["Location"] == HOURS
    assert not office.closures.exists()


def test_another_offices_hour_answers_404(clock, manager_client, office, office_org, quarter):
    other = make_office(office_org, quarter, slug="nord", name="Quartiersbüro Nord")
    url = f"{HOURS}sprechstunde/{other.hours.get().public_id}/entfernen/"

    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url).status_code == 404
    assert other.hours.count() == 1


def test_pages_refuse_outsiders_with_404_and_colleagues_with_403(
    clock, client, office, outsider, office_staff
):
    client.force_login(outsider)
    assert client.get(HOURS).status_code == 404
    assert client.post(f"{HOURS}sprechstunde/", {}).status_code == 404

    client.force_login(office_staff)
    assert client.get(HOURS).status_code == 403
    assert client.post(f"{HOURS}schliesszeit/", {}).status_code == 403
