from django.core.management.base import BaseCommand

from lotse.desk.tasks import expire_referrals


class Command(BaseCommand):
    help = (
        "Stellt das Ablaufen unbeantworteter Weitervermittlungen in die Warteschlange "
        "(mit --sofort: gleich ausführen)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sofort", action="store_true", help="Gleich ausführen statt einzuplanen"
        )

    def handle(self, *args, sofort: bool = False, **options) -> None:
        if sofort:
            count = expire_referrals.call()
            self.stdout.write(f"{count} Weitervermittlungen ohne Antwort abgelaufen.")
            return
        result = expire_referrals.enqueue()
        self.stdout.write(f"Ablauf der Weitervermittlungen eingeplant (Auftrag {result.id}).")
