from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotse.news.tasks_digest import send_weekly_digest
from lotse.news.weekplan import PeriodError, period_parse


class Command(BaseCommand):
    help = (
        "Stellt den Rundbrief „Was ist los in …?“ für die kommende Woche in die Warteschlange "
        "(wöchentlich, am Wochenende)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--woche", default="", help="Eine andere Woche, zum Beispiel 2026-W50 (ISO 8601)."
        )

    def handle(self, *args, **options) -> None:
        week = ""
        if options["woche"]:
            try:
                period = period_parse(
                    woche=options["woche"], monat=None, today=timezone.localdate()
                )
            except PeriodError as exc:
                raise CommandError(str(exc)) from exc
            week = period.first.isoformat()
        result = send_weekly_digest.enqueue(week=week)
        self.stdout.write(f"Rundbrief eingeplant (Auftrag {result.id}).")
