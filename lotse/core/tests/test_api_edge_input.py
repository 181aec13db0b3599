"""Inputs at the edge of what the staff API takes, found by probing: each gets a 4xx or an
ordinary answer, never a server error (both were 500 on PostgreSQL)."""

import pytest
from django.test import Client

from lotse.desk.models import Inquiry
from lotse.directory.models import Phone, Service


@pytest.fixture
def web(db):
    return Client(raise_request_exception=False)


def test_a_page_number_beyond_any_page_is_an_empty_page(web, office_staff, office, with_totp):
    with_totp(office_staff)
    web.force_login(office_staff)
    web.post(
        "/api/v1/desk/inquiries",
        {"channel": "phone", "description": "Ruft an"},
        content_type="application/json",
    )

    far = web.get("/api/v1/desk/inquiries", {"page": "99999999999999999999"})
    first = web.get("/api/v1/desk/inquiries", {"page": "1"})

    assert far.status_code == 200
    assert far.json() == {"items": [], "count": 1}
    assert first.json()["count"] == 1 and len(first.json()["items"]) == 1
    assert Inquiry.objects.count() == 1


def test_an_overlong_phone_number_of_an_offer_is_refused_in_german(
    web, provider_staff, with_totp, make_offer
):
    offer = make_offer("Chor")
    web.force_login(provider_staff)
    body = {"name": "Chor", "description": "Wir singen.", "phone": "1" * 41}

    created = web.post(
        "/api/v1/directory/offers", {**body, "name": "Singkreis"}, content_type="application/json"
    )
    changed = web.put(f"/api/v1/directory/offers/{offer.id}", body, content_type="application/json")

    for response in (created, changed):
        assert response.status_code == 422
        assert "Die Telefonnummer darf höchstens 40 Zeichen haben" in response.json()["detail"]
    assert Service.objects.count() == 1
    assert list(Phone.objects.values_list("number", flat=True)) == ["02361 12 34 56"]
