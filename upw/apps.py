from django.apps import AppConfig


class UpwConfig(AppConfig):
    name = "upw"
    verbose_name = "Unpaid work"

    def ready(self) -> None:
        # Registers the checks that refuse an unsafe production configuration.
        from upw import checks  # noqa: F401

        # API tokens are revoked when a password changes or an account is deactivated; an attended
        # induction session completes the induction.
        from upw.accounts import signals as account_signals  # noqa: F401
        from upw.induction import signals  # noqa: F401
