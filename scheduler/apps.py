from django.apps import AppConfig


def _placement_refusals(**kwargs) -> list[str]:
    # Imported when first used, so that starting Django does not load the matching engine.
    from scheduler.matching.services import placement_refusals

    return placement_refusals(**kwargs)


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        # The core's access rules cannot import this app, so the app adds its models' scopes.
        from scheduler.access import register_scopes
        from upw.core import placement

        register_scopes()
        # Induction booking, a upw feature, puts people on sessions through the matching checker.
        placement.register(_placement_refusals)
