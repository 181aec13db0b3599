from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "lotse.news"
    label = "news"
    verbose_name = "Leben im Quartier (Veranstaltungen, Aktuelles, Pinnwand)"

    def ready(self) -> None:
        from lotse.news import account, panels_events, processing

        account.register()
        processing.compliance_register()
        panels_events.register()
