from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "lotse.news"
    label = "news"
    verbose_name = "Leben im Quartier (Veranstaltungen, Aktuelles, Pinnwand)"

    def ready(self) -> None:
        from lotse.news import (
            account,
            account_board,
            account_registrations,
            panels_events,
            panels_posts,
            person_history,
            processing,
        )

        account.register()
        account_board.register()
        account_registrations.register()
        person_history.register()
        processing.compliance_register()
        panels_events.register()
        panels_posts.register()
