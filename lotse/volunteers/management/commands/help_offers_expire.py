from django.core.management.base import BaseCommand

from lotse.volunteers.request_tasks import expire_help_offers


class Command(BaseCommand):
    help = (
        "Lässt Angebote an Digital-Helfer ohne Antwort ablaufen; ihre Anfragen kommen mit einem "
        "Hinweis zurück in die Vermittlung (stündlich; mit --sofort: gleich ausführen)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sofort", action="store_true", help="Gleich ausführen statt einzuplanen"
        )

    def handle(self, *args, sofort: bool = False, **options) -> None:
        if sofort:
            count = expire_help_offers.call()
            self.stdout.write(f"{count} Angebote abgelaufen.")
            return
        result = expire_help_offers.enqueue()
        self.stdout.write(f"Ablauf der Angebote eingeplant (Auftrag {result.id}).")
