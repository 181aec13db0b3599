import datetime as dt
import importlib
import threading
import uuid
from collections.abc import Sequence
from io import StringIO

import psycopg
import pytest
from django.apps import apps
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.audit import (
    APPEND_ONLY_TRIGGERS,
    GENESIS_HASH,
    HASHED_FIELDS,
    KEYED_FIELDS,
    audit_hash,
    audit_hmac,
    audit_keys,
    audit_record,
)
from lotse.core.models import AuditEntry
from lotse.core.tests.audit_support import audit_triggers_suspended


def postgres_only(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason=f"PostgreSQL only: {reason}"
    )


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.LOTSE_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


@pytest.fixture
def actor(db) -> User:
    return User.objects.create_user("lotse@test.de")


@pytest.fixture
def chain(region, actor) -> list[AuditEntry]:
    """Five entries: four in the test region's chain, which it returns, one in the global chain."""
    entries = [
        audit_record(actor=actor, verb="person.viewed", target=region, purpose="Beratung"),
        audit_record(actor=actor, verb="person.changed", target=region, note="Telefon"),
        audit_record(actor=None, verb="offer.created", target=actor),
        audit_record(actor=actor, verb="referral.sent", target=region, purpose="Weitervermittlung"),
        audit_record(actor=actor, verb="person.exported", target=region, note="CSV, 1"),
    ]
    return [entry for entry in entries if entry.region_id == region.pk]


def verify() -> str:
    """The verdict on the chains (the first line; the second speaks of the checkpoints)."""
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue().splitlines(keepends=True)[0]


def raw(sql: str, params: Sequence[int | str] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_record_links_the_entries_of_a_chain(chain):
    stored = list(AuditEntry.objects.filter(region=chain[0].region).order_by("sequence"))

    assert [entry.sequence for entry in stored] == [1, 2, 3, 4]
    assert stored[0].previous_hash == GENESIS_HASH
    for before, entry in zip(stored, stored[1:], strict=False):
        assert entry.previous_hash == before.hash
    key = audit_keys()[0]
    for entry in stored:
        assert entry.key_id == key.key_id
        assert entry.hash == audit_hmac([getattr(entry, n) for n in KEYED_FIELDS], key.secret)
    assert len({entry.hash for entry in stored}) == 4


def test_audit_record_keeps_the_purpose(chain):
    entry = AuditEntry.objects.get(pk=chain[0].pk)

    assert entry.purpose == "Beratung"
    assert AuditEntry.objects.get(pk=chain[1].pk).purpose == ""


def test_audit_record_chains_by_region_and_globally_without_one(region, provider_org, actor):
    by_region = audit_record(actor=actor, verb="organisation.changed", target=provider_org)
    by_area = audit_record(actor=actor, verb="directory.imported", target=region)
    without_region = audit_record(actor=actor, verb="offer.created", target=actor)

    assert (by_region.region_id, by_region.sequence) == (region.pk, 1)
    assert (by_area.region_id, by_area.sequence) == (region.pk, 2)
    assert (without_region.region_id, without_region.sequence) == (None, 1)


def test_audit_hash_agrees_with_the_copy_in_the_migration():
    migration = importlib.import_module("lotse.core.migrations.0005_link_existing_audit_entries")
    values = [
        uuid.uuid4(),
        7,
        dt.datetime(2026, 3, 29, 2, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        12,
        "person.viewed",
        "people.Person",
        str(uuid.uuid4()),
        "Beratung",
        'Frau Müller, "Pflegegrad 2" 😊',
        GENESIS_HASH,
    ]

    assert migration.HASHED_FIELDS == HASHED_FIELDS
    assert migration.GENESIS_HASH == GENESIS_HASH
    assert migration.audit_hash(values) == audit_hash(values)
    assert audit_hash([None, *values[1:3], None, *values[4:]]) == migration.audit_hash(
        [None, *values[1:3], None, *values[4:]]
    )


def test_migration_links_existing_entries_into_the_global_chain(actor):
    # Given entries from before the chain, with placeholder links
    start = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            created_at=start - dt.timedelta(minutes=minutes),
            sequence=100 + minutes,
            actor=actor,
            verb="offer.updated",
            target_type="directory.Service",
            target_id="1",
            previous_hash="",
            hash="",
        )
        for minutes in (1, 3, 2)
    )
    migration = importlib.import_module("lotse.core.migrations.0005_link_existing_audit_entries")
    seal = importlib.import_module("lotse.core.migrations.0012_seal_unkeyed_audit_chains")

    with audit_triggers_suspended():
        migration.link_existing_entries(apps, None)
    seal.seal_unkeyed_chains(apps, None)

    stored = list(AuditEntry.objects.order_by("sequence"))
    assert [entry.sequence for entry in stored] == [1, 2, 3, 4]
    assert [e.created_at for e in stored[:3]] == sorted(e.created_at for e in stored[:3])
    assert [entry.key_id is None for entry in stored] == [True, True, True, False]
    assert "unversehrt: 4 Einträge in 1 Kette" in verify()


