from typing import Any

from django.apps import AppConfig, apps


class LibConfig(AppConfig):
    name = "couplesafe.lib"
    label = "lib"
    verbose_name = "Plumbing"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from couplesafe.lib import registry

        # Every app's models and AppConfig exist by now; its modules may be imported.
        registry.load_declared(apps.get_app_configs())
        user_logged_out.connect(_end_stream_on_logout, dispatch_uid="live-end-on-logout")


def _end_stream_on_logout(sender: Any, request: Any, **kwargs: Any) -> None:
    """Logging out closes this session's open streams (every tab) at once."""
    from couplesafe.lib import live

    session = getattr(request, "session", None)
    live.end_streams(session_key=getattr(session, "session_key", None))
