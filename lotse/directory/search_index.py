"""Queries the full-text index over `SearchEntry.document` (built in migration 0003).

Documents and queries hold the same normalised tokens (see text.py), so both databases only
need exact token matching: SQLite FTS5 ranks with bm25, PostgreSQL with `ts_rank_cd` over a
capped set of candidates so that frequent words stay fast.
"""

import contextlib
import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

from django.db import connection

from lotse.directory import search_cache
from lotse.directory.models import SearchChange

# At most this many matches are ranked and counted; more are reported as "more than".
CANDIDATE_LIMIT = 2000
_TOKEN = re.compile(r"[a-zäöüß0-9]+")
# The PostgreSQL indexes of migrations 0003 and 0005, by name.
_PG_INDEXES = {
    "directory_search_vector_gin": "gin (search_vector)",
    "directory_search_earth_gist": "gist (earth_xyz)",
}


@dataclass(frozen=True)
class Candidate:
    service_id: uuid.UUID
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle that encloses a search radius."""

    south: float
    north: float
    west: float
    east: float


def candidates(
    *, tokens: list[str], box: Box | None, ranked: bool, near: tuple[float, float] | None = None
) -> list[Candidate]:
    """Entries holding every token (and lying in `box`): best match first when `ranked`, else
    nearest to `near` first, else in index order.

    Returns up to CANDIDATE_LIMIT + 1 entries, so callers can tell that more exist.
    """
    postgres = connection.vendor == "postgresql"
    if ranked and tokens:
        cached = search_cache.query(
            tokens=tokens,
            by_name=False,
            start=0,
            stop=CANDIDATE_LIMIT + 1,
            box=(box.south, box.north, box.west, box.east) if box else None,
        )
        if cached is not None:
            return [Candidate(h.service_id, h.latitude, h.longitude) for h in cached[0]]
    if near and postgres and not tokens:
        return _nearest_pg(near, box)
    where: list[str] = []
    params: list = []
    source = "directory_searchentry e"
    if tokens and postgres:
        where.append("e.search_vector @@ to_tsquery('simple', %s)")
        params.append(_match_query(tokens))
    elif tokens:
        source = "directory_search_fts f JOIN directory_searchentry e ON e.id = f.rowid"
        where.append("directory_search_fts MATCH %s")
        params.append(_match_query(tokens))
    if box:
        where.append("e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s")
        params += [box.south, box.north, box.west, box.east]
    sql = f"SELECT e.service_id, e.latitude, e.longitude FROM {source}"
    sql += f" WHERE {' AND '.join(where)}" if where else ""
    if ranked and tokens and postgres:
        # Rank only a capped set of matches: ranking every match of a frequent word is slow.
        sql = sql.replace("SELECT e.service_id", "SELECT e.search_vector, e.service_id", 1)
        sql = (
            f"SELECT c.service_id, c.latitude, c.longitude FROM ({sql} LIMIT %s) c "
            "ORDER BY ts_rank_cd(c.search_vector, to_tsquery('simple', %s)) DESC"
        )
        return _fetch(sql, [*params, CANDIDATE_LIMIT + 1, params[0]])
    if ranked and tokens:
        sql += " ORDER BY f.rank"
    elif near:
        # Squared equirectangular distance: orders like the true distance at these scales.
        scale = math.cos(math.radians(near[0]))
        sql += " ORDER BY (e.latitude - %s) * (e.latitude - %s)"
        sql += " + (e.longitude - %s) * (e.longitude - %s) * %s"
        params += [near[0], near[0], near[1], near[1], scale * scale]
    elif not tokens and not box:
        sql += " ORDER BY e.id"
    return _fetch(sql + " LIMIT %s", [*params, CANDIDATE_LIMIT + 1])


def _nearest_pg(near: tuple[float, float], box: Box | None) -> list[Candidate]:
    """The entries nearest to `near` (inside `box`), through the GiST index on `earth_xyz`
    (migration 0005): points on the unit sphere, whose straight-line distance orders like the
    distance on the earth. The index yields entries nearest first, so the scan stops early."""
    lat, lon = math.radians(near[0]), math.radians(near[1])
    point = [math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)]
    sql = (
        "SELECT c.service_id, c.latitude, c.longitude FROM ("
        "SELECT e.service_id, e.latitude, e.longitude FROM directory_searchentry e "
        "WHERE e.earth_xyz IS NOT NULL "
        "ORDER BY e.earth_xyz <-> cube(ARRAY[%s, %s, %s]::float8[]) LIMIT %s) c"
    )
    params: list = [*point, CANDIDATE_LIMIT + 1]
    if box:
        sql += " WHERE c.latitude BETWEEN %s AND %s AND c.longitude BETWEEN %s AND %s"
        params += [box.south, box.north, box.west, box.east]
    return _fetch(sql, params)


class RankedMatches:
    """The entries holding every token, best first (or by offer name), a page at a time.

    The tantivy cache (search_cache.py) ranks all matches when it is ready. Otherwise the
    database ranks only the first CANDIDATE_LIMIT + 1 matches its index yields, so frequent
    words stay fast; one query returns a page and the (capped) number of matches. Django's Paginator
    asks for the length, then for one slice: `fetch` runs the query for that slice up front.
    """

    def __init__(self, tokens: list[str], *, by_name: bool) -> None:
        if not tokens:
            raise ValueError("ranked matches need at least one token")
        self.query = _match_query(tokens)
        self.tokens = tokens
        self.by_name = by_name
        self._count: int | None = None
        self._windows: dict[tuple[int, int], list[Candidate]] = {}

    @property
    def capped(self) -> bool:
        return self._total() > CANDIDATE_LIMIT

    def __len__(self) -> int:
        return min(self._total(), CANDIDATE_LIMIT)

    @overload
    def __getitem__(self, index: int) -> Candidate: ...
    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...
    def __getitem__(self, index: int | slice) -> Candidate | list[Candidate]:
        if isinstance(index, int):
            return self.fetch(index, index + 1)[0]
        return self.fetch(index.start or 0, len(self) if index.stop is None else index.stop)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.fetch(0, len(self)))

    def _total(self) -> int:
        if self._count is None:
            self.fetch(0, 1)
        if self._count is None:  # nothing matched
            self._count = 0
        return self._count

    def fetch(self, start: int, stop: int) -> list[Candidate]:
        stop = min(stop, CANDIDATE_LIMIT)
        if (start, stop) in self._windows:
            return self._windows[(start, stop)]
        cached = search_cache.query(
            tokens=self.tokens, by_name=self.by_name, start=start, stop=stop
        )
        if cached is not None:
            hits, total = cached
            self._count = min(total, CANDIDATE_LIMIT + 1)
            window = [Candidate(h.service_id, h.latitude, h.longitude) for h in hits]
            self._windows[(start, stop)] = window
            return window
        params: list = [self.query, CANDIDATE_LIMIT + 1]
        if connection.vendor == "postgresql":
            matches = (
                "SELECT id, service_id, latitude, longitude, search_vector "
                "FROM directory_searchentry WHERE search_vector @@ to_tsquery('simple', %s) "
                "LIMIT %s"
            )
            rank = "ts_rank_cd(c.search_vector, to_tsquery('simple', %s)) DESC"
        else:
            matches = (
                "SELECT e.id, e.service_id, e.latitude, e.longitude, f.rank "
                "FROM directory_search_fts f JOIN directory_searchentry e ON e.id = f.rowid "
                "WHERE directory_search_fts MATCH %s LIMIT %s"
            )
            rank = "c.rank"
        if self.by_name:
            rank = "(SELECT s.name FROM directory_service s WHERE s.id = c.service_id)"
        elif connection.vendor == "postgresql":
            params.append(self.query)
        sql = (
            "SELECT c.service_id, c.latitude, c.longitude, count(*) OVER () "
            f"FROM ({matches}) c ORDER BY {rank}, c.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, max(stop - start, 0), start])
            rows = cursor.fetchall()
        if rows:
            self._count = rows[0][3]
        self._windows[(start, stop)] = [_candidate(r) for r in rows]
        return self._windows[(start, stop)]


def _match_query(tokens: list[str]) -> str:
    """All tokens, as a PostgreSQL tsquery or an FTS5 MATCH expression.

    Tokens are quoted into the expression, so only normalised words (text.py) are accepted.
    """
    if not all(_TOKEN.fullmatch(t) for t in tokens):
        raise ValueError("search tokens must be normalised words (see text.py)")
    if connection.vendor == "postgresql":
        return " & ".join(f"'{t}'" for t in tokens)
    return " AND ".join(f'"{t}"' for t in tokens)


def _candidate(row: tuple) -> Candidate:
    service_id = row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(row[0])
    return Candidate(service_id, row[1], row[2])


def _fetch(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_candidate(r) for r in cursor.fetchall()]


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """Wraps inserting many entries at once (generate_directory, imports).

    PostgreSQL builds its GIN and GiST indexes faster in one go than row by row, so they are
    dropped and rebuilt; on SQLite the triggers keep the FTS table current, which is fast
    enough. A change row without a service tells the tantivy copies (search_cache.py) to
    rebuild.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name in _PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        with connection.cursor() as cursor:
            for name, method in _PG_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON directory_searchentry USING {method}"
                )
            cursor.execute("ANALYZE directory_searchentry")
    else:
        yield
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('optimize')"
            )
    SearchChange.objects.create(service_id=None)
