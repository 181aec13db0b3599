"""An in-process tantivy index of the search entries: a derived cache for speed.

The database stays the source of truth (DESIGN.md, "Scale"). Each app server builds its own
copy under LOTSE_SEARCH_INDEX_DIR from `SearchEntry` and catches up from `SearchChange`, which
`search_index_service` and bulk loads append to. While the copy is missing, being rebuilt or
behind by many changes, `query` answers None and search uses the database.

On disk: `<dir>/current` links to the build in use; each build keeps the id of the last change
it holds in `applied`. Processes on one machine share the builds; a file lock lets one of them
write at a time, and the others reload when `applied` moves.
"""

import contextlib
import fcntl
import hashlib
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection, connections

from lotse.directory.models import SearchChange
from lotse.directory.search.cells import Disc, cell_keys, cover, pack
from lotse.directory.search.query import Group, Term

log = logging.getLogger(__name__)
# More pending changes than this are left to a rebuild in the background.
CATCH_UP_LIMIT = 500
BATCH = 5000
# Raised whenever SCHEMA changes: builds of another version are rebuilt, not opened.
SCHEMA_VERSION = "3"
# A radius search reads the points of at most this many matches in the cells on its circle's
# edge from a fast field; past it, it reads the best matches' stored documents instead
# (slower, and only the best are seen).
CIRCLE_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class Hit:
    service_id: uuid.UUID
    latitude: float | None
    longitude: float | None


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("sid", stored=True, tokenizer_name="raw", index_option="basic")
    # The document holds normalised tokens (text.py) separated by spaces.
    builder.add_text_field("doc", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("name", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_float_field("lat", stored=True)
    builder.add_float_field("lon", stored=True)
    # Latitude and longitude packed into one number (cells.pack): a search ordered by it hands
    # every hit's point back without reading stored documents.
    builder.add_integer_field("point", fast=True)
    # The grid cells holding the point, one per level (cells.cell_keys): a radius search asks
    # for the cells of its circle.
    builder.add_integer_field("cell", indexed=True)
    return builder.build()


SCHEMA = _schema()


class _Copy:
    """This process's view of the index: which build it has open and how far it is."""

    def __init__(self) -> None:
        self.build: Path | None = None
        self.index: tantivy.Index | None = None
        self.applied = 0
        self.rebuilding = threading.Lock()

    def open(self, root: Path) -> bool:
        try:
            build = (root / "current").resolve(strict=True)
        except OSError:
            return False
        if build != self.build:
            if _read(build / "schema") != SCHEMA_VERSION:
                return False
            self.index = tantivy.Index(SCHEMA, path=str(build), reuse=True)
            self.build, self.applied = build, _read_applied(build)
            latest = SearchChange.objects.order_by("-id").values_list("id", flat=True).first()
            if (latest or 0) < self.applied:  # the database was recreated under this name
                self.build = self.index = None
                return False
        return True


_copy = _Copy()


def _root() -> Path | None:
    """The folder of this database's builds: one folder may serve several databases."""
    folder = settings.LOTSE_SEARCH_INDEX_DIR
    if not folder:
        return None
    db = connection.settings_dict
    name = f"{connection.vendor}:{db['HOST']}:{db['PORT']}:{db['NAME']}"
    return Path(folder) / hashlib.sha256(name.encode()).hexdigest()[:16]


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _read_applied(build: Path) -> int:
    try:
        return int(_read(build / "applied"))
    except ValueError:
        return 0


def _write_applied(build: Path, change_id: int) -> None:
    tmp = build / "applied.tmp"
    tmp.write_text(str(change_id))
    tmp.replace(build / "applied")


@contextlib.contextmanager
def _writer_lock(root: Path) -> Iterator[bool]:
    """Yields whether this process got the machine-wide write lock (never waits)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pending(after: int) -> list[tuple[int, uuid.UUID | None]]:
    # Raw SQL: this runs before every search, and the ORM would triple its cost.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, service_id FROM directory_searchchange WHERE id > %s ORDER BY id LIMIT %s",
            [after, CATCH_UP_LIMIT + 1],
        )
        rows = cursor.fetchall()
    return [
        (i, sid if sid is None or isinstance(sid, uuid.UUID) else uuid.UUID(sid)) for i, sid in rows
    ]


def _entries(ids: list[uuid.UUID] | None) -> Iterator[tuple]:
    """(service id, document, latitude, longitude, name) of the given entries, or of all."""
    sql = (
        "SELECT e.service_id, e.document, e.latitude, e.longitude, s.name "
        "FROM directory_searchentry e JOIN directory_service s ON s.id = e.service_id"
    )
    params: list = []
    if ids is not None:
        sql += f" WHERE e.service_id IN ({', '.join(['%s'] * len(ids))})"
        params = [i.hex if connection.vendor == "sqlite" else i for i in ids]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def _document(row: tuple) -> tantivy.Document:
    service_id, text, lat, lon, name = row
    sid = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(service_id)
    doc = tantivy.Document(sid=str(sid), doc=text, name=name.casefold())
    if lat is not None and lon is not None:
        doc.add_float("lat", lat)
        doc.add_float("lon", lon)
        doc.add_integer("point", pack(lat, lon))
        for key in cell_keys(lat, lon):
            doc.add_integer("cell", key)
    return doc


def rebuild() -> int:
    """Builds a new copy from the database and switches to it; returns the number of entries.

    Returns -1 when another process holds the write lock or no folder is configured.
    """
    root = _root()
    if root is None:
        return -1
    with _writer_lock(root) as locked:
        if not locked:
            return -1
        last = SearchChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        build = root / f"build-{time.time_ns()}"
        build.mkdir()
        (build / "schema").write_text(SCHEMA_VERSION)
        index = tantivy.Index(SCHEMA, path=str(build))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        count = 0
        for row in _entries(None):
            writer.add_document(_document(row))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        _write_applied(build, last)
        link = root / "current.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(build.name)
        link.replace(root / "current")
        for old in root.glob("build-*"):
            if old != build:
                shutil.rmtree(old, ignore_errors=True)
        return count


def _rebuild_in_background() -> None:
    if not _copy.rebuilding.acquire(blocking=False):
        return

    def run() -> None:
        try:
            rebuild()
        except Exception:
            log.exception("Rebuilding the search cache failed; search uses the database")
        finally:
            connections.close_all()
            _copy.rebuilding.release()

    threading.Thread(target=run, name="search-cache-rebuild", daemon=True).start()


def _catch_up(root: Path, changes: list[tuple[int, uuid.UUID | None]]) -> bool:
    """Applies a few pending changes under the write lock; False if another process writes."""
    assert _copy.build is not None and _copy.index is not None
    with _writer_lock(root) as locked:
        if not locked:
            return False
        applied = _read_applied(_copy.build)
        changes = [c for c in changes if c[0] > applied]
        if changes:
            ids = list({sid for _id, sid in changes if sid is not None})
            writer = _copy.index.writer(heap_size=15_000_000, num_threads=1)
            for sid in ids:
                writer.delete_documents_by_term("sid", str(sid))
            for row in _entries(ids):
                writer.add_document(_document(row))
            writer.commit()
            writer.wait_merging_threads()
            applied = changes[-1][0]
            _write_applied(_copy.build, applied)
        _copy.index.reload()
        _copy.applied = applied
        return True


def _ready() -> tantivy.Index | None:
    """The index, current with the database, or None (search then uses the database)."""
    root = _root()
    if root is None:
        return None
    if not _copy.open(root):
        _rebuild_in_background()
        return None
    assert _copy.build is not None and _copy.index is not None
    changes = _pending(_copy.applied)
    if not changes:
        return _copy.index
    on_disk = _read_applied(_copy.build)
    if on_disk > _copy.applied:  # another process caught up: see its commit
        _copy.index.reload()
        _copy.applied = on_disk
        changes = [c for c in changes if c[0] > on_disk]
        if not changes:
            return _copy.index
    if len(changes) > CATCH_UP_LIMIT or any(sid is None for _id, sid in changes):
        _rebuild_in_background()
        return None
    return _copy.index if _catch_up(root, changes) else None


# Each group of `some` that a document holds adds this to its score: more groups first.
_COVERAGE_SCORE = 1000.0


def _term(token: str | Term) -> tantivy.Query:
    if isinstance(token, str):
        return tantivy.Query.term_query(SCHEMA, "doc", token)
    if len(token) == 1:
        return tantivy.Query.term_query(SCHEMA, "doc", token[0])
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _term(t)) for t in token])


def _group(group: Group) -> tantivy.Query:
    if len(group) == 1:
        return _term(group[0])
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, _term(t)) for t in group])


def _match(tokens: Sequence[str | Term], some: Sequence[Group] = ()) -> tantivy.Query:
    """Every token (a tuple: any of its alternatives) and all terms of at least one group of
    `some` (more groups score higher)."""
    parts = [(tantivy.Occur.Must, _term(token)) for token in tokens]
    if some:
        groups = [_group(g) for g in some]
        parts.append(
            (
                tantivy.Occur.Must,
                tantivy.Query.boolean_query([(tantivy.Occur.Should, g) for g in groups]),
            )
        )
        if len(groups) > 1:
            parts += [
                (tantivy.Occur.Should, tantivy.Query.const_score_query(g, _COVERAGE_SCORE))
                for g in groups
            ]
    if not parts:
        parts = [(tantivy.Occur.Must, tantivy.Query.all_query())]
    return tantivy.Query.boolean_query(parts)


def _hit(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> Hit:
    doc = searcher.doc(address)
    return Hit(uuid.UUID(doc.get_first("sid")), doc.get_first("lat"), doc.get_first("lon"))


def query(
    *,
    tokens: Sequence[str | Term],
    by_name: bool,
    start: int,
    stop: int,
    some: Sequence[Group] = (),
) -> tuple[list[Hit], int] | None:
    """Entries holding every token (and some of `some`), best match or by name first: the slice
    start:stop and the number of all matches; None while the cache is not ready."""
    index = _ready()
    if index is None:
        return None
    searcher = index.searcher()
    found = searcher.search(
        _match(tokens, some),
        limit=max(stop - start, 1),  # tantivy refuses 0; extra hits are cut below
        offset=start,
        count=True,
        order_by_field="name" if by_name else None,
        order=tantivy.Order.Asc if by_name else tantivy.Order.Desc,
    )
    hits = [_hit(searcher, address) for _key, address in found.hits[: max(stop - start, 0)]]
    count: int | None = found.count  # type: ignore[attr-defined]  # missing from the stubs
    return hits, count or 0


# The first round of a circle's ranked matches (Circle._ranked): read with the count, so the
# count costs no search of its own.
_FIRST_ROUND = 100


class Circle:
    """Matches inside a circle, best first. `count` says how many there are; the ranked
    matches are read only as far as a page asks (hits)."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        match: tantivy.Query,
        disc: Disc | None,
        *,
        count: int,
        total: int,
        ranked: list[Hit] | None = None,
        first: list[tuple[float, tantivy.DocAddress]] | None = None,
    ) -> None:
        self.searcher = searcher
        self.match = match
        self.disc = disc
        self.count = count
        self.total = total
        self.ranked = ranked or []
        # The best _FIRST_ROUND matches of the circle's cells, when already read.
        self.first = first
        # Only the best matches were looked at (more than CIRCLE_SCAN_LIMIT lay in the cells
        # on the circle's edge).
        self.partial = disc is None

    def hits(self, start: int, stop: int) -> list[Hit]:
        if self.disc is not None and len(self.ranked) < min(stop, self.count):
            self.ranked = self._ranked(stop, self.disc)
        return self.ranked[start:stop]

    def _ranked(self, stop: int, disc: Disc) -> list[Hit]:
        """The best `stop` matches in the circle: the best matches of its cells, whose stored
        documents the page reads anyway, more of them each round until `stop` lie in the circle
        (nearly all of the cells' area is circle, so one round is the rule)."""
        limit = max(2 * stop, _FIRST_ROUND)
        while True:
            ranked = []
            if limit == _FIRST_ROUND and self.first is not None:
                scored = self.first
            else:
                scored = self.searcher.search(self.match, limit=min(limit, self.total)).hits
            for _score, address in scored:
                hit = _hit(self.searcher, address)
                if disc.holds_point(hit.latitude, hit.longitude):
                    ranked.append(hit)
                    if len(ranked) == stop:
                        return ranked
            if limit >= self.total:
                return ranked
            limit *= 4


def _in_cells(match: tantivy.Query, keys: Sequence[int]) -> tantivy.Query:
    """The match within these grid cells. The cells score the same for every document, so
    they leave the order as the words make it."""
    cells = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "cell", key)) for key in keys]
    )
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, match),
            (tantivy.Occur.Must, tantivy.Query.const_score_query(cells, 1.0)),
        ]
    )


