from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        # The core's access rules cannot import this app, so the app adds its models' scopes.
        from scheduler.access import register_scopes

        register_scopes()
