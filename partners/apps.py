from importlib import import_module

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and projects"
    # Imported when Django starts, in web processes and workers alike: each feature's Celery tasks
    # register themselves, so a service can queue one by name (upw.core.background).
    task_modules = ("partners.schedule.tasks",)

    def ready(self) -> None:
        from partners.access import register_scopes

        register_scopes()
        for module in self.task_modules:
            import_module(module)
