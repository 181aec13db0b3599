"""Reads of registrations: finding one by short code with the phone or e-mail check, the place
on the waiting list in words, labels, and a resident's own registrations."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.news.models import Event, Registration
from lotse.news.selectors_registrations import (
    contact_matches,
    date_label,
    event_place,
    own_registration_lists,
    position_words,
    registration_by_code,
    registration_refusal,
)
from lotse.news.services_registrations import registration_cancel, registration_register_by_staff
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import register

# The fixtures of the registration tests (a module attribute is a fixture to pytest).
date = registrations_support.date
make_date = registrations_support.make_date


@pytest.mark.parametrize(
    ("typed", "matches"),
    [
        ("0561 99 88 77", True),
        ("0561/998877", True),
        ("+49 561 998877", True),
        ("0049 561 998877", True),
        ("KARL@example.ORG", True),
        ("0561 99 88 78", False),
        ("karl@example.com", False),
        ("998877", False),
        ("", False),
    ],
)
def test_the_contact_check_accepts_the_phone_or_email_in_any_form(date, typed, matches):
    registration, _token = register(date, phone="0561 99 88 77", email="karl@example.org")

    assert contact_matches(registration, typed) is matches


def test_the_contact_check_takes_the_relatives_contact_too(date):
    registration, _token = register(
        date,
        name="Erna Müller",
        email="",
        channel="sms",
        booker_name="Petra",
        booker_phone="0171 2345678",
    )

    assert contact_matches(registration, "0171 234 56 78")


def test_a_person_registered_without_phone_or_email_needs_the_code_alone(date, office_staff, erna):
    erna.phone = erna.email = ""
    erna.save(update_fields=["phone", "email"])
    registration, _token = registration_register_by_staff(
        actor=office_staff, occurrence=date, person=erna
    )

    assert contact_matches(registration, "irgendwas")


def test_a_code_finds_only_live_registrations_of_coming_dates(date):
    live, _ = register(date, name="Anna Berg")
    gone, token = register(date, name="Bernd Cremer")
    registration_cancel(actor=None, registration=gone, token=token)

    assert registration_by_code(code=live.short_code) == live
    assert registration_by_code(code=gone.short_code) is None
    assert registration_by_code(code=live.short_code, now=date.start) is None
    assert registration_by_code(code="AAAA-BBBB") is None


@pytest.mark.parametrize(
    ("position", "words"),
    [
        (1, "an erster Stelle"),
        (2, "an zweiter Stelle"),
        (12, "an zwölfter Stelle"),
        (13, "an 13. Stelle"),
    ],
)
def test_the_place_on_the_waiting_list_is_said_in_words(position, words):
    assert position_words(position) == words


def test_a_date_reads_with_weekday_and_times(make_event):
    start = dt.datetime(2026, 12, 1, 14, 0, tzinfo=timezone.get_current_timezone())
    event = make_event(starts_at=start, ends_at=start + dt.timedelta(hours=2, minutes=30))
    occurrence = event.occurrences.model(event=event, start=start, end=event.ends_at)

    assert date_label(occurrence) == "Dienstag, 1. Dezember 2026, 14 Uhr bis 16:30 Uhr"


@pytest.mark.parametrize(
    ("fields", "place"),
    [
        ({}, "Kirchplatz 1, 45657 Recklinghausen"),
        ({"place_name": "Gemeindehaus"}, "Gemeindehaus, Kirchplatz 1, 45657 Recklinghausen"),
        ({"mode": Event.Mode.PHONE, "access_details": "0561 1"}, "Am Telefon"),
        ({"mode": Event.Mode.ONLINE, "access_details": "https://x.test"}, "Online"),
    ],
)
def test_the_place_is_one_line(make_event, fields, place):
    assert event_place(make_event(**fields)) == place


def test_an_event_without_registration_says_come_along(make_date):
    occurrence = make_date(registration_required=False)

    assert registration_refusal(occurrence).startswith("Für diese Veranstaltung braucht man")


def test_own_registrations_are_found_by_account_and_by_email(date, make_date, resident):
    later = make_date(starts_at=date.start + dt.timedelta(days=7), title="Gymnastik")
    by_account, _ = register(date, actor=resident, name="Bewohner", email="anders@example.org")
    by_email, _ = register(later, name="Bewohner", email="BEWOHNER@test.de")
    for_mother, _ = register(
        later,
        name="Mutter",
        email="",
        booker_name="Bewohner",
        booker_email="bewohner@test.de",
    )
    register(date, name="Fremde Person", email="fremd@example.org")

    coming, past = own_registration_lists(user=resident)
    after = own_registration_lists(user=resident, now=later.end + dt.timedelta(hours=1))

    assert coming == [by_account, by_email, for_mother]
    assert past == []
    assert after[0] == []
    assert set(after[1][:2]) == {by_email, for_mother} and after[1][2] == by_account
    assert Registration.objects.count() == 4