def ranked_in_circle(
    *,
    tokens: Sequence[str | Term],
    center: tuple[float, float],
    radius_km: float,
    best: int,
    some: Sequence[Group] = (),
) -> Circle | None:
    """Entries holding every token within `radius_km` of `center`, best match first; None
    while the cache is not ready. When the cells on the circle's edge hold more than
    CIRCLE_SCAN_LIMIT matches, only the `best` ones are looked at.

    The circle is a set of grid cells (cells.cover). One search counts the matches in all of
    them and reads the best; a second one, of the cells on the circle's edge ordered by the
    packed point, hands back each of their matches' points without reading stored documents,
    so the number in the circle is known. Further ranked matches are read later, only as far
    as the page needs.
    """
    index = _ready()
    if index is None:
        return None
    searcher = index.searcher()
    match = _match(tokens, some)
    disc = Disc(center, radius_km)
    cells = cover(disc)
    in_cells = _in_cells(match, (*cells.inside, *cells.edge))
    first = searcher.search(in_cells, limit=_FIRST_ROUND, count=True)
    total: int = first.count or 0  # type: ignore[attr-defined]  # missing from the stubs
    by_point = searcher.search(
        _in_cells(match, cells.edge), limit=CIRCLE_SCAN_LIMIT, count=True, order_by_field="point"
    )
    on_edge: int = by_point.count or 0  # type: ignore[attr-defined]  # missing from the stubs
    if on_edge > CIRCLE_SCAN_LIMIT:
        scored = searcher.search(in_cells, limit=best).hits
        ranked = [
            hit
            for hit in (_hit(searcher, address) for _score, address in scored)
            if disc.holds_point(hit.latitude, hit.longitude)
        ]
        return Circle(searcher, in_cells, None, count=len(ranked), total=total, ranked=ranked)
    # Every match in a cell wholly inside the circle counts; those on the edge are tested.
    count = total - on_edge + sum(1 for packed, _address in by_point.hits if disc.holds(packed))
    return Circle(searcher, in_cells, disc, count=count, total=total, first=first.hits)


def reset() -> None:
    """Forgets the open copy: for tests and benchmarks that change LOTSE_SEARCH_INDEX_DIR."""
    global _copy
    _copy = _Copy()
