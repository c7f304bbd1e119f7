from django.apps import AppConfig, apps


class LibConfig(AppConfig):
    name = "couplesafe.lib"
    label = "lib"
    verbose_name = "Plumbing"

    def ready(self) -> None:
        from couplesafe.lib import registry

        # Every app's models and AppConfig exist by now; its modules may be imported.
        registry.load_declared(apps.get_app_configs())
