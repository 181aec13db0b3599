from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "lotse.desk"
    label = "desk"

    def ready(self) -> None:
        from lotse.desk import account, person_history

        account.register()
        person_history.register()
