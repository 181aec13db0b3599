"""The staff JSON API of events: create with the repetition as choices, read, update, publish,
dates with their changes; refusals as 404 (outsider), 403, 409 and 422."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from lotse.news.models import Event
from lotse.news.occurrences import occurrences_refresh

pytestmark = pytest.mark.django_db

API = "/api/v1/news/events"


@pytest.fixture
def staff_client(client, provider_staff, with_totp):
    with_totp(provider_staff)
    client.force_login(provider_staff)
    return client


def _body(quarter, **changes) -> dict:
    day = timezone.localdate() + dt.timedelta(days=1)
    body = {
        "title": "Handy-Café",
        "description": "Hilfe mit dem Handy",
        "area": str(quarter.pk),
        "street": "Marktplatz 2",
        "postcode": "45657",
        "city": "Recklinghausen",
        "day": day.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "recurrence": {"kind": "monthly", "ordinal": -1, "weekday": 4},
    }
    body.update(changes)
    return body


def _post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_create_read_and_publish_an_event(staff_client, quarter):
    created = _post(staff_client, API, _body(quarter))

    assert created.status_code == 201, created.text
    event = created.json()
    assert event["rrule"] == "FREQ=MONTHLY;BYDAY=-1FR"
    assert event["recurrence"]["kind"] == "monthly" and event["status"] == "draft"
    got = staff_client.get(f"{API}/{event['id']}").json()
    assert got["title"] == "Handy-Café"
    published = _post(staff_client, f"{API}/{event['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = _post(staff_client, f"{API}/{event['id']}/publish")
    assert again.status_code == 409
    listed = staff_client.get(API).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"area": None},
        {"area": "00000000-0000-0000-0000-000000000000"},
        {"capacity": 10**30, "registration_required": True},
        {"recurrence": {"kind": "weekly", "weekdays": [99]}},
        {"recurrence": {"kind": "monthly", "ordinal": 10**20}},
        {"title": "x" * 10_000},
        {"topics": ["nicht-eine-id"]},
        {"location": "00000000-0000-0000-0000-000000000000"},
        {"end_time": "09:00"},
    ],
)
def test_bad_input_is_refused_with_422_and_nothing_is_saved(staff_client, quarter, changes):
    response = _post(staff_client, API, _body(quarter, **changes))

    assert response.status_code == 422, response.text
    assert not Event.objects.exists()


def test_nul_bytes_are_refused(staff_client, quarter):
    response = _post(staff_client, API, _body(quarter, title="Hand\u0000y"))

    assert response.status_code in (400, 422)
    assert not Event.objects.exists()


def test_dates_cancel_move_and_undo(staff_client, make_event):
    event = make_event(rrule="FREQ=WEEKLY")
    occurrences_refresh(event)
    dates = staff_client.get(f"{API}/{event.id}/dates").json()
    second = dates[1]["id"]

    cancelled = _post(staff_client, f"{API}/{event.id}/dates/{second}/cancel", {"reason": "Krank"})
    moved = _post(
        staff_client,
        f"{API}/{event.id}/dates/{second}/move",
        {
            "day": dates[1]["start"][:10],
            "start_time": "09:00",
            "end_time": "10:00",
            "reason": "Früher",
        },
    )
    undone = staff_client.delete(f"{API}/{event.id}/dates/{second}/change")
    again = staff_client.delete(f"{API}/{event.id}/dates/{second}/change")

    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["note"] == "Krank"
    assert moved.json()["change"] == "moved"
    assert undone.status_code == 204 and again.status_code == 409


def test_an_outsider_gets_404_and_a_resident_403(client, outsider, resident, with_totp, make_event):
    event = make_event()
    with_totp(outsider)
    client.force_login(outsider)

    assert client.get(f"{API}/{event.id}").status_code == 404
    assert _post(client, f"{API}/{event.id}/publish").status_code == 404

    client.force_login(resident)
    assert client.get(API).status_code == 403
