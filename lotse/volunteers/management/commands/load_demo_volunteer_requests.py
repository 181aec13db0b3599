from django.core.management.base import BaseCommand

from lotse.volunteers.demo_requests import demo_requests_load


class Command(BaseCommand):
    help = (
        "Lädt Demo-Hilfeanfragen in jedem Stand (offen, abgelaufenes Angebot, angeboten, "
        "zugesagt, erledigt, nicht erledigt, zurückgezogen) in die Demo-Region "
        "(nach load_demo; ein zweiter Aufruf ändert nichts)."
    )

    def handle(self, *args, **options) -> None:
        count = demo_requests_load()
        if count:
            self.stdout.write(f"{count} Demo-Hilfeanfragen geladen.")
        else:
            self.stdout.write("Die Demo-Hilfeanfragen sind schon geladen.")
