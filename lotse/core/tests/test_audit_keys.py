"""The audit chain's key and its checkpoints outside the database (issue 17, section 3).

Two attacks that passed `audit_verify` before: an entry appended by whoever may insert into the
table, with a correct plain SHA-256; and the newest entries removed by the table's owner.
"""

import datetime as dt
import importlib
import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core import audit
from lotse.core.audit import (
    GENESIS_HASH,
    HASHED_FIELDS,
    KEYED_FIELDS,
    SEAL_VERB,
    audit_hash,
    audit_hmac,
    audit_key_id,
    audit_record,
)
from lotse.core.audit_checkpoints import FILE_NAME
from lotse.core.models import Area, AuditEntry
from lotse.core.tests.audit_support import audit_triggers_suspended

OLD_KEY = "old-audit-key-0123456789abcdefghijklmnop"
NEW_KEY = "new-audit-key-0123456789abcdefghijklmnop"
SEAL = "lotse.core.migrations.0012_seal_unkeyed_audit_chains"


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path) -> Path:
    settings.LOTSE_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


@pytest.fixture
def actor(db) -> User:
    return User.objects.create_user("lotse@test.de")


@pytest.fixture
def other_region(db) -> Area:
    return Area.objects.create(name="Kreis Zwei", slug="kreis-zwei", kind=Area.Kind.REGION)


def record(region: Area, n: int = 1) -> list[AuditEntry]:
    return [
        audit_record(actor=None, verb="person.viewed", target=region, purpose="Beratung")
        for _ in range(n)
    ]


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_error() -> str:
    with pytest.raises(CommandError) as error:
        verify()
    return str(error.value)


def checkpoint() -> str:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue()


def insert(entry: AuditEntry) -> AuditEntry:
    """Inserts a row as the application's database role could, bypassing `audit_record`."""
    entry.save(force_insert=True)
    return entry


def follower(head: AuditEntry, **fields: object) -> AuditEntry:
    values: dict[str, object] = {
        "created_at": timezone.now(),
        "region_id": head.region_id,
        "sequence": head.sequence + 1,
        "verb": "person.viewed",
        "target_type": head.target_type,
        "target_id": head.target_id,
        "purpose": "Neugier",
        "previous_hash": head.hash,
    }
    values.update(fields)
    return AuditEntry(**values)


def delete(*entries: AuditEntry) -> None:
    # Only the table's owner can: it lifts the append-only triggers first.
    with audit_triggers_suspended():
        AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()


# (a) An entry written without the key --------------------------------------------------------


def test_verify_finds_an_appended_entry_with_a_correct_plain_hash(region):
    # Given a chain, and an entry appended behind it with the old, keyless hash
    head = record(region, 3)[-1]
    forged = follower(head)
    forged.hash = audit_hash([getattr(forged, name) for name in HASHED_FIELDS])
    insert(forged)

    error = verify_error()

    assert error == (
        "Prüfprotokoll beschädigt:\n"
        f"Kette „Kreis Test“: Eintrag {forged.pk} (Nr. 4): "
        "ohne Schlüssel geschrieben nach Einträgen mit Schlüssel: eingeschoben"
    )


def test_verify_finds_a_forged_entry_that_claims_the_real_key(region):
    head = record(region, 2)[-1]
    forged = follower(head, key_id=head.key_id)
    forged.hash = audit_hash([getattr(forged, name) for name in KEYED_FIELDS])
    insert(forged)

    assert f"Eintrag {forged.pk} (Nr. 3): Hash passt nicht zum Inhalt und Schlüssel" in (
        verify_error()
    )


def test_verify_finds_an_entry_signed_with_a_key_it_does_not_know(region):
    # Given an entry correctly signed, but with the forger's own key
    head = record(region)[-1]
    own = b"the-forgers-own-key-0123456789abcdef"
    forged = follower(head, key_id=audit_key_id(own))
    forged.hash = audit_hmac([getattr(forged, name) for name in KEYED_FIELDS], own)
    insert(forged)

    assert f"Eintrag {forged.pk} (Nr. 2): mit einem unbekannten Schlüssel" in verify_error()


