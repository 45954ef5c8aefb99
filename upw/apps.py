from importlib import import_module

from django.apps import AppConfig


class UpwConfig(AppConfig):
    name = "upw"
    verbose_name = "Unpaid work"
    # Imported when Django starts, in web processes and workers alike: each feature's Celery tasks
    # register themselves, so a service can queue one by name (upw.core.background).
    task_modules = ("upw.people.tasks", "upw.attendance.tasks", "upw.reminders.tasks")

    def ready(self) -> None:
        # An attended induction session completes the induction.
        import_module("upw.induction.signals")
        for module in self.task_modules:
            import_module(module)
