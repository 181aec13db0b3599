"""Points and circles of the tantivy copy (cache.py) in whole units, and grid cells over them.

A point is kept in units of 1e-7 degrees (about a centimetre), packed into one number. Each
point is also indexed with the grid cell holding it at every level of CELL_SIZES, so that
"within N km" asks for a few dozen cells' postings instead of scanning the latitudes and
longitudes of every offer. A circle's cells (`cover`) are those wholly inside it, whose points
need no further test, and the finest cells on its edge, whose points are tested one by one with
the great-circle distance (`Disc.holds`), as the database's search tests them (geo.distance_km).
Cells are whole units, so a point on a cell's border lies in exactly one cell.
"""

import functools
import math
from dataclasses import dataclass, field

from lotse.directory.geo import EARTH_RADIUS_KM, KM_PER_DEGREE

SCALE = 10_000_000  # units per degree: 1e-7 degrees, about a centimetre
# A point packs as latitude units * _PACK + longitude units: below 2**63 (tantivy's integers).
_PACK = 2**32
# Cell edges in units, finest first, each four times the one before: about 1.8, 7, 28 and
# 114 km north to south (in Germany a little less than two thirds of that west to east).
CELL_SIZES = (160_000, 640_000, 2_560_000, 10_240_000)
_SPLIT = 4  # CELL_SIZES[i + 1] // CELL_SIZES[i]
# Room in a cell key for its row and its column (both below 360 * SCALE / CELL_SIZES[0]).
_KEY_BASE = 10**6
# A circle's edge gets cells of the finest level that needs at most about this many of them.
_EDGE_CELLS = 128


def units(lat: float, lon: float) -> tuple[int, int]:
    """A point in whole units from the south pole and from the antimeridian."""
    return round((lat + 90) * SCALE), round((lon + 180) * SCALE)


def pack(lat: float, lon: float) -> int:
    """The point as one number, ordered by latitude, then longitude."""
    lat_units, lon_units = units(lat, lon)
    return lat_units * _PACK + lon_units


def _key(level: int, row: int, column: int) -> int:
    return (level * _KEY_BASE + row) * _KEY_BASE + column


def cell_keys(lat: float, lon: float) -> list[int]:
    """The cells holding the point, one per level: what the index holds for it."""
    lat_units, lon_units = units(lat, lon)
    return [
        _key(level, lat_units // size, lon_units // size) for level, size in enumerate(CELL_SIZES)
    ]


@dataclass(frozen=True)
class Disc:
    """The points within `radius_km` of `center` by the great-circle distance."""

    center: tuple[float, float]
    radius_km: float
    # The centre in radians, the cosine of its latitude, and the haversine of the radius (a
    # point holds when its haversine is not larger), worked out once.
    _lat: float = field(init=False, repr=False, compare=False)
    _lon: float = field(init=False, repr=False, compare=False)
    _cos: float = field(init=False, repr=False, compare=False)
    _limit: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lat, lon = math.radians(self.center[0]), math.radians(self.center[1])
        half = self.radius_km / (2 * EARTH_RADIUS_KM)
        limit = 1.0 if half >= math.pi / 2 else math.sin(half) ** 2
        for name, value in (
            ("_lat", lat),
            ("_lon", lon),
            ("_cos", math.cos(lat)),
            ("_limit", limit),
        ):
            object.__setattr__(self, name, value)

    def holds(self, packed: int) -> bool:
        """Whether a packed point lies inside: the test of geo.distance_km, without the root
        and the arcsine (both grow with their argument, so the comparison stays the same)."""
        lat_units, lon_units = divmod(packed, _PACK)
        lat = math.radians(lat_units / SCALE - 90)
        lon = math.radians(lon_units / SCALE - 180)
        haversine = (
            math.sin((lat - self._lat) / 2) ** 2
            + self._cos * math.cos(lat) * math.sin((lon - self._lon) / 2) ** 2
        )
        return haversine <= self._limit

    def holds_point(self, lat: float | None, lon: float | None) -> bool:
        """Whether a stored point lies inside, in units as the index keeps it."""
        if lat is None or lon is None:
            return False
        return self.holds(pack(lat, lon))


@dataclass(frozen=True)
class Cover:
    """The cells of a circle: `inside` lie wholly in it, `edge` may hold points on both sides."""

    inside: tuple[int, ...]
    edge: tuple[int, ...]


# Searches ask for the same few circles again and again (postcode centres, three radii).
@functools.lru_cache(maxsize=512)
def cover(disc: Disc) -> Cover:
    """Cells that together hold every point of the disc: the largest that lie wholly inside
    it, and on its edge cells of the finest level that needs at most about _EDGE_CELLS.

    Whether a cell lies wholly in or out is decided on a flat map around the centre (a degree
    of longitude as long as at the centre's latitude). Where the great circle departs from it,
    by less than the `margin`, cells count as edge cells, whose points are tested one by one.
    """
    lat0, lon0 = disc.center
    lat, lon = (lat0 + 90) * SCALE, (lon0 + 180) * SCALE
    squeeze = max(math.cos(math.radians(lat0)), 0.01) ** 2
    reach = (disc.radius_km / KM_PER_DEGREE * SCALE) ** 2
    margin = 2 * (1 + abs(math.tan(math.radians(lat0)))) * disc.radius_km / EARTH_RADIUS_KM
    margin += 1e-3
    outside_from, inside_below = reach * (1 + margin) ** 2, reach * (1 - margin) ** 2

    def distance(lat_units: float, lon_units: float) -> float:
        return (lat_units - lat) ** 2 + (lon_units - lon) ** 2 * squeeze

    half_lat = math.sqrt(outside_from)
    half_lon = half_lat / math.sqrt(squeeze)
    edge_level = next(
        (
            level
            for level, size in enumerate(CELL_SIZES)
            if 2 * (half_lat + half_lon) / size <= _EDGE_CELLS
        ),
        len(CELL_SIZES) - 1,
    )
    top = len(CELL_SIZES) - 1
    size = CELL_SIZES[top]
    pending = [
        (top, row, column)
        for row in range(
            math.floor((lat - half_lat) / size), math.floor((lat + half_lat) / size) + 1
        )
        for column in range(
            math.floor((lon - half_lon) / size), math.floor((lon + half_lon) / size) + 1
        )
    ]
    inside: list[int] = []
    edge: list[int] = []
    while pending:
        level, row, column = pending.pop()
        size = CELL_SIZES[level]
        # The cell holds the whole units row * size ... row * size + size - 1 (and so on).
        south, west = row * size, column * size
        north, east = south + size - 1, west + size - 1
        if distance(min(max(lat, south), north), min(max(lon, west), east)) > outside_from:
            continue
        far_lat = south if lat - south > north - lat else north
        far_lon = west if lon - west > east - lon else east
        if distance(far_lat, far_lon) < inside_below:
            inside.append(_key(level, row, column))
        elif level == edge_level:
            edge.append(_key(level, row, column))
        else:
            pending += [
                (level - 1, row * _SPLIT + i, column * _SPLIT + j)
                for i in range(_SPLIT)
                for j in range(_SPLIT)
            ]
    return Cover(inside=tuple(inside), edge=tuple(edge))
