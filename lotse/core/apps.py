from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "lotse.core"
    label = "core"

    def ready(self) -> None:
        from lotse.core.audit import check_audit_deployment, check_audit_keys
        from lotse.core.links import check_site_url

        checks.register(check_audit_keys)
        checks.register(check_audit_deployment, deploy=True)
        checks.register(check_site_url, deploy=True)
