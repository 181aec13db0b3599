"""Existing audit entries (a developer's database may hold some) become the global chain, in
the order they were written. They carry no region: the chain of a region starts empty.

The hash is a copy of `lotse.core.audit.audit_hash` (migrations never import app code); a test
in lotse/core/tests/test_audit.py checks that the two agree.
"""

import datetime as dt
import hashlib
import json

from django.db import migrations

GENESIS_HASH = "0" * 64
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
BATCH = 1000


def audit_hash(values):
    return hashlib.sha256(
        json.dumps([_canonical(v) for v in values], separators=(",", ":")).encode()
    ).hexdigest()


def _canonical(value):
    if value is None or isinstance(value, int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return str(value)


def link_existing_entries(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ids = list(AuditEntry.objects.order_by("created_at", "id").values_list("id", flat=True))
    previous_hash = GENESIS_HASH
    sequence = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        entries = AuditEntry.objects.in_bulk(chunk)
        batch = []
        for entry_id in chunk:
            entry = entries[entry_id]
            sequence += 1
            entry.region_id = None
            entry.sequence = sequence
            entry.previous_hash = previous_hash
            entry.hash = audit_hash([getattr(entry, name) for name in HASHED_FIELDS])
            previous_hash = entry.hash
            batch.append(entry)
        AuditEntry.objects.bulk_update(batch, ["region", "sequence", "previous_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_add_audit_chain_fields"),
    ]

    operations = [migrations.RunPython(link_existing_entries, migrations.RunPython.noop)]
