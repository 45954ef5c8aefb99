from django.apps import AppConfig


class UpwConfig(AppConfig):
    name = "upw"
    verbose_name = "Unpaid work"

    def ready(self) -> None:
        # An attended induction session completes the induction.
        from upw.induction import signals  # noqa: F401
