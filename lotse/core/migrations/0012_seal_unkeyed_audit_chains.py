"""Seals every audit chain that holds entries from before the chain had a key.

Those entries carry a plain SHA-256 that anyone can compute, and they cannot be signed again:
the log is append-only (core/0007), and rewriting it would destroy what it proves. Instead this
appends to each such chain one entry `audit.keyed`, signed with the newest of LOTSE_AUDIT_KEYS,
whose `previous_hash` is the last old entry's hash. From here on `audit_verify` accepts unkeyed
entries only before such a seal, so the old entries keep verifying and nobody can append or
slip in unkeyed ones later.

The key comes from django.conf.settings (migrations never import app code, but may read
settings), so LOTSE_AUDIT_KEYS must be set when this runs on a database with entries; a fresh
database has none and needs no key. `audit_hmac` and `audit_key_id` are copies of those in
`lotse.core.audit`; a test in lotse/core/tests/test_audit_keys.py checks that they agree.

Backwards it refuses as soon as any entry carries a key: going back further would drop
`key_id` (core/0011) and with it what the keyed entries need to verify, and the log refuses
to delete them. On a database without keyed entries it does nothing.
"""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

SEAL_VERB = "audit.keyed"
KEYED_FIELDS = (
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
    "key_id",
)
ENTRY_DOMAIN = b"lotse audit entry\n"
KEY_ID_DOMAIN = b"lotse audit key id"
MIN_KEY_LENGTH = 32


def audit_key_id(secret):
    return hmac.new(secret, KEY_ID_DOMAIN, hashlib.sha256).hexdigest()[:16]


def audit_hmac(values, secret):
    canonical = json.dumps([_canonical(v) for v in values], separators=(",", ":")).encode()
    return hmac.new(secret, ENTRY_DOMAIN + canonical, hashlib.sha256).hexdigest()


def _canonical(value):
    if value is None or isinstance(value, int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return str(value)


def seal_unkeyed_chains(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    chains = list(
        AuditEntry.objects.filter(key_id__isnull=True)
        .order_by()
        .values_list("region_id", flat=True)
        .distinct()
    )
    heads = [AuditEntry.objects.filter(region_id=r).order_by("-sequence").first() for r in chains]
    # A chain whose newest entry has a key is sealed already.
    heads = [head for head in heads if head.key_id is None]
    if not heads:
        return
    keys = list(getattr(settings, "LOTSE_AUDIT_KEYS", []))
    if not keys or len(keys[0]) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            "LOTSE_AUDIT_KEYS must be set (at least 32 characters) before this migration seals "
            "the existing audit entries; see docs/operations.md"
        )
    secret = keys[0].encode()
    key_id = audit_key_id(secret)
    now = dt.datetime.now(dt.UTC)
    for last in heads:
        region_id = last.region_id
        seal = AuditEntry(
            created_at=now,
            region_id=region_id,
            sequence=last.sequence + 1,
            actor_id=None,
            verb=SEAL_VERB,
            target_type="core.Area" if region_id else "core.AuditEntry",
            target_id=str(region_id) if region_id else "",
            purpose="",
            note="Ab hier signiert mit einem Schlüssel (HMAC-SHA256)",
            previous_hash=last.hash,
            key_id=key_id,
        )
        seal.hash = audit_hmac([getattr(seal, name) for name in KEYED_FIELDS], secret)
        seal.save(force_insert=True)


def refuse_when_keyed(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    if AuditEntry.objects.filter(key_id__isnull=False).exists():
        raise RuntimeError(
            "The audit log holds entries signed with a key; migrating back before core/0012 "
            "would drop their key_id and leave them unverifiable."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_add_audit_entry_key_id"),
    ]

    operations = [migrations.RunPython(seal_unkeyed_chains, refuse_when_keyed)]
