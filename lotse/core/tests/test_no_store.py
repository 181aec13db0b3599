"""Pages and API answers with personal data tell browsers and proxies to keep no copy
(`Cache-Control: no-store`): every page behind `personal_data_view` and every answer of the
people and desk API, refusals included."""

import pytest
from django.test import Client

from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.people.models import Consent
from lotse.people.services import consent_record


@pytest.fixture
def world(office_staff, office, erna, topic, make_offer, provider_org, provider_staff):
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        description="Braucht Hilfe beim Einkaufen.",
        minutes_spent=5,
    )
    consent = consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.SHARE,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        recipient=provider_org,
    )
    referral = referral_create(
        actor=office_staff, inquiry=inquiry, service=make_offer("Mittagstisch")
    )
    return {
        "person": erna.id,
        "inquiry": inquiry.id,
        "consent": consent.id,
        "referral": referral.id,
    }


@pytest.fixture
def staff(office_staff, with_totp):
    with_totp(office_staff)
    client = Client()
    client.force_login(office_staff)
    return client


@pytest.fixture
def provider(provider_staff, with_totp):
    with_totp(provider_staff)
    client = Client()
    client.force_login(provider_staff)
    return client


OFFICE_PAGES = [
    "/personen/",
    "/personen/?q=Müller",
    "/personen/neu/",
    "/personen/{person}/",
    "/personen/{person}/bearbeiten/",
    "/personen/{person}/vertretung/",
    "/personen/{person}/einwilligung/",
    "/datenschutz/personen/{person}/auskunft/",
    "/datenschutz/personen/{person}/auskunft.json",
    "/anliegen/",
    "/anliegen/{inquiry}/",
    "/anliegen/{inquiry}/bearbeiten/",
    "/vermittlungen/{referral}/zettel.pdf",
    "/mitteilungen/",
    "/konto/",
]
PROVIDER_PAGES = ["/vermittlungen/eingang/"]


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_office_pages_with_personal_data_are_not_stored(staff, world, page):
    response = staff.get(page.format(**world))

    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.parametrize("page", PROVIDER_PAGES)
def test_provider_pages_with_personal_data_are_not_stored(provider, world, page):
    response = provider.get(page.format(**world))

    assert response.status_code == 200
    assert _no_store(response)


def test_a_form_answered_with_errors_is_not_stored_either(staff, world):
    response = staff.post("/personen/neu/", {"given_name": "Karl"})

    assert response.status_code == 200
    assert _no_store(response)


API = [
    ("get", "/api/v1/people/persons?q=Müller", None, 200),
    ("get", "/api/v1/people/persons/{person}", None, 200),
    ("post", "/api/v1/people/persons", {"given_name": "K", "family_name": "S"}, 422),
    (
        "post",
        "/api/v1/people/persons",
        {"given_name": "Karl", "family_name": "Schulz", "birth_year": 1940},
        201,
    ),
    (
        "put",
        "/api/v1/people/persons/{person}",
        {"given_name": "Erna", "family_name": "Müller", "birth_year": 1938},
        200,
    ),
    ("get", "/api/v1/desk/inquiries", None, 200),
    ("get", "/api/v1/desk/inquiries/{inquiry}", None, 200),
    ("post", "/api/v1/desk/inquiries", {"channel": "phone", "description": "Ruft an"}, 201),
    ("patch", "/api/v1/desk/inquiries/{inquiry}", {"minutes_spent": 9}, 200),
    ("get", "/api/v1/desk/inquiries/00000000-0000-0000-0000-000000000000", None, 404),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), API)
def test_staff_api_answers_are_not_stored(staff, world, method, path, body, status):
    url = path.format(**world)
    if body is None:
        response = getattr(staff, method)(url)
    else:
        response = getattr(staff, method)(url, body, content_type="application/json")

    assert response.status_code == status
    assert _no_store(response)


@pytest.mark.parametrize(
    "path", ["/api/v1/people/persons/{person}", "/api/v1/desk/inquiries/{inquiry}"]
)
def test_api_refusals_are_not_stored_either(client, office_staff, world, path):
    anonymous = client.get(path.format(**world))
    client.force_login(office_staff)  # no second factor yet
    without_factor = client.get(path.format(**world))

    assert (anonymous.status_code, without_factor.status_code) == (401, 403)
    assert _no_store(anonymous) and _no_store(without_factor)


def test_public_pages_stay_cacheable(client, db):
    assert not _no_store(client.get("/suche/"))
