import time

from django.core.management.base import BaseCommand

from lotse.directory.models import Service
from lotse.directory.services import search_index_service


class Command(BaseCommand):
    help = (
        "Baut das Suchdokument jedes Angebots neu, zum Beispiel nach einem Update, das das "
        "Suchdokument ändert (neue Filter). Die tantivy-Kopien holen die Änderungen nach."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        count = 0
        for service in Service.objects.only("pk").iterator(chunk_size=1000):
            search_index_service(service=service)
            count += 1
        self.stdout.write(
            f"Suchdokumente von {count} Angeboten in {time.monotonic() - started:.1f} s neu gebaut."
        )
