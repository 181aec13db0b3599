from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.directory.interop.importer import directory_import, import_region_get


class Command(BaseCommand):
    help = (
        "Importiert Angebote aus einer Datei: HSDS 3.0 als JSON, ein HSDS-Datenpaket "
        "(datapackage.json mit CSV-Dateien, 3.0 oder 1.x) oder Ohana-CSV-Dateien, als Ordner "
        "oder ZIP-Datei. Alles oder nichts; ein zweiter Lauf mit derselben Datei ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="JSON-Datei, ZIP-Datei oder Ordner")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und berichten, nichts speichern.",
        )
        parser.add_argument(
            "--region",
            help="Kurzname der Region; ohne Angabe die einzige Region, die es gibt.",
        )

    def handle(self, *args, **options) -> None:
        try:
            region = import_region_get(slug=options["region"])
            report = directory_import(
                actor=None,
                source=Path(options["path"]),
                region=region,
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            raise CommandError(
                "\n".join(["Import abgelehnt, nichts geändert:", *exc.messages])
            ) from None
        except OSError as exc:
            raise CommandError(f"Die Datei lässt sich nicht lesen: {exc.strerror}") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Dauer: {report.seconds:.1f} s")
