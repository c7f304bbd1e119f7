from typing import Any

from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "couplesafe.lib"
    label = "lib"
    verbose_name = "Plumbing"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_end_stream_on_logout, dispatch_uid="live-end-on-logout")


def _end_stream_on_logout(sender: Any, request: Any, **kwargs: Any) -> None:
    """Logging out closes this session's open streams (every tab) at once."""
    from couplesafe.lib import live

    session = getattr(request, "session", None)
    live.end_streams(session_key=getattr(session, "session_key", None))
