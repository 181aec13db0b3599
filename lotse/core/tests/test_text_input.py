"""NUL characters and lone surrogates are refused at every door with a German message, never a
server error: query strings, paths, cookies, forms and the JSON APIs (people, desk, directory,
HSDS). Run on PostgreSQL too: it refuses NUL in text columns, which made these 500s."""

import json

import pytest
from django.test import Client

from lotse.core.models import BarrierReport
from lotse.core.text_input import json_has_forbidden
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.directory.models import Location, Service
from lotse.people.models import Person

NUL = "\x00"
SURROGATE = "\ud800"
BAD = [NUL, SURROGATE]
PAGE_MESSAGE = "Ihre Eingabe enthält unzulässige Zeichen"
API_MESSAGE = "Das Feld enthält unzulässige Zeichen."


@pytest.fixture
def web(db):
    """A client that answers a server error as a 500 instead of raising it, like a browser."""
    return Client(raise_request_exception=False)


@pytest.fixture
def staff_web(web, office_staff, with_totp):
    with_totp(office_staff)
    web.force_login(office_staff)
    return web


@pytest.fixture
def provider_web(web, provider_staff, with_totp):
    with_totp(provider_staff)
    web.force_login(provider_staff)
    return web


def _refused_page(response) -> bool:
    return response.status_code == 400 and PAGE_MESSAGE in response.text


def _refused_api(response, status: int) -> bool:
    return response.status_code == status and response.json() == {"detail": API_MESSAGE}


@pytest.mark.parametrize(
    "url",
    [
        "/suche/?q=%00",
        "/suche/?q=Pflege%00dienst",
        "/suche/?ort=%00",
        "/suche/?seite=%00",
        "/suche/?%00=1",
        "/?q=%00",
        "/anzeige/?zurueck=/%00",
        "/barriere-melden/?seite=/%00",
        "/buero/termin/%00/",
        "/angebot/%00/",
    ],
)
def test_pages_refuse_nul_in_query_or_path_with_a_german_400(web, url):
    response = web.get(url)

    assert _refused_page(response)
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services?search=%00",
        "/api/hsds/services?page=%00",
        "/api/hsds/services/%00",
        "/api/hsds/organizations?search=%00",
        "/api/hsds/service_at_locations?search=a%00",
        "/api/hsds/taxonomy_terms?taxonomy_id=%00",
    ],
)
def test_hsds_api_refuses_nul_in_parameters_with_json_400(web, url):
    assert _refused_api(web.get(url), 400)


def test_staff_api_refuses_nul_in_a_query_parameter(staff_web, erna):
    response = staff_web.get("/api/v1/people/persons", {"q": f"Erna{NUL}"})

    assert _refused_api(response, 400)


def test_a_cookie_with_nul_is_refused_before_the_session_is_read(web):
    response = web.get("/", HTTP_COOKIE='sessionid="abcdefgh\\000ijklmnop"')

    assert _refused_page(response)


def test_barrier_form_with_nul_is_refused_and_nothing_is_stored(web, mailoutbox):
    response = web.post("/barriere-melden/", {"message": f"Die Schrift{NUL} ist zu klein."})

    assert _refused_page(response)
    assert BarrierReport.objects.count() == 0
    assert mailoutbox == []


def test_person_form_with_nul_is_refused_and_nothing_is_stored(staff_web, erna):
    data = {"given_name": f"Karl{NUL}", "family_name": "Schulz", "birth_year": "1940"}

    new = staff_web.post("/personen/neu/", data)
    edit = staff_web.post(
        f"/personen/{erna.id}/bearbeiten/",
        {**data, "given_name": "Erna", "family_name": f"Schulz{NUL}"},
    )

    assert _refused_page(new) and _refused_page(edit)
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Erna"]


def test_a_field_name_with_nul_is_refused_too(staff_web):
    response = staff_web.post("/anliegen/neu/", {"channel": "phone", f"x{NUL}": "1"})

    assert _refused_page(response)
    assert Inquiry.objects.count() == 0


def test_offer_form_with_nul_is_refused(provider_web):
    response = provider_web.post(
        "/mitarbeit/angebote/neu/", {"name": f"Chor{NUL}", "description": "Wir singen."}
    )

    assert _refused_page(response)
    assert Service.objects.count() == 0


PERSON = {"given_name": "Karl", "family_name": "Schulz", "birth_year": 1940}
PERSON_TEXT_FIELDS = [
    "given_name",
    "family_name",
    "phone",
    "email",
    "street",
    "postcode",
    "city",
    "quarter",
    "hearing_note",
    "sight_note",
    "mobility_note",
]


