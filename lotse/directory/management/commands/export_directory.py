"""Writes the public directory into a folder, as an Open Referral HSDS 3.0 datapackage."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.directory.interop.export import export_datapackage


class Command(BaseCommand):
    help = (
        "Schreibt alle aktiven Angebote als Open-Referral-Datenpaket (HSDS 3.0: CSV-Dateien und "
        "datapackage.json) in einen Ordner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Ordner für die Dateien")
        parser.add_argument("--format", choices=["hsds"], required=True, help="Format: hsds")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="In einen Ordner schreiben, der schon Dateien enthält (gleichnamige ersetzen)",
        )

    def handle(self, *args, folder: Path, overwrite: bool, **options) -> None:
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} ist kein Ordner.")
        if folder.is_dir() and any(folder.iterdir()) and not overwrite:
            raise CommandError(
                f"Der Ordner {folder} ist nicht leer. Wählen Sie einen leeren Ordner oder "
                "ersetzen Sie die Dateien darin mit --overwrite."
            )
        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        counts = export_datapackage(folder=folder)
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(
            f"Open-Referral-Datenpaket (HSDS 3.0) in {folder} geschrieben ({seconds} s):"
        )
        for path, rows in counts.items():
            self.stdout.write(f"  {path}: {rows:,} Zeilen".replace(",", "."))
        self.stdout.write(f"  datapackage.json: Beschreibung der {len(counts)} Tabellen")
