from __future__ import annotations

from tests.matrix import ROLES, Row, World


def rows(world: World) -> list[Row]:
    # The test client is WSGI: the event stream is only served by the event server (ASGI),
    # so here every role gets 204 (tests/live/test_stream.py covers the stream itself).
    return [Row("live-events", "/live/events/", dict.fromkeys(ROLES, 204))]
