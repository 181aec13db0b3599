from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    label = "accounts"
