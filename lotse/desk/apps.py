from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "lotse.desk"
    label = "desk"
