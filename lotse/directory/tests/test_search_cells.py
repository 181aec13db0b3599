"""Grid cells of the tantivy copy (search/cells.py): a circle's cells hold every point within
its radius, its inside cells only such points, and a point is within it exactly when the
database's search finds it there (geo.distance_km)."""

import math

import pytest

from lotse.directory.geo import EARTH_RADIUS_KM, distance_km
from lotse.directory.search import cells
from lotse.directory.search.index import bounding_box

# Centres across Germany: its north, south, west and east ends and the middle.
CENTRES = {
    "Flensburg": (54.7836, 9.4321),
    "Garmisch": (47.4917, 11.0955),
    "Aachen": (50.7753, 6.0839),
    "Görlitz": (51.1528, 14.9873),
    "Köln": (50.9387, 6.9547),
}
RADII_KM = [0.5, 2, 5, 10, 25, 100]


def destination(start: tuple[float, float], bearing: float, km: float) -> tuple[float, float]:
    """The point `km` from `start` along the great circle leaving it at `bearing` degrees."""
    lat, lon, angle = math.radians(start[0]), math.radians(start[1]), math.radians(bearing)
    arc = km / EARTH_RADIUS_KM
    end_lat = math.asin(
        math.sin(lat) * math.cos(arc) + math.cos(lat) * math.sin(arc) * math.cos(angle)
    )
    end_lon = lon + math.atan2(
        math.sin(angle) * math.sin(arc) * math.cos(lat),
        math.cos(arc) - math.sin(lat) * math.sin(end_lat),
    )
    return math.degrees(end_lat), math.degrees(end_lon)


def rim_on_cell_borders(centre: tuple[float, float], radius_km: float) -> list[tuple[float, float]]:
    """Where the circle crosses the borders of the finest cells (which are borders of the
    larger cells too), and a few units either side of each crossing, along and across it."""
    size = cells.CELL_SIZES[0]
    lat_units, lon_units = cells.units(*centre)
    reach_lat = math.ceil(radius_km / 111 * cells.SCALE)
    reach_lon = math.ceil(reach_lat / math.cos(math.radians(centre[0] + 2)))
    crossings = []
    for border in range((lat_units - reach_lat) // size * size, lat_units + reach_lat, size):
        # The longitudes at which the circle crosses this row border, from the haversine.
        lat0, lat = math.radians(centre[0]), math.radians(border / cells.SCALE - 90)
        share = (
            math.sin(radius_km / (2 * EARTH_RADIUS_KM)) ** 2 - math.sin((lat - lat0) / 2) ** 2
        ) / (math.cos(lat0) * math.cos(lat))
        if 0 <= share <= 1:
            offset = math.degrees(2 * math.asin(math.sqrt(share)))
            for lon in (centre[1] - offset, centre[1] + offset):
                crossings.append((border, cells.units(0, lon)[1]))
    for border in range((lon_units - reach_lon) // size * size, lon_units + reach_lon, size):
        # The latitudes at which it crosses this column border, by halving the interval.
        lon = border / cells.SCALE - 180
        for side in (-1, 1):
            near, far = centre[0], centre[0] + side * 2 * radius_km / 111
            if distance_km(centre, (near, lon)) > radius_km:
                continue
            for _ in range(60):
                middle = (near + far) / 2
                if distance_km(centre, (middle, lon)) <= radius_km:
                    near = middle
                else:
                    far = middle
            crossings.append((cells.units(near, 0)[0], border))
    return [
        ((lat + a) / cells.SCALE - 90, (lon + b) / cells.SCALE - 180)
        for lat, lon in crossings
        for a in (-2, -1, 0, 1, 2)
        for b in (-2, -1, 0, 1, 2)
    ]


def test_points_are_packed_to_whole_units_and_back():
    lat, lon = 50.9387123, 6.9547891

    lat_units, lon_units = divmod(cells.pack(lat, lon), 2**32)

    assert (lat_units, lon_units) == cells.units(lat, lon)
    assert abs(lat_units / cells.SCALE - 90 - lat) < 1e-7
    assert abs(lon_units / cells.SCALE - 180 - lon) < 1e-7


def test_a_point_on_a_cell_border_lies_in_the_cell_it_begins():
    size = cells.CELL_SIZES[0]
    row, column = 8_900, 11_800  # about 52.4 N, 8.8 E
    on_border = ((row * size) / cells.SCALE - 90, (column * size) / cells.SCALE - 180)
    just_before = ((row * size - 1) / cells.SCALE - 90, (column * size - 1) / cells.SCALE - 180)

    here, before = cells.cell_keys(*on_border), cells.cell_keys(*just_before)

    assert cells.units(*on_border) == (row * size, column * size)
    assert here[0] != before[0]
    assert here[0] == cells._key(0, row, column)
    assert before[0] == cells._key(0, row - 1, column - 1)


@pytest.mark.parametrize("radius_km", RADII_KM)
@pytest.mark.parametrize("place", CENTRES)
def test_cells_of_a_circle_hold_exactly_the_points_within_its_radius(place, radius_km):
    centre = CENTRES[place]
    disc = cells.Disc(centre, radius_km)
    cover = cells.cover(disc)
    inside, edge = set(cover.inside), set(cover.edge)
    box = bounding_box(centre, radius_km)
    points = []
    # The rim, a metre inside and outside it, and where it crosses cell borders.
    for bearing in range(0, 360, 5):
        points += [destination(centre, bearing, radius_km + km) for km in (-0.001, 0, 0.001)]
    crossings = rim_on_cell_borders(centre, radius_km)
    assert crossings
    points += crossings
    # The box around the circle (what the database's search reads first): its corners and
    # the middles of its edges, on the edge and a unit off it to either side.
    unit = 1 / cells.SCALE
    for lat in (box.south, centre[0], box.north):
        for lon in (box.west, centre[1], box.east):
            points += [(lat + a * unit, lon + b * unit) for a in (-1, 0, 1) for b in (-1, 0, 1)]
    # And a grid over the box.
    for i in range(41):
        for j in range(41):
            points.append(
                (
                    box.south + (box.north - box.south) * i / 40,
                    box.west + (box.east - box.west) * j / 40,
                )
            )

    for point in points:
        held = disc.holds(cells.pack(*point))
        keys = set(cells.cell_keys(*point))
        assert not held or keys & (inside | edge), f"{point} is within, its cell not"
        assert held or not keys & inside, f"{point} is outside, its cell counted as inside"
        distance = distance_km(centre, point)
        if abs(distance - radius_km) > 1e-4:  # more than 10 cm from the rim
            assert held == (distance <= radius_km), f"{point} at {distance} km"


@pytest.mark.parametrize("radius_km", [2, 5, 10])
def test_a_circle_of_the_search_page_needs_few_cells(radius_km):
    cover = cells.cover(cells.Disc(CENTRES["Köln"], radius_km))

    assert 0 < len(cover.inside) + len(cover.edge) <= 200
    assert len(cover.edge) <= 128
