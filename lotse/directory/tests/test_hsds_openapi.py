"""The HSDS API takes every request the official HSDS 3.0 document allows, and publishes its own
document (the official one plus the UK parameters and its error statuses) at the address its
root names. The official document is read from shared/data/hsds-3.0, beside the repository."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV31SpecValidator

from lotse.directory.hsds import openapi
from lotse.directory.hsds.params import MAX_PAGE

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "data" / "hsds-3.0" / "schema"
API = "/api/hsds"
OFFICIAL_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def _official() -> dict[str, Any]:
    return json.loads((SCHEMAS / "openapi.json").read_text())


def _parameter(document: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in parameter:
        return document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return parameter


def _values(schema: dict[str, Any]) -> list[str]:
    """Values the schema allows, as a query string carries them: the edges of an integer, both
    booleans, a text that is nothing of ours. `"format": "datetime"` is taken as the date-time
    (RFC 3339) it means; no OpenAPI tool knows the official spelling."""
    if "enum" in schema:
        return [str(value) for value in schema["enum"]]
    if "pattern" in schema:
        times = ["00:00", "09:30", "23:59:59"]
        assert all(re.search(schema["pattern"], time) for time in times), schema
        return times
    match schema["type"], schema.get("format"):
        case "integer", _:
            return ["-5", "0", "1", "7", str(10**30)]
        case "number", _:
            return [str(schema.get("minimum", 0)), str(schema.get("maximum", 3.5))]
        case "boolean", _:
            return ["true", "false"]
        case "string", "datetime" | "date-time":
            return [
                "2026-01-31T12:00:00Z",
                "2026-01-31t12:00:00.5-17:04",
                "0001-01-01T00:00:00+05:00",
                "9999-12-31T23:59:59-23:59",
            ]
        case "string", _:
            return ["", "x", "ndjson", "Äöü 12", "6f1c1a3e-3d0f-4a53-9d3a-0c5d1f3e2b11"]
    raise AssertionError(schema)


def _cases(document: dict[str, Any]) -> list[Any]:
    cases = []
    for path, item in document["paths"].items():
        operation = item["get"]
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = _parameter(document, parameter)
            for value in _values(parameter["schema"]):
                cases.append(pytest.param(path, parameter["in"], parameter["name"], value))
    return cases


@pytest.mark.parametrize(("path", "where", "name", "value"), _cases(_official()))
def test_every_parameter_of_the_official_document_is_accepted(client, db, path, where, name, value):
    url = API + path.replace("{id}", value if where == "path" and value else "x")

    response = client.get(url, {} if where == "path" else {name: value})

    # An object by an id that is not ours is not found; any other request is answered.
    expected = 404 if "{id}" in path else 200
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("path", "where", "name", "value"),
    [
        case
        for case in _cases(openapi.document())
        if case.values[2] in openapi.UK_PARAMETERS and case.values[3]
    ],
)
def test_every_value_of_the_uk_parameters_in_our_document_is_accepted(
    client, db, path, where, name, value
):
    response = client.get(API + path, {name: value})

    assert response.status_code == 200, response.content


def test_values_the_official_document_allows_mean_what_our_document_says(client, make_offer):
    make_offer("Mittagstisch")

    def page(**params: str) -> dict[str, Any]:
        response = client.get(f"{API}/services", params)
        assert response.status_code == 200, response.content
        return response.json()

    assert page(page="0")["page_number"] == 1
    assert page(page="-3")["total_items"] == 1
    assert page(page=str(10**30))["page_number"] == MAX_PAGE
    assert page(page=str(10**30))["contents"] == []
    assert page(per_page="0")["size"] == 1
    assert page(per_page="1000")["size"] == 1
    assert page(format="ndjson")["total_items"] == 1
    assert page(taxonomy_term_id="kein-begriff")["total_items"] == 0
    assert page(organization_id="1")["total_items"] == 0
    assert page(postcode="00000")["total_items"] == 0
    assert page(postcode="00000", proximity="500")["total_items"] == 0
    assert page(proximity="500")["total_items"] == 1
    assert (
        page(postcode="45657", proximity="weit")["total_items"]
        == page(postcode="45657")["total_items"]
    )
    assert client.get(f"{API}/services/keine-uuid").status_code == 404


def test_the_shipped_official_document_is_the_official_file():
    assert json.loads(openapi.OFFICIAL.read_text()) == _official()


def test_the_root_names_our_document_which_is_served_and_valid_openapi(client, db):
    address = client.get(f"{API}/").json()["openapi_url"]

    response = client.get(address, headers={"origin": "https://andere-seite.example"})

    assert address == f"http://testserver{API}/openapi.json"
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document == openapi.document()
    # The official schemas the answers refer to must be files of the official specification.
    referred = []

    def official(uri: str) -> dict[str, Any]:
        assert uri.startswith(OFFICIAL_SCHEMAS), uri
        referred.append(uri.removeprefix(OFFICIAL_SCHEMAS))
        assert (SCHEMAS / referred[-1]).is_file(), uri
        return {"type": "object"}

    errors = list(
        OpenAPIV31SpecValidator(
            SchemaPath.from_dict(document, handlers={"https": official})
        ).iter_errors()
    )
    assert [error.message for error in errors] == []
    assert "compiled/service.json" in referred


def test_our_document_adds_the_uk_parameters_and_the_error_statuses():
    official = _official()
    ours = openapi.document()

    services = {
        _parameter(ours, p)["name"] for p in ours["paths"]["/services"]["get"]["parameters"]
    }
    assert set(openapi.UK_PARAMETERS) | {"postcode", "proximity"} <= services
    for path, item in ours["paths"].items():
        responses = item["get"]["responses"]
        assert responses["200"] == official["paths"][path]["get"]["responses"]["200"]
        assert "400" in responses
        assert ("404" in responses) == ("{id}" in path)
    assert ours["components"]["parameters"]["modified_after"]["schema"]["format"] == "date-time"
