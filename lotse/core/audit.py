"""The audit log: every read and change of personal data, append-only and hash-chained.

See `AuditEntry` for the chains; `manage.py audit_verify` checks them.
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence

from django.db import connection, models, transaction
from django.utils import timezone

from lotse.core.models import Area, AuditEntry
from lotse.core.permissions import Actor

# `previous_hash` of the first entry of a chain.
GENESIS_HASH = "0" * 64

# The fields `audit_hash` covers, in this order.
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

# The triggers of migration core/0007 that refuse changes, by database vendor.
APPEND_ONLY_TRIGGERS = {
    "postgresql": ("core_auditentry_append_only", "core_auditentry_no_truncate"),
    "sqlite": ("core_auditentry_no_update", "core_auditentry_no_delete"),
}

# First key of PostgreSQL's two-key advisory locks for audit chains ("AUDT"); the second key
# comes from the region, 0 for the global chain.
_LOCK_CLASS = 0x41554454


def audit_hash(values: Sequence[object]) -> str:
    """SHA-256 (hex) of the canonical form of one entry: the HASHED_FIELDS values as a compact
    JSON array (ASCII, no spaces), ids as strings, the time as UTC ISO 8601 with microseconds.

    Migration core/0005 holds a copy of this function (migrations never import app code):
    change both or neither; a test compares them.
    """
    return hashlib.sha256(
        json.dumps([_canonical(v) for v in values], separators=(",", ":")).encode()
    ).hexdigest()


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
    """Appends one entry to the chain of the target's region.

    `purpose` says why personal data was used ("Beratung"); it stays empty for public data.

    Appends to one chain are serialised: on PostgreSQL by an advisory lock held until the
    caller's transaction ends (so record late in a long transaction), on SQLite by its single
    writer (a second process waits, or fails with "database is locked" unless the connection
    begins transactions IMMEDIATE). Should that ever fail, the unique (region, sequence)
    constraints refuse the second entry rather than let the chain fork.

    Inside the caller's transaction the entry takes no savepoint of its own (two round trips
    fewer on every change): if it fails, the whole change fails with it.
    """
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
        )
        entry.hash = audit_hash([getattr(entry, name) for name in HASHED_FIELDS])
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
