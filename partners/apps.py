from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and projects"

    def ready(self) -> None:
        # The core's access rules cannot import this app, so the app adds its models' scopes.
        from partners.access import register_scopes

        register_scopes()

        # A deleted row takes its uploaded files with it.
        from partners.uploads import delete_files_with_their_rows

        delete_files_with_their_rows()
