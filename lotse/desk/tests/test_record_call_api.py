"""The staff API records a call as the page does: when it was, and who got in touch for whom."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create

URL = "/api/v1/desk/inquiries"


@pytest.fixture
def api_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def _post(client, **data):
    body = {"channel": "phone", "description": "Fragt nach einem Fahrdienst.", **data}
    return client.post(URL, body, content_type="application/json")


def test_a_call_from_a_daughter_recorded_later_keeps_its_time_and_caller(api_client, erna):
    called = (timezone.now() - dt.timedelta(hours=3)).replace(microsecond=0)

    response = _post(
        api_client,
        person=str(erna.id),
        contacted_at=called.isoformat(),
        caller_kind="relative",
        caller_relation=" Tochter ",
        contact_name="Petra Müller",
        contact_phone="0561 99 88 77",
    )

    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert inquiry.contacted_at == called
    assert (inquiry.person, inquiry.caller_kind, inquiry.caller_relation) == (
        erna,
        Inquiry.CallerKind.RELATIVE,
        "Tochter",
    )
    assert (inquiry.contact_name, inquiry.contact_phone) == ("Petra Müller", "0561 99 88 77")
    body = response.json()
    assert dt.datetime.fromisoformat(body["contacted_at"]) == called
    assert (body["caller_kind"], body["caller_relation"]) == ("relative", "Tochter")
    assert (body["contact_name"], body["contact_phone"]) == ("Petra Müller", "0561 99 88 77")


def test_without_a_contact_time_it_is_now(api_client):
    before = timezone.now()

    response = _post(api_client)

    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert before <= inquiry.contacted_at <= timezone.now()
    assert inquiry.caller_kind == ""


def test_reading_an_inquiry_shows_when_and_who(api_client, office_staff, office, erna):

    called = (timezone.now() - dt.timedelta(days=1)).replace(microsecond=0)
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        description="Hausnotruf",
        contacted_at=called,
        caller_kind=Inquiry.CallerKind.NEIGHBOUR,
        caller_relation="Nachbarin",
    )

    body = api_client.get(f"{URL}/{inquiry.id}").json()
    listed = api_client.get(URL).json()["items"][0]

    assert dt.datetime.fromisoformat(body["contacted_at"]) == called
    assert (body["caller_kind"], body["caller_relation"]) == ("neighbour", "Nachbarin")
    assert dt.datetime.fromisoformat(listed["contacted_at"]) == called


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"contacted_at": (timezone.now() + dt.timedelta(hours=2)).isoformat()},
            "darf nicht in der Zukunft liegen",
        ),
        (
            {"contacted_at": (timezone.now() - dt.timedelta(days=400)).isoformat()},
            "höchstens ein Jahr zurückliegen",
        ),
        ({"caller_kind": "postbote"}, "Wählen Sie, wer sich gemeldet hat"),
        ({"caller_relation": "x" * 101}, "höchstens 100 Zeichen"),
        ({"contact_phone": "1" * 41}, "höchstens 40 Zeichen"),
    ],
)
def test_a_wrong_contact_time_or_caller_is_refused_in_german(api_client, data, message):
    response = _post(api_client, **data)

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Inquiry.objects.exists()
