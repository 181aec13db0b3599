import time

from django.core.management.base import BaseCommand, CommandError

from lotse.directory.search import cache as search_cache


class Command(BaseCommand):
    help = (
        "Baut die tantivy-Kopie des Suchindex dieses Servers neu aus der Datenbank "
        "(LOTSE_SEARCH_INDEX_DIR). Bis sie fertig ist, sucht die Suche in der Datenbank."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        count = search_cache.rebuild()
        if count < 0:
            raise CommandError(
                "Kein Neuaufbau: LOTSE_SEARCH_INDEX_DIR ist leer, oder ein anderer Prozess "
                "baut gerade."
            )
        self.stdout.write(
            f"Suchindex-Kopie mit {count} Angeboten in {time.monotonic() - started:.1f} s gebaut."
        )
