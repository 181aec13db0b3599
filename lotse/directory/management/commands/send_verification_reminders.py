from django.core.management.base import BaseCommand

from lotse.directory.tasks import send_verification_reminders


class Command(BaseCommand):
    help = "Stellt den Versand der Erinnerungen zur Prüfung alter Angebote in die Warteschlange."

    def handle(self, *args, **options) -> None:
        result = send_verification_reminders.enqueue()
        self.stdout.write(f"Erinnerungen eingeplant (Auftrag {result.id}).")
