"""Queries the full-text index over `SearchEntry.document` (built in migration 0003).

Documents and queries hold the same normalised tokens (see text.py), so both databases only
need exact token matching: SQLite FTS5 ranks with bm25, PostgreSQL with `ts_rank_cd` over a
capped set of candidates so that frequent words stay fast.
"""

import contextlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

# At most this many matches are ranked and counted; more are reported as "more than".
CANDIDATE_LIMIT = 2000
_TOKEN = re.compile(r"[a-zäöüß0-9]+")
_PG_GIN = (
    "CREATE INDEX IF NOT EXISTS directory_search_vector_gin "
    "ON directory_searchentry USING gin (search_vector)"
)


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


def candidates(*, tokens: list[str], box: Box | None, ranked: bool) -> list[Candidate]:
    """Entries holding every token (and lying in `box`), best first when `ranked`.

    Returns up to CANDIDATE_LIMIT + 1 entries, so callers can tell that more exist.
    """
    if not all(_TOKEN.fullmatch(t) for t in tokens):
        raise ValueError("search tokens must be normalised words (see text.py)")
    where, params = [], []
    if box:
        where.append("e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s")
        params += [box.south, box.north, box.west, box.east]
    limit = CANDIDATE_LIMIT + 1
    columns = "e.service_id, e.latitude, e.longitude"
    if not tokens:
        sql = f"SELECT {columns} FROM directory_searchentry e"
        sql += f" WHERE {' AND '.join(where)}" if where else ""
        sql += " ORDER BY e.id LIMIT %s"
        return _fetch(sql, [*params, limit])
    if connection.vendor == "postgresql":
        query = " & ".join(f"'{t}'" for t in tokens)
        inner = " AND ".join(["e.search_vector @@ to_tsquery('simple', %s)", *where])
        sql = f"SELECT {columns}, e.search_vector FROM directory_searchentry e WHERE {inner}"
        sql += " LIMIT %s"
        if ranked:
            sql = (
                f"SELECT c.service_id, c.latitude, c.longitude FROM ({sql}) c "
                "ORDER BY ts_rank_cd(c.search_vector, to_tsquery('simple', %s)) DESC"
            )
            return _fetch(sql, [query, *params, limit, query])
        return _fetch(
            f"SELECT c.service_id, c.latitude, c.longitude FROM ({sql}) c", [query, *params, limit]
        )
    match = " AND ".join(f'"{t}"' for t in tokens)
    sql = (
        f"SELECT {columns} FROM directory_search_fts f "
        "JOIN directory_searchentry e ON e.id = f.rowid "
        f"WHERE {' AND '.join(['directory_search_fts MATCH %s', *where])}"
    )
    sql += " ORDER BY bm25(directory_search_fts)" if ranked else ""
    return _fetch(sql + " LIMIT %s", [match, *params, limit])


def _fetch(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Candidate(r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(r[0]), r[1], r[2])
        for r in rows
    ]


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """Wraps inserting many entries at once (generate_directory, imports).

    PostgreSQL builds a GIN index faster in one go than row by row, so it is dropped and
    rebuilt; on SQLite the triggers keep the FTS table current, which is fast enough.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS directory_search_vector_gin")
        yield
        with connection.cursor() as cursor:
            cursor.execute(_PG_GIN)
            cursor.execute("ANALYZE directory_searchentry")
    else:
        yield
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('optimize')"
            )
