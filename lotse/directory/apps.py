from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "lotse.directory"
    label = "directory"

    def ready(self) -> None:
        from lotse.directory import account

        account.register()
