"""The audit log: every read and change of personal data, append-only and chained with a key.

See `AuditEntry` for the chains. Each entry's `hash` is an HMAC-SHA256 with the newest key of
`LOTSE_AUDIT_KEYS` (a secret the database never holds), so whoever can only write to the
database (the application's role, the table's owner) cannot add an entry that fits the chain.
`manage.py audit_checkpoint` signs each chain's head into a file outside the database
(`lotse.core.audit_checkpoints`), and `manage.py audit_verify` checks every chain against its
keys and those checkpoints, so removing the newest entries is found too.
"""

import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from lotse.core.models import Area, AuditEntry
from lotse.core.permissions import Actor

# `previous_hash` of the first entry of a chain.
GENESIS_HASH = "0" * 64

# The fields `audit_hash` covers (entries from before the key), in this order.
HASHED_FIELDS = (
    "region_id",
    "sequence",
    "created_at",
    "actor_id",
    "verb",
    "target_type",
    "target_id",
    "purpose",
    "note",
    "previous_hash",
)
# The fields `audit_hmac` covers: the same and which key signed.
KEYED_FIELDS = (*HASHED_FIELDS, "key_id")

# The entry that migration core/0012 appended to every chain that held entries from before the
# key: only it may follow such an entry, so nobody can append unkeyed entries later.
SEAL_VERB = "audit.keyed"

# A key shorter than this is refused (32 random characters carry well over 128 bits).
MIN_KEY_LENGTH = 32

# Prefixes that keep an entry's HMAC, a checkpoint's signature and a key id apart.
ENTRY_DOMAIN = b"lotse audit entry\n"
KEY_ID_DOMAIN = b"lotse audit key id"

# The triggers of migration core/0007 that refuse changes, by database vendor.
APPEND_ONLY_TRIGGERS = {
    "postgresql": ("core_auditentry_append_only", "core_auditentry_no_truncate"),
    "sqlite": ("core_auditentry_no_update", "core_auditentry_no_delete"),
}

# First key of PostgreSQL's two-key advisory locks for audit chains ("AUDT"); the second key
# comes from the region, 0 for the global chain.
_LOCK_CLASS = 0x41554454


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    secret: bytes


def audit_key_id(secret: bytes) -> str:
    """A key's public name: 16 hex digits of an HMAC of a fixed text, so it tells nothing
    about the key and stays the same whatever position the key has in the list."""
    return hmac.new(secret, KEY_ID_DOMAIN, hashlib.sha256).hexdigest()[:16]


def audit_keys() -> tuple[AuditKey, ...]:
    """`LOTSE_AUDIT_KEYS`, newest first: the first signs, every one verifies."""
    return _audit_keys(tuple(settings.LOTSE_AUDIT_KEYS))


@cache
def _audit_keys(raw: tuple[str, ...]) -> tuple[AuditKey, ...]:
    problem = audit_keys_problem(raw)
    if problem:
        raise ImproperlyConfigured(problem)
    return tuple(AuditKey(key_id=audit_key_id(k.encode()), secret=k.encode()) for k in raw)


def audit_keys_problem(raw: Sequence[str]) -> str | None:
    if not raw:
        return "LOTSE_AUDIT_KEYS must be set (comma-separated secrets, newest first)"
    if any(len(key) < MIN_KEY_LENGTH for key in raw):
        return f"LOTSE_AUDIT_KEYS: every key must be at least {MIN_KEY_LENGTH} characters long"
    return None


def canonical_json(values: Iterable[object]) -> bytes:
    """The canonical form of one entry: the values as a compact JSON array (ASCII, no spaces),
    ids as strings, times as UTC ISO 8601 with microseconds."""
    return json.dumps([_canonical(v) for v in values], separators=(",", ":")).encode()


def audit_hash(values: Sequence[object]) -> str:
    """SHA-256 (hex) of the canonical form of the HASHED_FIELDS values: the hash of entries
    written before the chain had a key (`key_id` empty). Anyone can compute it, so it proves
    nothing about who wrote an entry; `audit_verify` accepts it only before a chain's seal.

    Migration core/0005 holds a copy of this function (migrations never import app code):
    change both or neither; a test compares them.
    """
    return hashlib.sha256(canonical_json(values)).hexdigest()


def audit_hmac(values: Sequence[object], secret: bytes) -> str:
    """HMAC-SHA256 (hex) with `secret` of the canonical form of the KEYED_FIELDS values.

    Migration core/0012 holds a copy of this function; a test compares them.
    """
    return hmac.new(secret, ENTRY_DOMAIN + canonical_json(values), hashlib.sha256).hexdigest()


