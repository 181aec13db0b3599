"""The staff JSON API of registrations: wiring, statuses and the outsider."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from lotse.news.models import Registration
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import fresh, register

# The fixtures of the registration tests (a module attribute is a fixture to pytest).
date = registrations_support.date
make_date = registrations_support.make_date

API = "/api/v1/news"


@pytest.fixture
def staff_api(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def _post(client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_registrations_of_a_date_are_listed_with_their_status(date, staff_api):
    for n in range(3):
        register(date, name=f"Gast {n}")
    waiting, _ = register(date, name="Anna Berg")

    response = staff_api.get(f"{API}/occurrences/{date.id}/registrations")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    rows = response.json()
    assert [row["status"] for row in rows] == ["confirmed"] * 3 + ["waiting"]
    assert rows[3]["id"] == str(waiting.id) and rows[3]["waiting_position"] == 1
    assert rows[0]["waiting_position"] is None


def test_staff_register_a_caller_and_then_a_full_date_without_list_answers_409(
    make_date, staff_api
):
    occurrence = make_date(capacity=1, waiting_list=False)
    url = f"{API}/occurrences/{occurrence.id}/registrations"

    created = _post(staff_api, url, {"name": "Otto Kurz", "phone": "0561 22 33 44"})
    full = _post(staff_api, url, {"name": "Eva Lang", "phone": "0561 22 33 45"})
    empty = _post(staff_api, url)

    assert created.status_code == 201
    assert created.json()["status"] == "confirmed" and created.json()["channel"] == "phone"
    assert full.status_code == 409 and "ausgebucht" in full.json()["detail"]
    assert empty.status_code == 422
    assert fresh(occurrence).places_taken == 1


def test_staff_register_a_person_of_their_office(date, staff_api, erna):
    response = _post(
        staff_api,
        f"{API}/occurrences/{date.id}/registrations",
        {"person": str(erna.id), "places": 2},
    )

    assert response.status_code == 201
    assert response.json()["person"] == str(erna.id) and response.json()["places"] == 2


def test_cancelling_answers_who_moved_up_and_a_second_time_409(date, staff_api):
    first = register(date, name="Gast 0")[0]
    for n in range(1, 3):
        register(date, name=f"Gast {n}")
    waiting, _ = register(date, name="Anna Berg")
    url = f"{API}/registrations/{first.id}/cancel"

    response = _post(staff_api, url)
    again = _post(staff_api, url)

    assert response.status_code == 200
    assert response.json()["registration"]["status"] == "cancelled"
    assert [row["id"] for row in response.json()["promoted"]] == [str(waiting.id)]
    assert again.status_code == 409


def test_attendance_before_the_date_is_409_and_a_wrong_status_422(date, staff_api):
    registration, _ = register(date)
    url = f"{API}/registrations/{registration.id}/attendance"

    early = _post(staff_api, url, {"status": "attended"})
    wrong = _post(staff_api, url, {"status": "vielleicht"})

    assert early.status_code == 409
    assert wrong.status_code == 422


def test_attendance_after_the_date_began(make_date, staff_api):
    occurrence = make_date(starts_at=timezone.now() - dt.timedelta(minutes=10))
    registration = Registration.objects.create(
        occurrence=occurrence,
        event=occurrence.event,
        region_id=occurrence.region_id,
        name="Karl",
        cancel_token_hash="api-test",
        short_code="AAAA-CCCC",
    )

    response = _post(
        staff_api, f"{API}/registrations/{registration.id}/attendance", {"status": "no_show"}
    )

    assert response.status_code == 200 and response.json()["status"] == "no_show"


def test_the_outsider_gets_404_everywhere(client, date, outsider, with_totp):
    registration, _ = register(date)
    with_totp(outsider)
    client.force_login(outsider)

    answers = [
        client.get(f"{API}/occurrences/{date.id}/registrations").status_code,
        _post(client, f"{API}/occurrences/{date.id}/registrations", {"name": "X"}).status_code,
        _post(client, f"{API}/registrations/{registration.id}/cancel").status_code,
        _post(client, f"{API}/registrations/{registration.id}/attendance").status_code,
    ]

    assert answers == [404] * 4
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_without_login_the_api_answers_401(client, date):
    assert client.get(f"{API}/occurrences/{date.id}/registrations").status_code == 401
