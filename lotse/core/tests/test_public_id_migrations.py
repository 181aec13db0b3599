"""The migrations that gave users, memberships, consultation hours and closures a UUID for their
addresses: rows that existed before each get an id of their own, then the field is unique."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# (app, its migration before the ids, its last migration)
CASES = [
    ("accounts", "0002_add_invitation", "0004_user_public_id_unique"),
    ("core", "0008_audit_entry_german_names", "0010_membership_public_id_unique"),
    ("office", "0001_add_office_and_appointment", "0003_hour_and_closure_public_ids_unique"),
]


@pytest.fixture(autouse=True)
def every_migration_applied_afterwards(transactional_db):
    # Later tests need the whole schema: migrating an app back also unapplies the migrations
    # of other apps that depend on it, and migrating it forward again does not reapply them.
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(app: str, name: str):
    executor = MigrationExecutor(connection)
    executor.migrate([(app, name)])
    executor.loader.build_graph()
    # The models as the database has them now: every applied migration (another app's newest
    # migration may depend on a later one of this app and is then unapplied as well).
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _old_rows(app: str, apps) -> list:
    """Rows written before the migration, with the models as they were then."""
    user_model = apps.get_model("accounts", "User")
    users = [user_model.objects.create(email=f"alt{n}@test.de", password="") for n in range(3)]
    if app == "accounts":
        return users
    region = apps.get_model("core", "Area").objects.create(
        name="Kreis", slug="kreis", kind="region"
    )
    organisation = apps.get_model("core", "Organisation").objects.create(
        name="Büro", region=region, kind="office"
    )
    if app == "core":
        membership = apps.get_model("core", "Membership")
        return [
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
    return [
        hour.objects.create(office=office, byday="MO", opens_at=dt.time(9), closes_at=dt.time(12)),
        hour.objects.create(office=office, byday="TU", opens_at=dt.time(9), closes_at=dt.time(12)),
        closure.objects.create(
            office=office, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2026, 12, 31)
        ),
    ]


@pytest.mark.parametrize(("app", "before", "last"), CASES)
def test_existing_rows_get_their_own_public_id(transactional_db, app, before, last):
    old_apps = _migrate(app, before)
    rows = _old_rows(app, old_apps)

    new_apps = _migrate(app, last)

    ids = [
        new_apps.get_model(app, type(row).__name__).objects.get(pk=row.pk).public_id for row in rows
    ]
    assert None not in ids
    assert len(set(ids)) == len(rows)
