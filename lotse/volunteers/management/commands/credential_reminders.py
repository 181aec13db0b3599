from django.core.management.base import BaseCommand

from lotse.volunteers.tasks import send_credential_reminders


class Command(BaseCommand):
    help = (
        "Stellt die Erinnerungen an ablaufende Nachweise der Digital-Helfer in die Warteschlange "
        "und beendet abgelaufene Pausen (täglich; mit --sofort: gleich ausführen)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sofort", action="store_true", help="Gleich ausführen statt einzuplanen"
        )

    def handle(self, *args, sofort: bool = False, **options) -> None:
        if sofort:
            count = send_credential_reminders.call()
            self.stdout.write(f"{count} Nachweise erinnert.")
            return
        result = send_credential_reminders.enqueue()
        self.stdout.write(f"Erinnerungen an Nachweise eingeplant (Auftrag {result.id}).")
