"""Checkpoints of the audit log: each chain's head, signed, in a file outside the database.

The keyed chain (`lotse.core.audit`) shows every changed, inserted or reordered entry, but not
that the newest entries of a chain were removed: the rest is still a good chain. So
`manage.py audit_checkpoint` (daily from cron) appends one line per chain whose head moved to
`<LOTSE_AUDIT_CHECKPOINT_DIR>/audit-checkpoints.jsonl`:

    {"chain": "<region id>" or "global", "sequence": 812, "hash": "<the entry's hash>",
     "time": "2026-12-04T02:45:00.000000+00:00", "key_id": "<which key>", "signature": "<hex>"}

`signature` is an HMAC-SHA256, with the newest key of LOTSE_AUDIT_KEYS, of
"lotse audit checkpoint\\n" followed by the compact JSON array [chain, sequence, hash, time], so
nobody without the key can write or change a line that `audit_verify` accepts. The file is only
ever appended to (one write per run under an exclusive lock, then fsync); it belongs on storage
the database's administrators cannot rewrite (docs/operations.md).
"""

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from lotse.core.audit import Anchor, audit_keys

FILE_NAME = "audit-checkpoints.jsonl"
GLOBAL_CHAIN = "global"
CHECKPOINT_DOMAIN = b"lotse audit checkpoint\n"


@dataclass(frozen=True)
class Checkpoint:
    region_id: uuid.UUID | None
    anchor: Anchor


@dataclass(frozen=True)
class CheckpointFile:
    checkpoints: list[Checkpoint]
    # Lines that cannot be read or whose signature fails, in German for the report.
    problems: list[str]


def checkpoint_path() -> Path | None:
    """The checkpoint file, or None when LOTSE_AUDIT_CHECKPOINT_DIR is empty."""
    folder = settings.LOTSE_AUDIT_CHECKPOINT_DIR
    return Path(folder) / FILE_NAME if folder else None


def _signature(secret: bytes, chain: str, sequence: int, head: str, time: str) -> str:
    message = json.dumps([chain, sequence, head, time], separators=(",", ":")).encode()
    return hmac.new(secret, CHECKPOINT_DOMAIN + message, hashlib.sha256).hexdigest()


def checkpoints_read() -> CheckpointFile:
    """Every checkpoint in the file whose signature holds with one of LOTSE_AUDIT_KEYS."""
    path = checkpoint_path()
    if path is None or not path.exists():
        return CheckpointFile([], [])
    keys = {key.key_id: key.secret for key in audit_keys()}
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                checkpoints.append(_parse(json.loads(line), keys))
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"Prüfpunkt-Datei {path}, Zeile {number}: {error}")
    return CheckpointFile(checkpoints, problems)


def _parse(record: dict, keys: dict[str, bytes]) -> Checkpoint:
    chain, sequence, head, time = (
        record["chain"],
        record["sequence"],
        record["hash"],
        record["time"],
    )
    if not (isinstance(chain, str) and isinstance(sequence, int) and isinstance(head, str)):
        raise ValueError("unlesbar")
    secret = keys.get(record["key_id"])
    if secret is None:
        raise ValueError(f"mit einem unbekannten Schlüssel ({record['key_id']}) signiert")
    if not hmac.compare_digest(
        _signature(secret, chain, sequence, head, time), record["signature"]
    ):
        raise ValueError(
            "Signatur falsch, die Zeile wurde verändert oder ohne den Schlüssel geschrieben"
        )
    region_id = None if chain == GLOBAL_CHAIN else uuid.UUID(chain)
    return Checkpoint(region_id, Anchor(sequence, head, dt.datetime.fromisoformat(time)))


def checkpoints_append(checkpoints: Iterable[Checkpoint]) -> int:
    """Appends the checkpoints, signed with the newest key, in one write; returns how many."""
    path = checkpoint_path()
    if path is None:
        raise ValueError("LOTSE_AUDIT_CHECKPOINT_DIR is empty")
    key = audit_keys()[0]
    lines = []
    for checkpoint in checkpoints:
        chain = str(checkpoint.region_id) if checkpoint.region_id else GLOBAL_CHAIN
        anchor = checkpoint.anchor
        time = anchor.time.astimezone(dt.UTC).isoformat(timespec="microseconds")
        record = {
            "chain": chain,
            "sequence": anchor.sequence,
            "hash": anchor.hash,
            "time": time,
            "key_id": key.key_id,
            "signature": _signature(key.secret, chain, anchor.sequence, anchor.hash, time),
        }
        lines.append(json.dumps(record, separators=(",", ":")) + "\n")
    if not lines:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    # Append only, never rewrite: O_APPEND, one write under an exclusive lock, then fsync.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        data = memoryview("".join(lines).encode())
        while data:
            data = data[os.write(descriptor, data) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return len(lines)
