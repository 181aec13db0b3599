"""Walks every chain of the audit log in order and recomputes each hash (see AuditEntry).

Exits with 1 and names the first broken entry of each chain when an entry was changed,
removed or moved, or when a trigger that keeps the log append-only is missing. Removing the
newest entries of a chain leaves no gap; `-v 2` prints each chain's last hash so that a copy
kept elsewhere can show that too. Streams the rows, so it runs in constant memory.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lotse.core.audit import APPEND_ONLY_TRIGGERS, GENESIS_HASH, HASHED_FIELDS, audit_hash
from lotse.core.models import Area, AuditEntry

CHUNK = 5000
SEQUENCE = HASHED_FIELDS.index("sequence")
PREVIOUS_HASH = HASHED_FIELDS.index("previous_hash")


class Command(BaseCommand):
    help = "Prüft die Hash-Ketten des Prüfprotokolls und meldet den ersten Bruch jeder Kette."

    def handle(self, *args, **options) -> None:
        problems = _missing_triggers()
        region_ids = list(
            AuditEntry.objects.order_by().values_list("region_id", flat=True).distinct()
        )
        names = dict(
            Area.objects.filter(pk__in=[r for r in region_ids if r]).values_list("pk", "name")
        )
        region_ids.sort(key=lambda r: (r is not None, names.get(r, ""), str(r)))
        total = 0
        for region_id in region_ids:
            label = f"Kette „{names.get(region_id, region_id)}“" if region_id else "Globale Kette"
            count, last_hash, problem = _walk(region_id)
            total += count
            if problem:
                problems.append(f"{label}: {problem}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{label}: {_entries(count)}, letzter Hash {last_hash}")
        if problems:
            raise CommandError("Prüfprotokoll beschädigt:\n" + "\n".join(problems))
        chains = "1 Kette" if len(region_ids) == 1 else f"{len(region_ids)} Ketten"
        self.stdout.write(f"Prüfprotokoll unversehrt: {_entries(total)} in {chains}")


def _entries(count: int) -> str:
    return "1 Eintrag" if count == 1 else f"{count} Einträge"


def _walk(region_id: uuid.UUID | None) -> tuple[int, str, str | None]:
    """Entries checked, the last good hash, and what is wrong with the first broken entry."""
    expected = 1
    previous_hash = GENESIS_HASH
    rows = (
        AuditEntry.objects.filter(region_id=region_id)
        .order_by("sequence")
        .values_list("id", *HASHED_FIELDS, "hash")
        .iterator(chunk_size=CHUNK)
    )
    for entry_id, *values, stored_hash in rows:
        sequence = values[SEQUENCE]
        faults = []
        if sequence > expected:
            if sequence == expected + 1:
                faults.append(f"Lücke davor: Nr. {expected} fehlt")
            else:
                faults.append(f"Lücke davor: Nr. {expected} bis {sequence - 1} fehlen")
        elif sequence < expected:
            faults.append(f"Nummer doppelt oder rückwärts, erwartet war Nr. {expected}")
        if values[PREVIOUS_HASH] != previous_hash:
            faults.append("Vorgänger-Hash passt nicht zum Eintrag davor")
        if audit_hash(values) != stored_hash:
            faults.append("Hash passt nicht zum Inhalt, der Eintrag wurde verändert")
        if faults:
            return (
                expected - 1,
                previous_hash,
                f"Eintrag {entry_id} (Nr. {sequence}): " + "; ".join(faults),
            )
        expected = sequence + 1
        previous_hash = stored_hash
    return expected - 1, previous_hash, None


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
