"""Test support for the append-only audit log (migration core/0007).

Django empties the test database after every transactional test (`transaction=True`, the live
server of the browser tests) with TRUNCATE or DELETE FROM on every table, which the audit log's
triggers refuse. `audit_log_flushable` lifts them for that moment; the root conftest.py should
import it (`from lotse.core.tests.audit_support import audit_log_flushable  # noqa: F401`) so
that every transactional test in the suite can flush.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations

# Not read from AuditEntry: as a plugin (`pytest -p`) this module loads before Django is set up.
TABLE = "core_auditentry"


@contextmanager
def audit_triggers_suspended(
    connection: BaseDatabaseWrapper = default_connection,
) -> Iterator[None]:
    """Lets the block change audit entries; needs the table owner, which the tests are.

    Runs in a transaction (DDL is transactional on both databases), so the triggers come back
    even when the block fails.
    """
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while checks of deferred foreign keys are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            yield
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in triggers:
                cursor.execute(sql)


@pytest.fixture(autouse=True, scope="session")
def audit_log_flushable() -> Iterator[None]:
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        if not any(TABLE in sql for sql in sql_list):
            return original(self, sql_list)
        with audit_triggers_suspended(self.connection):
            original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield
