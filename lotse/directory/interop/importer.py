"""`directory_import`: the one service behind `manage.py import_directory` and the staff upload
page. Reads the whole file first (readers/), then writes everything in one transaction
(sync.py): an import is all or nothing, and a second run of the same file changes nothing.

What refuses the whole import (German message, nothing changed): a file that cannot be read
(unknown format, not UTF-8, broken JSON or ZIP, unsafe or oversized archive); a missing
essential table (organisations, services) or a missing column the format requires; a value
that is not what its field must hold (an id that is not a UUID in HSDS 3.0, a date, a time, a
number, a status); an id listed twice; a row that exists in another region.

What skips a row, listed in the report with its reason: see sync.py (a missing name or
description, a reference to something the file does not bring, a value our model cannot hold
in a required field). Tables the descriptor names but the file lacks, fields we have no place
for and values we had to shorten or guess are reported as hints.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.models import Area
from lotse.core.permissions import require
from lotse.directory.interop.readers import read_directory
from lotse.directory.interop.sync import DirectorySync
from lotse.directory.interop.writer import KINDS
from lotse.directory.models import SearchEntry
from lotse.directory.search import index as search_index
from lotse.directory.search.indexing import search_entries_rebuild

# From this many changed offers on, and when they are at least half of the index, search
# entries are written inside search_index.bulk_load(): PostgreSQL then rebuilds its search
# indexes once instead of row by row. Into a large index a rebuild would cost more than it saves
# (and lock search for longer).
BULK_INDEX_FROM = 2000


STATE_LABELS = {
    "created": gettext_lazy("neu"),
    "updated": gettext_lazy("geändert"),
    "unchanged": gettext_lazy("unverändert"),
    "deleted": gettext_lazy("entfernt"),
    "skipped": gettext_lazy("übersprungen"),
}


@dataclass
class ImportReport:
    """What an import did, or would do (dry run), in German."""

    format: str
    file_name: str
    region: str
    dry_run: bool
    counts: dict[str, Counter]
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> list[dict]:
        """One row per kind that occurs: its label, the five numbers, and the numbers that are
        not zero with their labels (for the page)."""
        return [
            {
                "label": str(KINDS[kind]),
                **{state: count[state] for state in STATE_LABELS},
                "numbers": [
                    {"count": count[state], "label": str(label)}
                    for state, label in STATE_LABELS.items()
                    if count[state]
                ],
            }
            for kind, count in self.counts.items()
            if any(count.values())
        ]

    @property
    def changes(self) -> int:
        return sum(c["created"] + c["updated"] + c["deleted"] for c in self.counts.values())

    def as_dict(self, *, limit: int = 200) -> dict:
        """The report for a page (and the session): at most `limit` skipped rows and hints."""
        return {
            "format": self.format,
            "file_name": self.file_name,
            "region": self.region,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "changes": self.changes,
            "skipped": self.skipped[:limit],
            "skipped_more": max(0, len(self.skipped) - limit),
            "warnings": self.warnings[:limit],
            "warnings_more": max(0, len(self.warnings) - limit),
        }

    def lines(self) -> list[str]:
        head = (
            _("Probelauf – es wurde nichts gespeichert.")
            if self.dry_run
            else _("Import abgeschlossen.")
        )
        lines = [
            head,
            _("Datei: %(file)s – Format: %(format)s – Region: %(region)s")
            % {"file": self.file_name, "format": self.format, "region": self.region},
        ]
        for row in self.rows:
            numbers = ", ".join(f"{row[state]} {label}" for state, label in STATE_LABELS.items())
            lines.append(f"{row['label']}: {numbers}")
        if not self.changes:
            lines.append(_("Nichts geändert: Alle Einträge sind schon so gespeichert."))
        if self.skipped:
            lines.append(
                ngettext(
                    "%(count)d Eintrag übersprungen:",
                    "%(count)d Einträge übersprungen:",
                    len(self.skipped),
                )
                % {"count": len(self.skipped)}
            )
            lines += [f"  – {line}" for line in self.skipped]
        if self.warnings:
            lines.append(_("Hinweise:"))
            lines += [f"  – {line}" for line in self.warnings]
        return lines


def import_region_list(*, actor: User) -> list[Area]:
    """The regions the actor may import into."""
    regions = Area.objects.filter(kind=Area.Kind.REGION).order_by("name")
    return [r for r in regions if actor.has_perm("directory.import_directory", r)]


def import_region_get(*, slug: str | None) -> Area:
    """The region named by its slug; without one the only region there is."""
    regions = Area.objects.filter(kind=Area.Kind.REGION).order_by("name")
    if slug:
        found = regions.filter(slug=slug).first()
        if found is None:
            raise ValidationError(
                _("Die Region „%(slug)s“ gibt es nicht. Es gibt: %(all)s.")
                % {"slug": slug, "all": ", ".join(r.slug for r in regions) or "–"}
            )
        return found
    found_all = list(regions)
    if len(found_all) == 1:
        return found_all[0]
    if not found_all:
        raise ValidationError(_("Es gibt noch keine Region. Legen Sie zuerst eine an."))
    raise ValidationError(
        _("Es gibt mehrere Regionen. Bitte nennen Sie eine mit --region: %(all)s.")
        % {"all": ", ".join(r.slug for r in found_all)}
    )


def directory_import(
    *,
    actor: User | None,
    source: Path,
    region: Area,
    dry_run: bool,
    file_name: str = "",
) -> ImportReport:
    """Imports a directory file into the region; `dry_run` does the same work and rolls it
    back. Raises ValidationError with German messages when the file cannot be imported; then
    nothing is changed.

    `actor` is the logged-in user on the upload page, whose permission is checked; None is the
    command line, where access to the server is full trust anyway (like `manage.py shell`).
    """
    if actor is not None:
        require(actor, "directory.import_directory", region)
    if region.kind != Area.Kind.REGION:
        raise ValidationError(_("Importieren lässt sich nur in eine Region (Kreis oder Stadt)."))
    started = time.monotonic()
    bundle = read_directory(path=source, scope=region.slug)
    try:
        with transaction.atomic():
            sync = DirectorySync(bundle=bundle, region=region, file_name=file_name or source.name)
            sync.run()
            _index(sync.dirty_services, bulk=not dry_run)
            report = ImportReport(
                format=bundle.format,
                file_name=file_name or source.name,
                region=region.name,
                dry_run=dry_run,
                counts=sync.counts,
                skipped=bundle.notes.skipped,
                warnings=bundle.notes.warnings,
            )
            summary = "; ".join(report.lines()[1 : 2 + len(report.rows)])
            audit_record(actor=actor, verb="directory.imported", target=region, note=summary)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        raise ValidationError(
            _(
                "Die Daten passen nicht zu dem, was schon gespeichert ist (vielleicht lief "
                "gleichzeitig ein anderer Import). Es wurde nichts geändert. Bitte versuchen "
                "Sie es noch einmal."
            )
        ) from None
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _index(service_ids: set, *, bulk: bool) -> None:
    many = len(service_ids) >= BULK_INDEX_FROM
    if bulk and many and 2 * len(service_ids) >= SearchEntry.objects.count():
        with search_index.bulk_load():
            search_entries_rebuild(service_ids=service_ids, change_rows=False)
    else:
        search_entries_rebuild(service_ids=service_ids, change_rows=True)
