"""Loads the demo's case files (lotse.cases.demo): after `load_demo` and the other demo loaders.
Running it again changes nothing."""

from django.core.management.base import BaseCommand

from lotse.cases.demo import MORE_NAVIGATORS, NAVIGATOR, demo_cases_load


class Command(BaseCommand):
    help = (
        "Lädt etwa 60 Demo-Begleitungen in jeder Phase an zwei Standorten der Demo-Region, "
        "mit drei Kümmerern (nach load_demo; ein zweiter Aufruf ändert nichts)."
    )

    def handle(self, *args, **options) -> None:
        from lotse.directory.management.commands.load_demo import DEMO_PASSWORD

        count = demo_cases_load()
        if count:
            self.stdout.write(f"{count} Demo-Begleitungen geladen.")
        else:
            self.stdout.write("Die Demo-Begleitungen sind schon geladen.")
        self.stdout.write(f"Kümmerer-Anmeldungen (Passwort: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {NAVIGATOR}  (Kümmerer, vertritt gerade Leyla Demir)")
        for email, name in MORE_NAVIGATORS:
            self.stdout.write(f"  {email}  (Kümmerer, {name})")
