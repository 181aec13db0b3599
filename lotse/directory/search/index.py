"""Queries the full-text index over `SearchEntry.document` (built in migration 0003).

Documents and queries hold the same normalised tokens (see text.py), so both databases only
need exact token matching: SQLite FTS5 ranks with bm25, PostgreSQL with `ts_rank_cd` over a
capped set of candidates so that frequent words stay fast.
"""

import contextlib
import math
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from django.db import connection

from lotse.directory.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, distance_km
from lotse.directory.models import SearchChange
from lotse.directory.search import cache as search_cache
from lotse.directory.search.query import Group, Term

# A required token, or alternatives of which a document must hold one.
Token = str | Term

# At most this many matches are ranked and counted; more are reported as "more than".
CANDIDATE_LIMIT = 2000
_TOKEN = re.compile(r"[a-zäöüß0-9]+")
# The PostgreSQL indexes of migrations 0003 and 0005, by name.
_PG_INDEXES = {
    "directory_search_vector_gin": "gin (search_vector)",
    "directory_search_earth_gist": "gist (earth_xyz) INCLUDE (service_id, latitude, longitude)",
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


def bounding_box(near: tuple[float, float], radius_km: float) -> Box:
    """The latitude/longitude rectangle around a circle."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(near[0])), 0.01))
    return Box(near[0] - dlat, near[0] + dlat, near[1] - dlon, near[1] + dlon)


def candidates(
    *, tokens: Sequence[Token], box: Box | None, ranked: bool, some: Sequence[Group] = ()
) -> list[Candidate]:
    """Entries holding every token (and one or more of the groups `some`, those holding more
    of them first) and lying in `box`: best match first when `ranked`, else in index order.

    Returns up to CANDIDATE_LIMIT + 1 entries, so callers can tell that more exist.
    """
    postgres = connection.vendor == "postgresql"
    words = bool(tokens or some)
    if ranked and words and not box:
        cached = search_cache.query(
            tokens=tokens, some=some, by_name=False, start=0, stop=CANDIDATE_LIMIT + 1
        )
        if cached is not None:
            return [Candidate(h.service_id, h.latitude, h.longitude) for h in cached[0]]
    where: list[str] = []
    params: list = []
    source = "directory_searchentry e"
    if words and postgres:
        where.append("e.search_vector @@ to_tsquery('simple', %s)")
        params.append(_match_query(tokens, some))
    elif words:
        source = "directory_search_fts f JOIN directory_searchentry e ON e.id = f.rowid"
        where.append("directory_search_fts MATCH %s")
        params.append(_match_query(tokens, some))
    if box:
        where.append("e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s")
        params += [box.south, box.north, box.west, box.east]
    sql = f"SELECT e.service_id, e.latitude, e.longitude FROM {source}"
    sql += f" WHERE {' AND '.join(where)}" if where else ""
    coverage, coverage_params = _coverage(some)
    if ranked and words and postgres:
        # Rank only a capped set of matches: ranking every match of a frequent word is slow.
        sql = sql.replace("SELECT e.service_id", "SELECT e.search_vector, e.service_id", 1)
        sql = (
            f"SELECT c.service_id, c.latitude, c.longitude FROM ({sql} LIMIT %s) c "
            f"ORDER BY {coverage}ts_rank_cd(c.search_vector, to_tsquery('simple', %s)) DESC"
        )
        return _fetch(sql, [*params, CANDIDATE_LIMIT + 1, *coverage_params, params[0]])
    if ranked and words and some:
        sql = sql.replace("SELECT e.service_id", "SELECT e.document, f.rank, e.service_id", 1)
        sql = (
            f"SELECT c.service_id, c.latitude, c.longitude FROM ({sql} LIMIT %s) c "
            f"ORDER BY {coverage}c.rank"
        )
        return _fetch(sql, [*params, CANDIDATE_LIMIT + 1, *coverage_params])
    if ranked and words:
        sql += " ORDER BY f.rank"
    elif not words and not box:
        sql += " ORDER BY e.id"
    return _fetch(sql + " LIMIT %s", [*params, CANDIDATE_LIMIT + 1])


def holding(*, token: str, limit: int) -> list[uuid.UUID]:
    """A few entries holding the token, in no particular order (the cheapest lookup)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e.service_id, e.latitude, e.longitude FROM directory_searchentry e "
            "WHERE e.search_vector @@ to_tsquery('simple', %s) LIMIT %s"
        )
    else:
        sql = (
            "SELECT e.service_id, e.latitude, e.longitude FROM directory_search_fts f "
            "JOIN directory_searchentry e ON e.id = f.rowid "
            "WHERE directory_search_fts MATCH %s LIMIT %s"
        )
    return [c.service_id for c in _fetch(sql, [_match_query([token]), limit])]