def test_audit_verify_passes_on_an_intact_log(chain):
    assert verify() == "Prüfprotokoll unversehrt: 5 Einträge in 2 Ketten\n"


def test_audit_verify_passes_on_an_empty_log(db):
    assert verify() == "Prüfprotokoll unversehrt: 0 Einträge in 0 Ketten\n"


def test_audit_verify_prints_the_last_hash_of_each_chain_when_asked(chain):
    out = StringIO()

    call_command("audit_verify", stdout=out, verbosity=2)

    assert f"Kette „Kreis Test“: 4 Einträge, letzter Hash {chain[-1].hash}" in out.getvalue()
    assert "Globale Kette: 1 Eintrag, letzter Hash" in out.getvalue()


def test_audit_verify_reports_an_edited_entry(chain):
    edited = chain[1]
    with audit_triggers_suspended():
        raw("UPDATE core_auditentry SET note = %s WHERE id = %s", ["Adresse", edited.pk])

    with pytest.raises(CommandError) as error:
        verify()

    assert str(error.value) == (
        "Prüfprotokoll beschädigt:\n"
        f"Kette „Kreis Test“: Eintrag {edited.pk} (Nr. 2): "
        "Hash passt nicht zum Inhalt und Schlüssel, der Eintrag wurde verändert "
        "oder ohne den Schlüssel geschrieben"
    )


def test_audit_verify_reports_an_edited_entry_whose_hash_was_recomputed(chain):
    # Without the key the editor can only compute a plain SHA-256 (or some other key's HMAC)
    edited = chain[1]
    edited.note = "Adresse"
    forged = audit_hash([getattr(edited, name) for name in HASHED_FIELDS])
    with audit_triggers_suspended():
        raw(
            "UPDATE core_auditentry SET note = %s, hash = %s WHERE id = %s",
            ["Adresse", forged, edited.pk],
        )

    with pytest.raises(CommandError, match=f"Eintrag {edited.pk} \\(Nr. 2\\): Hash passt nicht"):
        verify()


def test_audit_verify_reports_a_deleted_entry(chain):
    with audit_triggers_suspended():
        raw("DELETE FROM core_auditentry WHERE id = %s", [chain[1].pk])

    with pytest.raises(CommandError) as error:
        verify()

    assert (
        f"Eintrag {chain[2].pk} (Nr. 3): Lücke davor: Nr. 2 fehlt; "
        "Vorgänger-Hash passt nicht zum Eintrag davor"
    ) in str(error.value)


def test_audit_verify_reports_reordered_entries(chain):
    second, third = chain[1], chain[2]
    with audit_triggers_suspended():
        raw("UPDATE core_auditentry SET sequence = 1000 WHERE id = %s", [second.pk])
        raw("UPDATE core_auditentry SET sequence = 2 WHERE id = %s", [third.pk])
        raw("UPDATE core_auditentry SET sequence = 3 WHERE id = %s", [second.pk])

    with pytest.raises(CommandError) as error:
        verify()

    assert (
        f"Eintrag {third.pk} (Nr. 2): Vorgänger-Hash passt nicht zum Eintrag davor; "
        "Hash passt nicht zum Inhalt"
    ) in str(error.value)


def test_audit_verify_reports_a_missing_trigger(chain):
    name = APPEND_ONLY_TRIGGERS[connection.vendor][0]
    suffix = " ON core_auditentry" if connection.vendor == "postgresql" else ""

    with transaction.atomic():
        raw(f"DROP TRIGGER {name}{suffix}")
        with pytest.raises(CommandError, match=f"Schutz fehlt: Trigger {name}"):
            verify()
        transaction.set_rollback(True)


def test_append_only_triggers_exist_after_all_migrations(db):
    # A migration that makes Django rebuild the table on SQLite would drop them silently.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {name for (name,) in cursor.fetchall()}

    assert set(APPEND_ONLY_TRIGGERS[connection.vendor]) <= names


def test_audit_entries_cannot_be_changed_through_the_orm(chain):
    entry = chain[0]
    entry.note = "geändert"

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="Neugier")

    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_audit_entries_cannot_be_deleted_through_the_orm(chain):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        chain[0].delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.count() == 5


def test_audit_entries_cannot_be_changed_or_deleted_with_raw_sql(chain):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("UPDATE core_auditentry SET note = %s", ["geändert"])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("DELETE FROM core_auditentry WHERE id = %s", [chain[0].pk])

    assert AuditEntry.objects.count() == 5
    assert "unversehrt" in verify()


