import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from lotse.news.services_board import boardposts_expire
from lotse.news.tasks_board import expire_board_posts


class Command(BaseCommand):
    help = (
        "Lässt Pinnwand-Einträge nach ihrem letzten Tag ablaufen und erinnert die Schreibenden "
        "einige Tage vorher (täglich; mit --sofort: gleich ausführen, mit --stichtag=JJJJ-MM-TT "
        "für einen anderen Tag als heute)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sofort", action="store_true", help="Gleich ausführen statt einzuplanen"
        )
        parser.add_argument("--stichtag", default="", help="Der Tag, für den gerechnet wird")

    def handle(self, *args, sofort: bool = False, stichtag: str = "", **options) -> None:
        if stichtag:
            try:
                today = dt.date.fromisoformat(stichtag)
            except ValueError as exc:
                raise CommandError("--stichtag: ein Datum wie 2027-03-04") from exc
            counts = boardposts_expire(today=today)
        elif sofort:
            counts = expire_board_posts.call()
        else:
            result = expire_board_posts.enqueue()
            self.stdout.write(f"Ablauf der Pinnwand-Einträge eingeplant (Auftrag {result.id}).")
            return
        self.stdout.write(
            f"{counts['expired']} Einträge abgelaufen, {counts['reminded']} Erinnerungen."
        )
