from django.core.management.base import BaseCommand

from lotse.news.tasks_events import move_event_horizon


class Command(BaseCommand):
    help = (
        "Schreibt die Termine der wiederkehrenden Veranstaltungen fort (täglich; mit --sofort: "
        "gleich ausführen statt einzuplanen)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sofort", action="store_true", help="Gleich ausführen statt einzuplanen"
        )

    def handle(self, *args, sofort: bool = False, **options) -> None:
        if sofort:
            count = move_event_horizon.call()
            self.stdout.write(f"Termine von {count} Veranstaltungen fortgeschrieben.")
            return
        result = move_event_horizon.enqueue()
        self.stdout.write(f"Fortschreiben der Termine eingeplant (Auftrag {result.id}).")
