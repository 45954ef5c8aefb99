from django.apps import AppConfig


class UpwConfig(AppConfig):
    name = "upw"
    verbose_name = "Unpaid work"

    def ready(self) -> None:
        # Intake (issue 7): an attended induction session completes the induction.
        from upw import intake_signals  # noqa: F401
