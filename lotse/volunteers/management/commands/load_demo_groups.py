"""Loads the demo's Handy-Cafés with shifts and a finished course (lotse.volunteers.demo_groups);
after `load_demo` (and `load_demo_helpers`, if there). Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.volunteers.demo_groups import demo_groups_load


class Command(BaseCommand):
    help = "Legt in der Demo-Region ein Handy-Café mit Schichten und einen abgeschlossenen Kurs an."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if demo_groups_load():
            self.stdout.write("Handy-Café, Schichten und Kurs sind angelegt.")
        else:
            self.stdout.write("Nichts zu tun (keine Demo-Region oder schon geladen).")
