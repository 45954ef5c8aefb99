from django.apps import AppConfig


class UpwConfig(AppConfig):
    name = "upw"
    verbose_name = "Unpaid work"
