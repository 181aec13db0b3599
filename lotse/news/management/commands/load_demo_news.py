"""Loads the demo's events, news and noticeboard (lotse.news.demo): after `load_demo` and the
other demo loaders. Running it again changes nothing."""

from django.core.management.base import BaseCommand

from lotse.news.demo import demo_news_load


class Command(BaseCommand):
    help = (
        "Lädt das Programm jedes Quartiers der Demo-Region (Seniorentreff, Handy-Café, "
        "Gymnastik, Sonntagscafé und einmalige Veranstaltungen mit Anmeldungen), Nachrichten "
        "und Pinnwand-Einträge (nach load_demo; ein zweiter Aufruf ändert nichts)."
    )

    def handle(self, *args, **options) -> None:
        count = demo_news_load()
        if count:
            self.stdout.write(f"{count} Demo-Veranstaltungen mit Nachrichten und Pinnwand geladen.")
        else:
            self.stdout.write("Die Demo-Veranstaltungen sind schon geladen.")