def test_verify_finds_unkeyed_entries_that_start_a_new_chain(region, other_region):
    # Given a new chain begun by a forger with an unkeyed entry, which a real entry then extends
    record(region)
    forged = AuditEntry(
        created_at=timezone.now(),
        region=other_region,
        sequence=1,
        verb="person.viewed",
        target_type="people.Person",
        target_id=str(uuid.uuid4()),
        previous_hash=GENESIS_HASH,
    )
    forged.hash = audit_hash([getattr(forged, name) for name in HASHED_FIELDS])
    insert(forged)

    alone = verify_error()
    real = record(other_region)[0]
    extended = verify_error()

    assert "Kette „Kreis Zwei“: Einträge ohne Schlüssel ab Nr. 1 bis zum Ende der Kette" in alone
    assert (
        f"Kette „Kreis Zwei“: Eintrag {real.pk} (Nr. 2): folgt auf Einträge ohne Schlüssel "
        "(ab Nr. 1), die nicht versiegelt wurden"
    ) in extended
    assert "Kreis Test" not in extended


def test_audit_record_refuses_to_write_a_seal(region):
    with pytest.raises(ValueError, match="core/0012"):
        audit_record(actor=None, verb=SEAL_VERB, target=region)


# (b) The newest entries removed ---------------------------------------------------------------


def test_verify_finds_removed_newest_entries_against_the_checkpoint(region, checkpoint_dir):
    # Given a checkpoint of a chain of five entries
    entries = record(region, 5)
    checkpoint()

    # When the owner removes the two newest
    delete(*entries[3:])

    # Then the chain alone is still good, but it is shorter than the checkpoint
    error = verify_error()
    assert error.startswith("Prüfprotokoll beschädigt:\nKette „Kreis Test“: die Kette endet bei")
    assert "endet bei Nr. 3, der Prüfpunkt vom " in error
    assert "kennt schon Nr. 5: die neuesten Einträge wurden entfernt" in error


def test_verify_finds_a_whole_chain_removed(region, other_region):
    record(region, 2)
    gone = record(other_region, 2)
    checkpoint()

    delete(*gone)

    assert "Kette „Kreis Zwei“: die Kette endet bei Nr. 0" in verify_error()


def test_verify_finds_a_removed_and_rewritten_tail(region):
    # Given the owner removes the newest entries after a checkpoint and the application then
    # writes new ones, so that the chain has its old length again
    entries = record(region, 4)
    checkpoint()
    delete(*entries[2:])
    replaced = record(region, 2)

    error = verify_error()

    assert f"Eintrag {replaced[1].pk} (Nr. 4): Hash weicht vom Prüfpunkt vom " in error


def test_entries_after_the_last_checkpoint_may_be_removed_unnoticed(region):
    # The limit of a daily checkpoint, stated so that nobody expects more: what was written
    # since the last checkpoint is not anchored yet.
    record(region, 2)
    checkpoint()
    later = record(region, 2)

    delete(*later)

    assert verify().startswith("Prüfprotokoll unversehrt: 2 Einträge in 1 Kette")


def test_verify_refuses_a_checkpoint_line_that_was_changed(region, checkpoint_dir):
    record(region, 3)
    checkpoint()
    path = checkpoint_dir / FILE_NAME
    line = json.loads(path.read_text())
    line["sequence"] = 2
    path.write_text(json.dumps(line) + "\n")

    error = verify_error()

    assert f"Prüfpunkt-Datei {path}, Zeile 1: Signatur falsch" in error


def test_verify_refuses_a_checkpoint_written_without_the_key(region, checkpoint_dir):
    # Given someone writes a checkpoint that would hide a removed tail, signed with a guess
    record(region, 1)
    checkpoint_dir.mkdir()
    (checkpoint_dir / FILE_NAME).write_text(
        json.dumps(
            {
                "chain": str(region.pk),
                "sequence": 1,
                "hash": "0" * 64,
                "time": "2026-12-01T00:00:00+00:00",
                "key_id": "0" * 16,
                "signature": "0" * 64,
            }
        )
        + "\nnot json\n"
    )

    error = verify_error()

    assert "Zeile 1: mit einem unbekannten Schlüssel (0000000000000000) signiert" in error
    assert "Zeile 2: " in error


def test_checkpoint_signs_no_broken_chain(region, other_region, checkpoint_dir):
    # Given one good chain and one with a forged entry
    record(region, 2)
    head = record(other_region)[-1]
    forged = follower(head)
    forged.hash = audit_hash([getattr(forged, name) for name in HASHED_FIELDS])
    insert(forged)

    with pytest.raises(CommandError, match="Kein Prüfpunkt für beschädigte Ketten:\nKette „Kreis"):
        checkpoint()

    lines = (checkpoint_dir / FILE_NAME).read_text().splitlines()
    assert [json.loads(line)["chain"] for line in lines] == [str(region.pk)]


def test_checkpoint_refuses_a_chain_shorter_than_its_last_checkpoint(region):
    entries = record(region, 3)
    checkpoint()
    delete(entries[2])

    with pytest.raises(CommandError, match="die neuesten Einträge wurden entfernt"):
        checkpoint()


