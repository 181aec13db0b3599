from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "lotse.office"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lotse.office import account, person_history

        account.register()
        person_history.register()
