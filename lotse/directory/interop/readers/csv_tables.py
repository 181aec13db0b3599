"""What the readers of CSV tables (HSDS datapackages, Ohana) share: column checks, rows with
their place in the file, and ids."""

import uuid

from django.utils.translation import gettext as _

from lotse.directory.interop.readers import hsds_fields as fields
from lotse.directory.interop.readers.sources import Table
from lotse.directory.interop.readers.values import Ids, Row
from lotse.directory.interop.records import Notes


class CsvTablesReader:
    notes: Notes
    ids: Ids
    unknown: fields.Unknown

    def _with_columns(self, table: Table, columns: str) -> Table | None:
        """The table, or None with an error for each required column it lacks."""
        missing = [c for c in columns.split() if c not in table.columns]
        for column in missing:
            self.notes.error(
                _("In %(file)s fehlt die Spalte „%(column)s“.")
                % {"file": table.name, "column": column}
            )
        return None if missing else table

    def rows(self, table: Table | None, kind: str, known: set[str]) -> list[Row]:
        if table is None:
            return []
        result = []
        for line, data in table.rows:
            where = _("Zeile %(line)d in %(file)s") % {"line": line, "file": table.name}
            row = Row(data, where=where, notes=self.notes, ids=self.ids)
            self.unknown.add(kind, row, known)
            result.append(row)
        return result

    def _id(self, row: Row, table: str) -> uuid.UUID | None:
        value = row.id("id", table=table)
        if value is None and not row.text("id"):
            self.notes.error(_("%(where)s: Die Kennung (id) fehlt.") % {"where": row.where})
        return value
