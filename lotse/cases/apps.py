from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lotse.cases"
    label = "cases"
    verbose_name = "Begleitungen (Kümmerer)"

    def ready(self) -> None:
        from lotse.cases import account, person_history
        from lotse.cases.processing import compliance_register

        account.register()
        person_history.register()
        compliance_register()
