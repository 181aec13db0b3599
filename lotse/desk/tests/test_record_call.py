"""Issue 16, recording a call: the time of contact is a field (now by default), and who called
is recorded apart from whom it is about."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.desk.models import Inquiry

NEW = "/anliegen/neu/"


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def _post(client, erna, **fields):
    data = {
        "channel": "phone",
        "person": str(erna.id),
        "description": "Braucht Hilfe beim Einkaufen.",
        **fields,
    }
    return client.post(f"{NEW}?person=Müller", data)


def test_the_form_offers_now_as_the_contact_time(logged_in, office_staff):
    page = logged_in(office_staff).get(NEW).text

    now = timezone.localtime()
    assert f'name="contacted_at" value="{now:%d.%m.%Y}' in page
    assert "Jemand anderes meldet sich für die Person" in page


def test_a_call_recorded_later_is_dated_when_it_was(logged_in, office_staff, erna):
    client = logged_in(office_staff)
    earlier = timezone.localtime() - dt.timedelta(days=1)

    response = _post(client, erna, contacted_at=earlier.strftime("%d.%m.%Y 09:15"))

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    contacted = timezone.localtime(inquiry.contacted_at)
    assert (contacted.date(), contacted.hour, contacted.minute) == (earlier.date(), 9, 15)
    page = client.get(response["Location"]).text
    assert f"{earlier.day}." in page and "09:15" in page
    assert "erfasst am" in page


def test_without_a_contact_time_it_is_now(logged_in, office_staff, erna):
    before = timezone.now()

    _post(logged_in(office_staff), erna, contacted_at="")

    assert Inquiry.objects.get().contacted_at >= before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("gestern", "Geben Sie Datum und Uhrzeit so ein: 4.12.2026 14:30"),
        ("31.02.2026 10:00", "Geben Sie Datum und Uhrzeit so ein: 4.12.2026 14:30"),
        (
            (timezone.localtime() + dt.timedelta(days=2)).strftime("%d.%m.%Y %H:%M"),
            "Der Zeitpunkt des Kontakts darf nicht in der Zukunft liegen",
        ),
        ("31.12.9999 23:59", "Der Zeitpunkt des Kontakts darf nicht in der Zukunft liegen"),
        ("01.01.0001 00:30", "Der Zeitpunkt des Kontakts darf höchstens ein Jahr zurückliegen"),
        (
            (timezone.localtime() - dt.timedelta(days=400)).strftime("%d.%m.%Y %H:%M"),
            "Der Zeitpunkt des Kontakts darf höchstens ein Jahr zurückliegen",
        ),
    ],
)
def test_a_wrong_contact_time_is_named_and_nothing_is_saved(
    logged_in, office_staff, erna, value, message
):
    response = _post(logged_in(office_staff), erna, contacted_at=value)

    assert response.status_code == 200
    assert message in response.text
    assert not Inquiry.objects.exists()


def test_a_relative_calling_is_recorded_apart_from_the_person(logged_in, office_staff, erna):
    client = logged_in(office_staff)

    response = _post(
        client,
        erna,
        caller_kind="relative",
        caller_relation="Tochter",
        contact_name="Sabine Müller",
        contact_phone="0561 99 88 77",
    )

    inquiry = Inquiry.objects.get()
    assert inquiry.person == erna
    assert (inquiry.caller_kind, inquiry.caller_relation) == ("relative", "Tochter")
    assert (inquiry.contact_name, inquiry.contact_phone) == ("Sabine Müller", "0561 99 88 77")
    page = client.get(response["Location"]).text
    assert "Gemeldet hat sich" in page
    assert "Angehörige (Tochter): Sabine Müller, Telefon 0561 99 88 77" in page


def test_an_unknown_caller_kind_is_refused(logged_in, office_staff, erna):
    response = _post(logged_in(office_staff), erna, caller_kind="chef")

    assert response.status_code == 200
    assert "Wählen Sie, wer sich gemeldet hat" in response.text
    assert not Inquiry.objects.exists()
