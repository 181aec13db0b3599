"""The database refuses to change or delete audit entries, whoever asks, on both databases.

PostgreSQL: a row trigger for UPDATE and DELETE and a statement trigger for TRUNCATE raise
restrict_violation (Django: IntegrityError). The table owner or a superuser can still drop or
disable the triggers, so production runs the application as a role that owns nothing (README).
SQLite: two triggers RAISE(ABORT), which also ends in IntegrityError.

lotse.core.audit.APPEND_ONLY_TRIGGERS names these triggers, and `manage.py audit_verify`
fails when one is missing. Watch out on SQLite: a later migration that makes Django rebuild
core_auditentry (most AlterField operations) drops the triggers with the old table; such a
migration must create them again (the test suite checks that they exist).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION core_auditentry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'core_auditentry is append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change()
    """,
    """
    CREATE TRIGGER core_auditentry_no_truncate
    BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse_change()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER core_auditentry_no_truncate ON core_auditentry",
    "DROP TRIGGER core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION core_auditentry_refuse_change()",
]
SQLITE_FORWARD = [
    """
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: DELETE refused'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER core_auditentry_no_delete",
    "DROP TRIGGER core_auditentry_no_update",
]


def _run(postgres, sqlite):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = {"postgresql": postgres, "sqlite": sqlite}.get(vendor)
        if statements is None:
            raise NotImplementedError(f"No append-only triggers for {vendor}.")
        for statement in statements:
            # No parameters: the % in the PL/pgSQL body is not a placeholder.
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_add_audit_chain_constraints"),
    ]

    operations = [
        migrations.RunPython(
            _run(POSTGRES_FORWARD, SQLITE_FORWARD), _run(POSTGRES_BACKWARD, SQLITE_BACKWARD)
        )
    ]
