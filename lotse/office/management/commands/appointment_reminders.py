from django.core.management.base import BaseCommand

from lotse.office.tasks import send_appointment_reminders


class Command(BaseCommand):
    help = (
        "Stellt die Erinnerungen an die Termine bis zum nächsten Werktag in die Warteschlange "
        "(täglich)."
    )

    def handle(self, *args, **options) -> None:
        result = send_appointment_reminders.enqueue()
        self.stdout.write(f"Terminerinnerungen eingeplant (Auftrag {result.id}).")