@postgres_only("SQLite has no TRUNCATE")
def test_audit_entries_cannot_be_truncated_on_postgresql(chain):
    # TRUNCATE refuses while deferred foreign-key checks are pending; run them first.
    raw("SET CONSTRAINTS ALL IMMEDIATE")

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("TRUNCATE core_auditentry")

    assert AuditEntry.objects.count() == 5


def test_actor_with_audit_entries_cannot_be_deleted(chain, actor):
    with pytest.raises(ProtectedError):
        actor.delete()


def test_admin_shows_audit_entries_read_only(chain, client, rf, with_totp):
    admin = User.objects.create_superuser("admin@test.de")
    with_totp(admin)  # the admin opens only with a second factor
    client.force_login(admin)
    model_admin = site.get_model_admin(AuditEntry)
    request = rf.get("/")
    request.user = admin

    listing = client.get(reverse("admin:core_auditentry_changelist"))
    page = client.get(reverse("admin:core_auditentry_change", args=[chain[0].pk]))

    assert listing.status_code == 200
    assert page.status_code == 200
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, chain[0])
    assert not model_admin.has_delete_permission(request, chain[0])
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[chain[0].pk])).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=chain[0].pk).exists()


@postgres_only("SQLite runs one writer at a time, so appends cannot race there")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_each_chain_gap_free_on_postgresql(region):
    # Given eight connections that append at the same moment to a region chain and the global one
    threads, rounds = 8, 15
    start = threading.Barrier(threads)
    errors: list[Exception] = []
    other = User.objects.create_user("ohne-region@test.de")

    def append(worker: int) -> None:
        try:
            start.wait()
            for i in range(rounds):
                audit_record(actor=None, verb="person.viewed", target=region, note=f"{worker}-{i}")
                audit_record(actor=None, verb="offer.updated", target=other, note=f"{worker}-{i}")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    # When
    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    # Then
    assert errors == []
    for region_id in (region.pk, None):
        sequences = AuditEntry.objects.filter(region_id=region_id).values_list(
            "sequence", flat=True
        )
        assert sorted(sequences) == list(range(1, threads * rounds + 1))
    assert verify() == f"Prüfprotokoll unversehrt: {2 * threads * rounds} Einträge in 2 Ketten\n"


@postgres_only("SQLite has no database roles")
@pytest.mark.django_db(transaction=True)
def test_application_role_cannot_change_or_delete_audit_entries_on_postgresql(region):
    # Given a login role with the privileges the production application user has, which may
    # append an entry with a correct plain SHA-256 but cannot sign it without the audit key
    entry = audit_record(actor=None, verb="person.viewed", target=region, purpose="Beratung")
    role = f"lotse_app_test_{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    database = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    follower = AuditEntry(
        created_at=timezone.now(),
        region=region,
        sequence=entry.sequence + 1,
        verb="person.viewed",
        target_type=entry.target_type,
        target_id=entry.target_id,
        purpose="Beratung",
        previous_hash=entry.hash,
    )
    follower.hash = audit_hash([getattr(follower, name) for name in HASHED_FIELDS])
    try:
        with psycopg.connect(
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            dbname=database["NAME"],
            user=role,
            password=password,
            autocommit=True,
        ) as app:
            # When it appends, changes, deletes and tries to switch the protection off
            app.execute(
                "INSERT INTO core_auditentry (created_at, region_id, sequence, verb, target_type,"
                " target_id, purpose, note, previous_hash, hash)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, '', %s, %s)",
                [
                    follower.created_at,
                    region.pk,
                    follower.sequence,
                    follower.verb,
                    follower.target_type,
                    follower.target_id,
                    follower.purpose,
                    follower.previous_hash,
                    follower.hash,
                ],
            )
            # Then only the append succeeds
            with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
                app.execute(
                    "UPDATE core_auditentry SET note = 'geändert' WHERE id = %s", [entry.pk]
                )
            with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
                app.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("TRUNCATE core_auditentry")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("DROP TRIGGER core_auditentry_append_only ON core_auditentry")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("SET session_replication_role = replica")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")

    assert AuditEntry.objects.get(pk=entry.pk).note == ""
    forged = AuditEntry.objects.get(region=region, sequence=2)
    with pytest.raises(CommandError) as error:
        verify()
    assert str(error.value) == (
        "Prüfprotokoll beschädigt:\n"
        f"Kette „Kreis Test“: Eintrag {forged.pk} (Nr. 2): "
        "ohne Schlüssel geschrieben nach Einträgen mit Schlüssel: eingeschoben"
    )