def test_checkpoint_needs_a_folder(settings, db):
    settings.LOTSE_AUDIT_CHECKPOINT_DIR = ""

    with pytest.raises(CommandError, match="LOTSE_AUDIT_CHECKPOINT_DIR ist leer"):
        checkpoint()


# (c) Key rotation -----------------------------------------------------------------------------


def test_rotation_old_and_new_entries_verify(settings, region, checkpoint_dir):
    # Given entries and a checkpoint signed with the old key
    settings.LOTSE_AUDIT_KEYS = [OLD_KEY]
    old = record(region, 2)
    checkpoint()

    # When a new key goes first and more entries follow
    settings.LOTSE_AUDIT_KEYS = [NEW_KEY, OLD_KEY]
    new = record(region, 2)
    checkpoint()

    # Then each entry names its key, and everything verifies
    assert {e.key_id for e in old} == {audit_key_id(OLD_KEY.encode())}
    assert {e.key_id for e in new} == {audit_key_id(NEW_KEY.encode())}
    assert new[0].previous_hash == old[-1].hash
    key_ids = [json.loads(line)["key_id"] for line in (checkpoint_dir / FILE_NAME).open()]
    assert key_ids == [audit_key_id(OLD_KEY.encode()), audit_key_id(NEW_KEY.encode())]
    assert verify().startswith("Prüfprotokoll unversehrt: 4 Einträge in 1 Kette\n")


def test_rotation_an_old_key_removed_too_early_is_reported(settings, region):
    settings.LOTSE_AUDIT_KEYS = [OLD_KEY]
    old = record(region)
    settings.LOTSE_AUDIT_KEYS = [NEW_KEY]
    record(region)

    error = verify_error()

    assert f"Eintrag {old[0].pk} (Nr. 1): mit einem unbekannten Schlüssel" in error
    assert "ein alter Schlüssel wurde entfernt" in error


def test_keys_must_be_set_and_long_enough(settings, region):
    settings.LOTSE_AUDIT_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="LOTSE_AUDIT_KEYS must be set"):
        record(region)

    settings.LOTSE_AUDIT_KEYS = ["short"]
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        record(region)


def test_checks_refuse_short_keys_always_and_missing_ones_for_deployment(settings):
    settings.LOTSE_AUDIT_KEYS = ["short"]
    assert [m.id for m in run_checks() if m.id and m.id.startswith("core.E00")] == ["core.E001"]

    settings.LOTSE_AUDIT_KEYS = []
    assert not [m for m in run_checks() if m.id == "core.E001"]
    deploy = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "core.E001" in deploy

    settings.LOTSE_AUDIT_KEYS = [NEW_KEY]
    settings.LOTSE_AUDIT_CHECKPOINT_DIR = ""
    assert "core.E002" in [m.id for m in run_checks(include_deployment_checks=True)]


# Entries from before the key -----------------------------------------------------------------


def unkeyed(region: Area | None, n: int) -> list[AuditEntry]:
    """Entries as the code before the key wrote them."""
    entries, previous = [], GENESIS_HASH
    for sequence in range(1, n + 1):
        entry = AuditEntry(
            created_at=timezone.now(),
            region=region,
            sequence=sequence,
            verb="person.viewed",
            target_type="people.Person",
            target_id="1",
            previous_hash=previous,
        )
        entry.hash = previous = audit_hash([getattr(entry, name) for name in HASHED_FIELDS])
        entries.append(insert(entry))
    return entries


def test_seal_migration_keeps_old_entries_verifying(region):
    # Given chains written before the key
    old_region, old_global = unkeyed(region, 3), unkeyed(None, 2)

    importlib.import_module(SEAL).seal_unkeyed_chains(apps, None)
    later = record(region)

    seals = list(AuditEntry.objects.filter(verb=SEAL_VERB).order_by("region_id"))
    assert {(s.region_id, s.sequence) for s in seals} == {(region.pk, 4), (None, 3)}
    by_chain = {s.region_id: s for s in seals}
    assert by_chain[region.pk].previous_hash == old_region[-1].hash
    assert by_chain[None].previous_hash == old_global[-1].hash
    assert later[0].sequence == 5
    assert verify().startswith("Prüfprotokoll unversehrt: 8 Einträge in 2 Ketten\n")


def test_seal_migration_seals_once_and_only_what_needs_it(region, other_region):
    unkeyed(region, 1)
    record(other_region)
    seal = importlib.import_module(SEAL)

    seal.seal_unkeyed_chains(apps, None)
    seal.seal_unkeyed_chains(apps, None)

    assert list(AuditEntry.objects.filter(verb=SEAL_VERB).values_list("region_id", flat=True)) == [
        region.pk
    ]


