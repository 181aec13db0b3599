"""This HSDS API's own OpenAPI document, published at /api/hsds/openapi.json (the root's
`openapi_url`): the official HSDS 3.0 document, shipped unchanged beside this module
(openapi-hsds-3.0.json, Open Referral, CC BY-SA 4.0), plus what this API adds to it: the
parameters of the Open Referral UK profile it understands, what it makes of each parameter, and
the error statuses it answers.

The official document reads `modified_after` as `"format": "datetime"`, which no OpenAPI tool
knows; ours names the format meant, `date-time` (RFC 3339).
"""

import copy
import functools
import json
from pathlib import Path
from typing import Any

from lotse.directory.hsds.params import MAX_AGE, MAX_PAGE, MAX_PER_PAGE, MAX_PROXIMITY_METRES

type Json = dict[str, Any]

OFFICIAL = Path(__file__).with_name("openapi-hsds-3.0.json")

_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_GERMAN_DAY_NAMES = [
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
]
_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _query(name: str, description: str, schema: Json) -> Json:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


# Open Referral UK: services with a schedule rule on a weekday and within times, and by age.
UK_PARAMETERS: dict[str, Json] = {
    "minimum_age": _query(
        "minimum_age",
        "Open Referral UK: Angebote mit einem Mindestalter von wenigstens diesem Wert.",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
    ),
    "maximum_age": _query(
        "maximum_age",
        "Open Referral UK: Angebote mit einem Höchstalter von höchstens diesem Wert.",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
    ),
    "day": _query(
        "day",
        "Open Referral UK: Angebote mit einer Öffnungszeit an diesem Wochentag (RFC-5545-Kürzel "
        "wie in den Öffnungszeiten, oder der englische oder deutsche Name).",
        {"type": "string", "enum": [*_DAYS, *_DAY_NAMES, *_GERMAN_DAY_NAMES]},
    ),
    "start_time": _query(
        "start_time",
        "Open Referral UK: Angebote, die zu dieser Uhrzeit oder später öffnen (mit `day`: an "
        "diesem Tag).",
        {"type": "string", "pattern": _TIME},
    ),
    "end_time": _query(
        "end_time",
        "Open Referral UK: Angebote, die zu dieser Uhrzeit oder früher schließen.",
        {"type": "string", "pattern": _TIME},
    ),
}

# What this API makes of the official parameters, added to their descriptions.
_READINGS = {
    "page": f"Hier: kleiner als 1 gilt als 1, größer als {MAX_PAGE} als {MAX_PAGE}.",
    "per_page": f"Hier: kleiner als 1 gilt als 1, größer als {MAX_PER_PAGE} als {MAX_PER_PAGE}.",
    "format": "Hier: jede Antwort ist eine JSON-Seite; `ndjson` wird nicht angeboten.",
    "taxonomy_term_id": "Hier: eine Kennung, die keine unserer UUIDs ist, findet nichts.",
    "taxonomy_id": "Hier: eine Kennung, die keine unserer UUIDs ist, findet nichts.",
    "organization_id": "Hier: eine Kennung, die keine unserer UUIDs ist, findet nichts.",
    "postcode": "Hier: eine unbekannte Postleitzahl findet nichts.",
    "proximity": (
        f"Hier: Meter um die Mitte von `postcode`, höchstens {MAX_PROXIMITY_METRES}; ohne "
        "`postcode` oder ohne eine Entfernung größer als 0 bleibt der Wert unbeachtet."
    ),
    "full": "Hier: ohne Wirkung, die Listen enthalten die Listenform.",
    "full_service": "Hier: ohne Wirkung.",
    "minimal": "Hier: ohne Wirkung.",
}

_ERROR = {
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "Was falsch ist, auf Deutsch"},
        "parameter": {"type": "string", "description": "Der Parameter, der falsch ist"},
        "detail": {"type": "string", "description": "Unzulässige Zeichen in der Anfrage"},
    },
}


def _error(description: str) -> Json:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


@functools.cache
def _official() -> Json:
    return json.loads(OFFICIAL.read_text(encoding="utf-8"))


@functools.cache
def document() -> Json:
    doc = copy.deepcopy(_official())
    doc["info"] = {
        "title": "Quartierslotse – HSDS 3.0",
        "version": "1",
        "summary": "Angebote, Träger und Orte des Verzeichnisses nach HSDS 3.0, nur lesend.",
        "description": (
            "Offen für alle, ohne Schlüssel, aus jeder Webseite lesbar (CORS). Antworten und "
            "Meldungen auf Deutsch. Das offizielle HSDS-3.0-Dokument mit den Parametern von "
            "Open Referral UK, die diese Schnittstelle versteht, und ihren Fehlerantworten."
        ),
    }
    doc["servers"] = [{"url": "/api/hsds"}]
    parameters = doc["components"]["parameters"]
    parameters["modified_after"]["schema"]["format"] = "date-time"
    for name, reading in _READINGS.items():
        parameters[name]["description"] += " " + reading
    parameters.update(copy.deepcopy(UK_PARAMETERS))
    doc["components"]["schemas"]["Error"] = _ERROR
    paths = doc["paths"]
    for path in ("/services", "/service_at_locations"):
        named = {
            p["$ref"].rsplit("/", 1)[1] for p in paths[path]["get"]["parameters"] if "$ref" in p
        }
        paths[path]["get"]["parameters"] += [
            {"$ref": f"#/components/parameters/{name}"}
            for name in ("postcode", "proximity", *UK_PARAMETERS)
            if name not in named
        ]
    for path, item in paths.items():
        responses = item["get"]["responses"]
        responses["400"] = _error(
            "Ein Parameter ist ungültig (`parameter` nennt ihn), oder die Anfrage enthält "
            "unzulässige Zeichen (NUL, einzelne Surrogate)."
        )
        if "{id}" in path:
            responses["404"] = _error("Nicht gefunden.")
    return doc
