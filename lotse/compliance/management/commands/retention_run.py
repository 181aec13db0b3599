"""Retention from cron: `--dry-run` stores and prints new dry runs, one per organisation with
due records plus the platform run (nightly); `--apply` applies released runs here instead of
in the worker (e.g. when no worker runs), and resumes stuck ones (their worker died) where they
stopped."""

from django.core.management.base import BaseCommand

from lotse.compliance.models import RetentionRun
from lotse.compliance.selectors import retention_report_rows, retention_run_released_ids
from lotse.compliance.services import retention_dry_run, retention_run_apply


def _holder(run: RetentionRun) -> str:
    return str(run.organisation) if run.organisation_id else "Daten ohne Träger"


class Command(BaseCommand):
    help = "Aufbewahrungsregeln: Probelauf (--dry-run) oder freigegebene Läufe ausführen (--apply)."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--dry-run", action="store_true", help="Probelauf speichern, zeigen")
        group.add_argument(
            "--apply",
            action="store_true",
            help="Freigegebene Läufe ausführen, hängende fortsetzen",
        )

    def handle(self, *args, dry_run: bool, apply: bool, **options) -> None:
        if dry_run:
            for run in retention_dry_run(actor=None):
                self.stdout.write(
                    f"Probelauf {run.pk} für {_holder(run)}: nichts geändert, wartet auf Freigabe."
                )
                for kind, entry in run.report.items():
                    self.stdout.write(
                        f"{kind}: {len(entry['ids'])} fällig "
                        f"({entry['action']} nach {entry['days']} Tagen)"
                    )
                    for pk in entry["ids"]:
                        self.stdout.write(f"  {pk}")
            return
        for run_id in retention_run_released_ids():
            run = retention_run_apply(run_id=run_id)
            if run.status != RetentionRun.Status.APPLIED:
                self.stdout.write(f"Lauf {run.pk} für {_holder(run)}: ein anderer Worker arbeitet.")
                continue
            self.stdout.write(f"Lauf {run.pk} für {_holder(run)} ausgeführt:")
            for row in retention_report_rows(run):
                self.stdout.write(
                    f"  {row.label}: {row.applied} geändert, {row.skipped} nicht mehr fällig, "
                    f"{row.failed} fehlgeschlagen"
                )
