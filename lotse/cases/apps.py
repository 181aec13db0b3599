from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lotse.cases"
    label = "cases"
    verbose_name = "Begleitungen (Kümmerer)"

    def ready(self) -> None:
        from lotse.cases import account

        account.register()