class Matches:
    """A capped list of matching entries, a page at a time: one query returns a window and the
    number of matches (at most CANDIDATE_LIMIT + 1, so callers can tell that more exist).
    Django's Paginator asks for the length, then for one slice: `fetch` the slice up front."""

    def __init__(self) -> None:
        self._count: int | None = None
        # Set when more matched than were looked at, whatever the count of those looked at.
        self._partial = False
        # Set when every match was ranked (the tantivy copy answered), capped or not.
        self._ranked_all = False
        self._windows: dict[tuple[int, int], list[Candidate]] = {}

    @property
    def capped(self) -> bool:
        return self._partial or self._total() > CANDIDATE_LIMIT

    @property
    def ranked_all(self) -> bool:
        """Whether the order is the order of all matches, not of a capped set of them."""
        capped = self.capped  # reads a window first when none was read
        return self._ranked_all or not capped

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
        for (first, last), window in self._windows.items():
            # A window already read holds this one (the paginator asks for a short last page).
            if first <= start and stop <= last and (start, stop) != (first, last):
                return window[start - first : stop - first]
        if (start, stop) not in self._windows:
            window, count = self._window(start, max(stop - start, 0))
            if count is not None:
                self._count = count
            self._windows[(start, stop)] = window
        return self._windows[(start, stop)]

    def _window(self, offset: int, limit: int) -> tuple[list[Candidate], int | None]:
        raise NotImplementedError

    @staticmethod
    def _page_and_count(sql: str, params: list) -> tuple[list[Candidate], int | None]:
        """Runs a query whose rows are (service id, latitude, longitude, number of matches)."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [_candidate(r) for r in rows], rows[0][3] if rows else None


class NearestMatches(Matches):
    """The entries holding every token within `radius_km` of `near`, nearest first.

    PostgreSQL walks the GiST index of points on the unit sphere (migration 0005), whose
    straight-line distance orders like the distance on the earth, so the scan stops after the
    nearest CANDIDATE_LIMIT + 1. SQLite orders the entries of the bounding box by the
    equirectangular distance (exact enough at these scales), from an index that covers them.
    """

    def __init__(
        self,
        tokens: Sequence[Token],
        *,
        near: tuple[float, float],
        radius_km: float | None,
        some: Sequence[Group] = (),
    ) -> None:
        super().__init__()
        self.query = _match_query(tokens, some) if tokens or some else ""
        self.near = near
        self.radius_km = radius_km

    def _window(self, offset: int, limit: int) -> tuple[list[Candidate], int | None]:
        if connection.vendor == "postgresql":
            return self._window_pg(offset, limit)
        lat, lon = self.near
        scale = math.cos(math.radians(lat)) ** 2
        distance = (
            "((e.latitude - %s) * (e.latitude - %s) + (e.longitude - %s) * (e.longitude - %s) * %s)"
        )
        distance_params = [lat, lat, lon, lon, scale]
        source = "directory_searchentry e"
        where = ["e.latitude IS NOT NULL"]
        params: list = [*distance_params]
        if self.query:
            source = "directory_search_fts f JOIN directory_searchentry e ON e.id = f.rowid"
            where.append("directory_search_fts MATCH %s")
            params.append(self.query)
        if self.radius_km:
            box = bounding_box(self.near, self.radius_km)
            where.append("e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s")
            where.append(f"{distance} <= %s")
            params += [box.south, box.north, box.west, box.east, *distance_params]
            params.append((self.radius_km / KM_PER_DEGREE) ** 2)
        sql = (
            "SELECT c.service_id, c.latitude, c.longitude, count(*) OVER () FROM ("
            f"SELECT e.service_id, e.latitude, e.longitude, {distance} AS d FROM {source} "
            f"WHERE {' AND '.join(where)} ORDER BY d LIMIT %s) c ORDER BY c.d LIMIT %s OFFSET %s"
        )
        return self._page_and_count(sql, [*params, CANDIDATE_LIMIT + 1, limit, offset])

    def _window_pg(self, offset: int, limit: int) -> tuple[list[Candidate], int | None]:
        lat, lon = math.radians(self.near[0]), math.radians(self.near[1])
        point = [math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)]
        here = "cube(ARRAY[%s, %s, %s]::float8[])"
        where = ["e.earth_xyz IS NOT NULL"]
        params: list = []
        if self.query:
            where.append("e.search_vector @@ to_tsquery('simple', %s)")
            params.append(self.query)
        # Straight-line distance between points on the unit sphere for the radius.
        chord = 2 * math.sin(self.radius_km / (2 * EARTH_RADIUS_KM)) if self.radius_km else 2.0
        if self.query and self.radius_km:
            # Few matches of a rare word lie near: the GiST box finds them without a long walk.
            where.append(f"e.earth_xyz <@ cube_enlarge({here}, %s, 3)")
            params += [*point, chord]
        sql = (
            "SELECT c.service_id, c.latitude, c.longitude, count(*) OVER () FROM ("
            f"SELECT e.service_id, e.latitude, e.longitude, e.earth_xyz <-> {here} AS d "
            f"FROM directory_searchentry e WHERE {' AND '.join(where)} "
            f"ORDER BY e.earth_xyz <-> {here} LIMIT %s) c "
            "WHERE c.d <= %s ORDER BY c.d LIMIT %s OFFSET %s"
        )
        return self._page_and_count(
            sql, [*point, *params, *point, CANDIDATE_LIMIT + 1, chord, limit, offset]
        )


class CircleMatches(Matches):
    """The entries holding every token within `radius_km` of `near`, best match first.

    The tantivy copy ranks all matches in the circle when it is ready; the database ranks the
    first CANDIDATE_LIMIT + 1 matches in the bounding box and keeps those in the circle.
    """

    def __init__(
        self,
        tokens: Sequence[Token],
        *,
        near: tuple[float, float],
        radius_km: float,
        some: Sequence[Group] = (),
    ) -> None:
        super().__init__()
        if not tokens and not some:
            raise ValueError("ranked matches need at least one token")
        self.tokens = tokens
        self.some = some
        self.near = near
        self.radius_km = radius_km
        self._circle: search_cache.Circle | None = None
        self._found: list[Candidate] | None = None

    def _window(self, offset: int, limit: int) -> tuple[list[Candidate], int | None]:
        if self._circle is None and self._found is None:
            self._circle = search_cache.ranked_in_circle(
                tokens=self.tokens,
                some=self.some,
                center=self.near,
                radius_km=self.radius_km,
                best=CANDIDATE_LIMIT + 1,
            )
        if self._circle is not None:
            self._partial = self._circle.partial
            self._ranked_all = True
            hits = self._circle.hits(offset, offset + limit)
            window = [Candidate(h.service_id, h.latitude, h.longitude) for h in hits]
            return window, min(self._circle.count, CANDIDATE_LIMIT + 1)
        if self._found is None:
            box = bounding_box(self.near, self.radius_km)
            found = candidates(tokens=self.tokens, box=box, ranked=True, some=self.some)
            self._partial = len(found) > CANDIDATE_LIMIT
            self._found = [
                c
                for c in found[:CANDIDATE_LIMIT]
                if c.latitude is not None
                and c.longitude is not None
                and distance_km(self.near, (c.latitude, c.longitude)) <= self.radius_km
            ]
        return self._found[offset : offset + limit], len(self._found)


class RankedMatches(Matches):
    """The entries holding every token, best first (or by offer name).

    The tantivy cache (cache.py) ranks all matches when it is ready. Otherwise the
    database ranks only the first CANDIDATE_LIMIT + 1 matches its index yields, so frequent
    words stay fast.
    """

    def __init__(
        self, tokens: Sequence[Token], *, by_name: bool, some: Sequence[Group] = ()
    ) -> None:
        super().__init__()
        if not tokens and not some:
            raise ValueError("ranked matches need at least one token")
        self.query = _match_query(tokens, some)
        self.tokens = tokens
        self.some = some
        self.by_name = by_name

    def _window(self, offset: int, limit: int) -> tuple[list[Candidate], int | None]:
        cached = search_cache.query(
            tokens=self.tokens,
            some=self.some,
            by_name=self.by_name,
            start=offset,
            stop=offset + limit,
        )
        if cached is not None:
            self._ranked_all = True
            hits, total = cached
            window = [Candidate(h.service_id, h.latitude, h.longitude) for h in hits]
            return window, min(total, CANDIDATE_LIMIT + 1)
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
                "SELECT e.id, e.service_id, e.latitude, e.longitude, f.rank, e.document "
                "FROM directory_search_fts f JOIN directory_searchentry e ON e.id = f.rowid "
                "WHERE directory_search_fts MATCH %s LIMIT %s"
            )
            rank = "c.rank"
        if self.by_name:
            rank = "(SELECT s.name FROM directory_service s WHERE s.id = c.service_id)"
        else:
            # Entries holding more of the words come first (only when some may be missing).
            coverage, coverage_params = _coverage(self.some)
            rank = coverage + rank
            params += coverage_params
            if connection.vendor == "postgresql":
                params.append(self.query)
        sql = (
            "SELECT c.service_id, c.latitude, c.longitude, count(*) OVER () "
            f"FROM ({matches}) c ORDER BY {rank}, c.id LIMIT %s OFFSET %s"
        )
        return self._page_and_count(sql, [*params, limit, offset])


def _match_query(tokens: Sequence[Token], some: Sequence[Group] = ()) -> str:
    """Every token (a tuple: any of its alternatives) and, when `some` is given, all terms of
    at least one of its groups: a PostgreSQL tsquery or an FTS5 MATCH expression.

    Tokens are quoted into the expression, so only normalised words (text.py) are accepted.
    """
    parts = [_term_expression(t) for t in tokens]
    if some:
        parts.append(_any_of([_group_expression(g) for g in some]))
    return _all_of(parts)


def _quoted(token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise ValueError("search tokens must be normalised words (see text.py)")
    return f"'{token}'" if connection.vendor == "postgresql" else f'"{token}"'


def _all_of(parts: list[str]) -> str:
    joined = (" & " if connection.vendor == "postgresql" else " AND ").join(parts)
    return joined if len(parts) < 2 else f"({joined})"


def _any_of(parts: list[str]) -> str:
    joined = (" | " if connection.vendor == "postgresql" else " OR ").join(parts)
    return joined if len(parts) < 2 else f"({joined})"


def _term_expression(token: Token) -> str:
    if isinstance(token, str):
        return _quoted(token)
    if not token:
        raise ValueError("a term needs at least one alternative")
    return _any_of([_quoted(t) for t in token])


def _group_expression(group: Group) -> str:
    return _all_of([_term_expression(t) for t in group])


def _coverage(some: Sequence[Group]) -> tuple[str, list]:
    """An ORDER BY prefix that puts candidates (`c`) holding more of the groups first, and its
    parameters; nothing without groups. PostgreSQL tests each group's tsquery on the
    candidate's vector, SQLite looks for the tokens in its document (spaces around each)."""
    if len(some) < 2:
        return "", []
    params: list = []
    tests = []
    for group in some:
        if connection.vendor == "postgresql":
            tests.append("(c.search_vector @@ to_tsquery('simple', %s))::int")
            params.append(_group_expression(group))
            continue
        terms = []
        for term in group:
            alternatives = (term,) if isinstance(term, str) else term
            for token in alternatives:
                _quoted(token)  # validates
                params.append(f" {token} ")
            terms.append("(" + " OR ".join(["instr(c.document, %s) > 0"] * len(alternatives)) + ")")
        tests.append("(" + " AND ".join(terms) + ")")
    return "(" + " + ".join(tests) + ") DESC, ", params


def _candidate(row: tuple) -> Candidate:
    service_id = row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(row[0])
    return Candidate(service_id, row[1], row[2])


def _fetch(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_candidate(r) for r in cursor.fetchall()]


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """Wraps inserting many entries at once (the benchmark's generator, imports).

    PostgreSQL builds its GIN and GiST indexes faster in one go than row by row, so they are
    dropped and rebuilt; on SQLite the triggers keep the FTS table current, which is fast
    enough. A change row without a service tells the tantivy copies (cache.py) to
    rebuild.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name in _PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        with connection.cursor() as cursor:
            # PostgreSQL builds no index while deferred foreign-key checks of rows written in
            # the same transaction are pending: run them now (they would run at commit anyway).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
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
