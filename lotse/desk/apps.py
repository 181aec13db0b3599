from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "lotse.desk"
    label = "desk"

    def ready(self) -> None:
        from lotse.desk import account, person_history
        from lotse.desk.services import digital_help

        account.register()
        person_history.register()
        digital_help.register()
