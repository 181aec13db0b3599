"""Walks every chain of the audit log in order and checks each entry (see AuditEntry).

Exits with 1 and names the first broken entry of each chain when an entry was changed,
removed, moved or inserted without the key (LOTSE_AUDIT_KEYS), when a chain is shorter than a
signed checkpoint says (its newest entries were removed; `audit_checkpoint`), when a line of the
checkpoint file is not signed with one of the keys, or when a trigger that keeps the log
append-only is missing. `-v 2` prints each chain's last hash. Streams the rows, so it runs in
constant memory.
"""

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from lotse.core.audit import (
    APPEND_ONLY_TRIGGERS,
    anchors_by_chain,
    audit_chain_walk,
    audit_chains,
)
from lotse.core.audit_checkpoints import checkpoint_path, checkpoints_read
from lotse.core.models import AuditEntry

# Checkpoints are written daily; an older newest one means the cron job stopped.
STALE_AFTER = dt.timedelta(days=2)


class Command(BaseCommand):
    help = (
        "Prüft die Ketten des Prüfprotokolls mit ihren Schlüsseln und Prüfpunkten und meldet "
        "den ersten Bruch jeder Kette."
    )

    def handle(self, *args, **options) -> None:
        try:
            self._handle(options)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error

    def _handle(self, options: dict) -> None:
        problems = _missing_triggers()
        checkpoint_file = checkpoints_read()
        problems += checkpoint_file.problems
        anchors = anchors_by_chain((c.region_id, c.anchor) for c in checkpoint_file.checkpoints)
        chains = audit_chains(extra=anchors)
        total = 0
        for region_id, label in chains:
            walk = audit_chain_walk(region_id, anchors=anchors.get(region_id, ()))
            total += walk.sequence
            if walk.problem:
                problems.append(f"{label}: {walk.problem}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{label}: {_entries(walk.sequence)}, letzter Hash {walk.hash}")
        if problems:
            raise CommandError("Prüfprotokoll beschädigt:\n" + "\n".join(problems))
        count = "1 Kette" if len(chains) == 1 else f"{len(chains)} Ketten"
        self.stdout.write(f"Prüfprotokoll unversehrt: {_entries(total)} in {count}")
        self._report_checkpoints([c.anchor.time for c in checkpoint_file.checkpoints])

    def _report_checkpoints(self, times: list[dt.datetime]) -> None:
        path = checkpoint_path()
        if path is None:
            self.stdout.write("Prüfpunkte: keine, LOTSE_AUDIT_CHECKPOINT_DIR ist leer")
            return
        if not times:
            self.stdout.write(f"Prüfpunkte: keine in {path}")
            return
        newest = max(times)
        self.stdout.write(
            f"Prüfpunkte: {len(times)} bestätigt, der neueste vom "
            f"{newest.astimezone(dt.UTC):%d.%m.%Y %H:%M} UTC"
        )
        if timezone.now() - newest > STALE_AFTER:
            self.stderr.write(
                "Warnung: der neueste Prüfpunkt ist älter als zwei Tage; läuft "
                "audit_checkpoint noch täglich?"
            )


def _entries(count: int) -> str:
    return "1 Eintrag" if count == 1 else f"{count} Einträge"


def _missing_triggers() -> list[str]:
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # 'O' and 'A': enabled; 'D' is disabled and 'R' fires only on replicas.
            cursor.execute(
                "SELECT tgname FROM pg_trigger"
                " WHERE tgrelid = %s::regclass AND tgenabled IN ('O', 'A')",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        present = {name for (name,) in cursor.fetchall()}
    return [
        f"Schutz fehlt: Trigger {name} ist nicht vorhanden oder abgeschaltet, "
        "Einträge könnten geändert oder gelöscht werden"
        for name in APPEND_ONLY_TRIGGERS.get(connection.vendor, ())
        if name not in present
    ]
