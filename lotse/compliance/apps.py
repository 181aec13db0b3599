from django.apps import AppConfig
from django.core import checks


class ComplianceConfig(AppConfig):
    name = "lotse.compliance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lotse.compliance.checks import check_declarations

        checks.register(check_declarations)
