from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "lotse.volunteers"
    label = "volunteers"
    verbose_name = "Digital-Helfer"

    def ready(self) -> None:
        from lotse.volunteers import account, panels, person_history

        account.register()
        panels.register()
        person_history.register()
