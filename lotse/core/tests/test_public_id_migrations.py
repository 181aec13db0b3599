"""The migrations that gave users, memberships, consultation hours and closures a UUID for their
addresses: rows that existed before each get an id of their own, then the field is unique."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# (app, its migration before the ids): the three apps are taken back together and brought
# forward once (each walk back and forth re-renders every later migration: about 15 s each).
BEFORE = [
    ("accounts", "0002_add_invitation"),
    ("core", "0008_audit_entry_german_names"),
    ("office", "0001_add_office_and_appointment"),
]


@pytest.fixture(autouse=True)
def every_migration_applied_afterwards(transactional_db):
    # Later tests need the whole schema, also when this test fails half-way.
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    # The models as the database has them now: every applied migration (another app's newest
    # migration may depend on a later one of this app and is then unapplied as well).
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _old_rows(apps) -> dict[str, list]:
    """Rows of each model written before its migration, with the models as they were then."""
    user_model = apps.get_model("accounts", "User")
    users = [user_model.objects.create(email=f"alt{n}@test.de", password="") for n in range(3)]
    region = apps.get_model("core", "Area").objects.create(
        name="Kreis", slug="kreis", kind="region"
    )
    organisation = apps.get_model("core", "Organisation").objects.create(
        name="Büro", region=region, kind="office"
    )
    membership = apps.get_model("core", "Membership")
    memberships = [
        membership.objects.create(user=user, organisation=organisation, role="office_staff")
        for user in users
    ]
    office = apps.get_model("office", "Office").objects.create(
        organisation=organisation, quarter=region, slug="buero", name="Büro"
    )
    hour, closure = (
        apps.get_model("office", "ConsultationHour"),
        apps.get_model("office", "OfficeClosure"),
    )
    return {
        "accounts.User": users,
        "core.Membership": memberships,
        "office.ConsultationHour": [
            hour.objects.create(
                office=office, byday="MO", opens_at=dt.time(9), closes_at=dt.time(12)
            ),
            hour.objects.create(
                office=office, byday="TU", opens_at=dt.time(9), closes_at=dt.time(12)
            ),
        ],
        "office.OfficeClosure": [
            closure.objects.create(
                office=office, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2026, 12, 31)
            )
        ],
    }


@pytest.mark.exhaustive
def test_existing_rows_get_their_own_public_id(transactional_db):
    old_apps = _migrate(BEFORE)
    assert not any(
        hasattr(old_apps.get_model(label), "public_id")
        for label in ("accounts.User", "core.Membership", "office.ConsultationHour")
    )
    rows = _old_rows(old_apps)

    new_apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    for label, old in rows.items():
        model = new_apps.get_model(label)
        ids = [model.objects.get(pk=row.pk).public_id for row in old]
        assert None not in ids, label
        assert len(set(ids)) == len(old), label