def test_unkeyed_entries_without_a_seal_do_not_verify(region):
    unkeyed(region, 2)

    assert "Einträge ohne Schlüssel ab Nr. 1 bis zum Ende der Kette, nicht versiegelt" in (
        verify_error()
    )


def test_seal_migration_needs_the_key_only_when_there_are_entries(settings, region):
    settings.LOTSE_AUDIT_KEYS = []
    seal = importlib.import_module(SEAL)
    seal.seal_unkeyed_chains(apps, None)

    unkeyed(region, 1)
    with pytest.raises(ImproperlyConfigured, match="LOTSE_AUDIT_KEYS must be set"):
        seal.seal_unkeyed_chains(apps, None)


def test_seal_migration_refuses_to_go_back_once_entries_carry_a_key(region):
    seal = importlib.import_module(SEAL)
    unkeyed(region, 1)
    seal.refuse_when_keyed(apps, None)

    record(region)

    with pytest.raises(RuntimeError, match="would drop their key_id"):
        seal.refuse_when_keyed(apps, None)


def test_seal_migration_copies_agree_with_the_code():
    seal = importlib.import_module(SEAL)
    values = [
        uuid.uuid4(),
        7,
        dt.datetime(2026, 3, 29, 2, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        None,
        "person.viewed",
        "people.Person",
        str(uuid.uuid4()),
        "Beratung",
        'Frau Müller, "Pflegegrad 2" 😊',
        GENESIS_HASH,
        "0123456789abcdef",
    ]

    assert seal.KEYED_FIELDS == KEYED_FIELDS
    assert seal.SEAL_VERB == SEAL_VERB
    assert (seal.ENTRY_DOMAIN, seal.KEY_ID_DOMAIN) == (audit.ENTRY_DOMAIN, audit.KEY_ID_DOMAIN)
    assert seal.audit_key_id(NEW_KEY.encode()) == audit_key_id(NEW_KEY.encode())
    assert seal.audit_hmac(values, NEW_KEY.encode()) == audit_hmac(values, NEW_KEY.encode())


# (d) Normal operation -------------------------------------------------------------------------


def test_checkpoints_and_verify_in_normal_operation(region, other_region, checkpoint_dir):
    # Given two chains checkpointed, more entries in one, and a second checkpoint
    record(region, 3)
    record(other_region, 1)
    audit_record(actor=None, verb="offer.created", target=User.objects.create_user("a@test.de"))
    first = checkpoint()
    record(region, 2)
    second = checkpoint()
    third = checkpoint()

    out = verify()

    assert first.startswith("Prüfpunkte geschrieben: 3, Ketten unverändert: 0 (")
    assert second.startswith("Prüfpunkte geschrieben: 1, Ketten unverändert: 2 (")
    assert third.startswith("Prüfpunkte geschrieben: 0, Ketten unverändert: 3 (")
    lines = [json.loads(line) for line in (checkpoint_dir / FILE_NAME).open()]
    assert [(line["chain"], line["sequence"]) for line in lines][-1] == (str(region.pk), 5)
    assert {line["chain"] for line in lines} == {str(region.pk), str(other_region.pk), "global"}
    assert out.splitlines()[0] == "Prüfprotokoll unversehrt: 7 Einträge in 3 Ketten"
    assert out.splitlines()[1].startswith("Prüfpunkte: 4 bestätigt, der neueste vom ")


def test_verify_says_when_there_are_no_checkpoints(settings, region, checkpoint_dir):
    record(region)

    assert verify().splitlines()[1] == f"Prüfpunkte: keine in {checkpoint_dir / FILE_NAME}"
    settings.LOTSE_AUDIT_CHECKPOINT_DIR = ""
    assert verify().splitlines()[1] == "Prüfpunkte: keine, LOTSE_AUDIT_CHECKPOINT_DIR ist leer"


def test_verify_warns_when_the_newest_checkpoint_is_old(region, monkeypatch):
    record(region)
    checkpoint()
    later = timezone.now() + dt.timedelta(days=3)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    err = StringIO()

    call_command("audit_verify", stdout=StringIO(), stderr=err)

    assert "älter als zwei Tage" in err.getvalue()


def test_audit_record_costs_no_more_queries_than_before(region):
    record(region)

    with CaptureQueriesContext(connection) as queries:
        record(region)

    # The head and the insert; PostgreSQL also takes the chain's advisory lock.
    assert len(queries) == (3 if connection.vendor == "postgresql" else 2)