@pytest.mark.parametrize("bad", BAD, ids=["nul", "surrogate"])
@pytest.mark.parametrize("field", PERSON_TEXT_FIELDS)
def test_people_api_refuses_bad_characters_in_every_text_field(staff_web, erna, field, bad):
    body = {**PERSON, field: f"x{bad}y"}

    created = staff_web.post("/api/v1/people/persons", body, content_type="application/json")
    replaced = staff_web.put(
        f"/api/v1/people/persons/{erna.id}", body, content_type="application/json"
    )

    assert _refused_api(created, 422)
    assert _refused_api(replaced, 422)
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Erna"]


@pytest.mark.parametrize("bad", BAD, ids=["nul", "surrogate"])
def test_people_api_refuses_bad_characters_in_lists_and_keys(staff_web, erna, bad):
    in_list = {**PERSON, "languages": ["de", f"t{bad}"]}
    in_key = {**PERSON, f"note{bad}": "x"}

    for body in (in_list, in_key):
        response = staff_web.post("/api/v1/people/persons", body, content_type="application/json")
        assert _refused_api(response, 422)


@pytest.mark.parametrize("bad", BAD, ids=["nul", "surrogate"])
@pytest.mark.parametrize("field", ["description", "channel", "quarter", "topics"])
def test_desk_api_refuses_bad_characters_when_recording_and_changing(
    staff_web, office_staff, office, topic, field, bad
):
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=None,
        topics=[topic],
        description="Anruf",
        minutes_spent=5,
    )
    value = [f"e{bad}"] if field == "topics" else f"x{bad}"
    body = {"channel": "phone", "description": "Ruft an", field: value}

    created = staff_web.post("/api/v1/desk/inquiries", body, content_type="application/json")
    changed = staff_web.patch(
        f"/api/v1/desk/inquiries/{inquiry.id}",
        {"description": f"neu{bad}"} if field == "channel" else {field: value},
        content_type="application/json",
    )

    assert _refused_api(created, 422)
    assert _refused_api(changed, 422)
    inquiry.refresh_from_db()
    assert inquiry.description == "Anruf"
    assert Inquiry.objects.count() == 1


OFFER = {"name": "Chor", "description": "Wir singen."}
LOCATION = {"name": "Bürgerhaus", "address_1": "Marktstraße 3", "postal_code": "45657", "city": "X"}


@pytest.mark.parametrize("bad", BAD, ids=["nul", "surrogate"])
@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/directory/offers", OFFER, "name"),
        ("/api/v1/directory/offers", OFFER, "description"),
        ("/api/v1/directory/offers", OFFER, "phone"),
        ("/api/v1/directory/offers", OFFER, "easy_language_description"),
        ("/api/v1/directory/offers", {**OFFER, "terms": []}, "terms"),
        ("/api/v1/directory/locations", LOCATION, "name"),
        ("/api/v1/directory/locations", LOCATION, "quarter"),
        ("/api/v1/directory/locations", LOCATION, "transportation"),
    ],
)
def test_directory_api_refuses_bad_characters(provider_web, url, body, field, bad):
    value = [f"x{bad}"] if isinstance(body.get(field), list) else f"x{bad}"

    response = provider_web.post(url, {**body, field: value}, content_type="application/json")

    assert _refused_api(response, 422)
    assert Service.objects.count() == 0
    assert Location.objects.count() == 0


def test_a_body_that_is_not_json_or_nested_too_deep_is_no_server_error(staff_web):
    deep = "[" * 100_000 + "]" * 100_000

    for body in ("{not json", deep, '{"given_name": "\\u0000'):
        response = staff_web.post("/api/v1/people/persons", body, content_type="application/json")
        assert response.status_code == 400


def test_ordinary_text_passes_untouched(staff_web):
    body = {**PERSON, "hearing_note": "Hört links schlecht – bitte „laut“ sprechen. 👂\tTab"}

    response = staff_web.post("/api/v1/people/persons", body, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["hearing_note"] == body["hearing_note"]


@pytest.mark.parametrize(
    ("document", "forbidden"),
    [
        ({"a": ["b", {"c": "d"}]}, False),
        ({"a": ["b", {"c": "d\x00"}]}, True),
        ({"a\ud83d": 1}, True),
        (json.loads('"\\ud83d\\ude00"'), False),  # a pair in JSON is one character: fine
        ("😀", False),
        ([1, 2.5, None, True], False),
    ],
)
def test_json_walk_finds_bad_characters_anywhere(document, forbidden):
    assert json_has_forbidden(document) is forbidden