def _canonical(value: object) -> object:
    if value is None or isinstance(value, int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return str(value)


def audit_chain_region_id(target: models.Model) -> uuid.UUID | None:
    """The chain of an entry about `target`: its region, or None for the global chain."""
    if isinstance(target, Area) and target.kind == Area.Kind.REGION:
        return target.pk
    region_id = getattr(target, "region_id", None)
    return region_id if isinstance(region_id, uuid.UUID) else None


def audit_record(
    *, actor: Actor, verb: str, target: models.Model, note: str = "", purpose: str = ""
) -> AuditEntry:
    """Appends one entry to the chain of the target's region, signed with the newest key.

    `purpose` says why personal data was used ("Beratung"); it stays empty for public data.

    Appends to one chain are serialised: on PostgreSQL by an advisory lock held until the
    caller's transaction ends (so record late in a long transaction), on SQLite by its single
    writer (a second process waits, or fails with "database is locked" unless the connection
    begins transactions IMMEDIATE). Should that ever fail, the unique (region, sequence)
    constraints refuse the second entry rather than let the chain fork.

    Inside the caller's transaction the entry takes no savepoint of its own (two round trips
    fewer on every change): if it fails, the whole change fails with it.
    """
    if verb == SEAL_VERB:
        raise ValueError(f"{SEAL_VERB} is written only by migration core/0012")
    key = audit_keys()[0]
    region_id = audit_chain_region_id(target)
    with transaction.atomic(savepoint=False):
        _lock_chain(region_id)
        head = _chain_head(region_id)
        sequence, previous_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        entry = AuditEntry(
            created_at=timezone.now(),
            region_id=region_id,
            sequence=sequence,
            actor=actor,
            verb=verb,
            target_type=target._meta.label,
            target_id=str(target.pk),
            purpose=purpose,
            note=note,
            previous_hash=previous_hash,
            key_id=key.key_id,
        )
        entry.hash = audit_hmac([getattr(entry, name) for name in KEYED_FIELDS], key.secret)
        entry.save(force_insert=True)
    return entry


def _chain_head(region_id: uuid.UUID | None) -> tuple[int, str] | None:
    """The sequence and hash of the chain's last entry. Plain SQL, as for the lock: it runs on
    every change while the chain is locked, and the ORM's query building took three times as
    long as the database."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    if region_id is None:
        where, params = "region_id IS NULL", []
    else:
        region = AuditEntry._meta.get_field("region").get_db_prep_value(region_id, connection)
        where, params = "region_id = %s", [region]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sequence, hash FROM {table} WHERE {where} ORDER BY sequence DESC LIMIT 1",
            params,
        )
        return cursor.fetchone()


def _lock_chain(region_id: uuid.UUID | None) -> None:
    if connection.vendor != "postgresql":
        return
    # Two regions may share a key; then they merely wait for each other.
    key = int.from_bytes(region_id.bytes[:4], "big", signed=True) if region_id else 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, key])


# Checking a chain ---------------------------------------------------------------------------

CHUNK = 5000
_SEQUENCE = KEYED_FIELDS.index("sequence")
_PREVIOUS_HASH = KEYED_FIELDS.index("previous_hash")
_VERB = KEYED_FIELDS.index("verb")
_KEY_ID = KEYED_FIELDS.index("key_id")


@dataclass(frozen=True)
class Anchor:
    """What a checkpoint says about a chain: its entry `sequence` had this hash at `time`."""

    sequence: int
    hash: str
    time: dt.datetime


@dataclass(frozen=True)
class ChainWalk:
    # The last entry found good (0 and GENESIS_HASH before the first).
    sequence: int
    hash: str
    problem: str | None


def audit_chain_walk(
    region_id: uuid.UUID | None,
    *,
    anchors: Iterable[Anchor] = (),
    start: Anchor | None = None,
) -> ChainWalk:
    """Walks one chain in order and checks each entry against the one before it and its key;
    stops at the first broken entry. Streams the rows, so it runs in constant memory.

    `anchors` are the chain's checkpoints: an entry whose hash differs from one, or a chain
    that ends before one, is broken. `start` begins the walk at that checkpointed entry instead
    of the first (its hash must still match; `audit_checkpoint` checks only what is new).
    """
    keys = {key.key_id: key.secret for key in audit_keys()}
    by_sequence: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        by_sequence.setdefault(anchor.sequence, []).append(anchor)
    rows = AuditEntry.objects.filter(region_id=region_id).order_by("sequence")
    expected, previous_hash = 1, GENESIS_HASH
    if start is not None:
        rows = rows.filter(sequence__gte=start.sequence)
        by_sequence.setdefault(start.sequence, []).append(start)
        expected, previous_hash = start.sequence, ""
    keyed = False  # a keyed entry came before
    unkeyed_since: int | None = None  # the first of the unkeyed entries just before
    for entry_id, *values, stored_hash in rows.values_list("id", *KEYED_FIELDS, "hash").iterator(
        chunk_size=CHUNK
    ):
        sequence, key_id = values[_SEQUENCE], values[_KEY_ID]
        faults = _sequence_faults(sequence, expected)
        # The start's own link lies before the walk; its hash is held against the checkpoint.
        if previous_hash and values[_PREVIOUS_HASH] != previous_hash:
            faults.append("Vorgänger-Hash passt nicht zum Eintrag davor")
        if key_id is None:
            if keyed:
                faults.append(
                    "ohne Schlüssel geschrieben nach Einträgen mit Schlüssel: eingeschoben"
                )
            elif audit_hash(values[:_KEY_ID]) != stored_hash:
                faults.append("Hash passt nicht zum Inhalt, der Eintrag wurde verändert")
        elif key_id not in keys:
            faults.append(
                f"mit einem unbekannten Schlüssel ({key_id}) signiert, der nicht in "
                "LOTSE_AUDIT_KEYS steht: gefälscht, oder ein alter Schlüssel wurde entfernt"
            )
        else:
            if not hmac.compare_digest(audit_hmac(values, keys[key_id]), stored_hash):
                faults.append(
                    "Hash passt nicht zum Inhalt und Schlüssel, der Eintrag wurde verändert "
                    "oder ohne den Schlüssel geschrieben"
                )
            if unkeyed_since is not None and values[_VERB] != SEAL_VERB:
                faults.append(
                    f"folgt auf Einträge ohne Schlüssel (ab Nr. {unkeyed_since}), die nicht "
                    "versiegelt wurden: sie wurden eingeschoben"
                )
        faults += [
            f"Hash weicht vom Prüfpunkt vom {_when(anchor.time)} ab"
            for anchor in by_sequence.get(sequence, ())
            if anchor.hash != stored_hash
        ]
        if faults:
            return ChainWalk(
                expected - 1,
                previous_hash,
                f"Eintrag {entry_id} (Nr. {sequence}): " + "; ".join(faults),
            )
        if key_id is None:
            unkeyed_since = sequence if unkeyed_since is None else unkeyed_since
        else:
            keyed, unkeyed_since = True, None
        expected, previous_hash = sequence + 1, stored_hash
    last = expected - 1
    if unkeyed_since is not None:
        return ChainWalk(
            last,
            previous_hash,
            f"Einträge ohne Schlüssel ab Nr. {unkeyed_since} bis zum Ende der Kette, nicht "
            "versiegelt: eingeschoben, oder die Migration core/0012 fehlt",
        )
    newest = max(
        (a for at in by_sequence.values() for a in at if a.sequence > last),
        key=lambda a: a.sequence,
        default=None,
    )
    if newest is not None:
        # A walk from `start` that found nothing does not know where the chain ends.
        end = AuditEntry.objects.filter(region_id=region_id).aggregate(m=Max("sequence"))["m"]
        return ChainWalk(
            last,
            previous_hash,
            f"die Kette endet bei Nr. {end or 0}, der Prüfpunkt vom {_when(newest.time)} kennt "
            f"schon Nr. {newest.sequence}: die neuesten Einträge wurden entfernt",
        )
    return ChainWalk(last, previous_hash, None)


def _sequence_faults(sequence: int, expected: int) -> list[str]:
    if sequence == expected + 1:
        return [f"Lücke davor: Nr. {expected} fehlt"]
    if sequence > expected:
        return [f"Lücke davor: Nr. {expected} bis {sequence - 1} fehlen"]
    if sequence < expected:
        return [f"Nummer doppelt oder rückwärts, erwartet war Nr. {expected}"]
    return []


def _when(time: dt.datetime) -> str:
    return time.astimezone(dt.UTC).strftime("%d.%m.%Y %H:%M UTC")


def check_audit_keys(**kwargs: object) -> list[checks.CheckMessage]:
    """`manage.py check` (and every start): keys that are set but too short."""
    raw = list(settings.LOTSE_AUDIT_KEYS)
    problem = audit_keys_problem(raw)
    return [checks.Error(problem, id="core.E001")] if raw and problem else []


def check_audit_deployment(**kwargs: object) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`: no keys, or no folder for the checkpoints."""
    messages: list[checks.CheckMessage] = []
    if not settings.LOTSE_AUDIT_KEYS:
        messages.append(checks.Error(str(audit_keys_problem([])), id="core.E001"))
    if not settings.LOTSE_AUDIT_CHECKPOINT_DIR:
        messages.append(
            checks.Error(
                "LOTSE_AUDIT_CHECKPOINT_DIR must name the folder for the audit log's "
                "checkpoints (docs/operations.md)",
                id="core.E002",
            )
        )
    return messages


def audit_chains(extra: Iterable[uuid.UUID | None] = ()) -> list[tuple[uuid.UUID | None, str]]:
    """Every chain in the database and in `extra` with its German label, the global one first,
    then the regions by name."""
    region_ids: set[uuid.UUID | None] = set(
        AuditEntry.objects.order_by().values_list("region_id", flat=True).distinct()
    )
    region_ids |= set(extra)
    names: dict[uuid.UUID | None, str] = dict(
        Area.objects.filter(pk__in=[r for r in region_ids if r]).values_list("pk", "name")
    )
    ordered = sorted(region_ids, key=lambda r: (r is not None, names.get(r, ""), str(r)))
    return [(r, f"Kette „{names.get(r, r)}“" if r else "Globale Kette") for r in ordered]


def anchors_by_chain(
    anchors: Iterable[tuple[uuid.UUID | None, Anchor]],
) -> Mapping[uuid.UUID | None, list[Anchor]]:
    grouped: dict[uuid.UUID | None, list[Anchor]] = {}
    for region_id, anchor in anchors:
        grouped.setdefault(region_id, []).append(anchor)
    return grouped
