"""An event server (uvicorn) for the length of a test module, and SSE readers for it."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from django.conf import settings
from django.test import Client

from tests.live.servers import event_server_args, free_port, running, server_env


@pytest.fixture(scope="module")
def event_server(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = free_port()
    with running(event_server_args(port), port=port, env=server_env()):
        yield f"http://127.0.0.1:{port}"


@dataclass
class Stream:
    """One browser tab's event stream, read in a thread: events land in `events`."""

    response: httpx.Response
    lines: Iterator[str] = field(default_factory=lambda: iter(()))
    events: queue.Queue[tuple[str, dict[str, str]]] = field(default_factory=queue.Queue)
    closed: threading.Event = field(default_factory=threading.Event)

    def next(self, timeout: float = 2.0) -> tuple[str, dict[str, str]]:
        return self.events.get(timeout=timeout)

    def read(self) -> None:
        name, data = "message", ""
        try:
            for line in self.lines:
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "":
                    if data:
                        self.events.put((name, json.loads(data)))
                    name, data = "message", ""
        except httpx.HTTPError:
            pass
        finally:
            self.closed.set()


def session_cookie(client: Client) -> dict[str, str]:
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture
def open_stream(event_server):  # type: ignore[no-untyped-def]
    """open_stream(client) → a Stream for that signed-in browser, already subscribed."""
    http = httpx.Client(base_url=event_server, timeout=httpx.Timeout(10, read=30))
    opened: list[httpx.Response] = []

    def open_for(client: Client | None) -> Stream:
        cookies = session_cookie(client) if client is not None else {}
        request = http.build_request("GET", "/live/events/", cookies=cookies)
        response = http.send(request, stream=True)
        opened.append(response)
        stream = Stream(response)
        if response.status_code == 200:
            # The server subscribes before its first bytes: wait for them.
            stream.lines = response.iter_lines()
            assert next(stream.lines).startswith("retry: ")
            assert next(stream.lines) == ": open"
            threading.Thread(target=stream.read, daemon=True).start()
        return stream

    yield open_for
    for response in opened:
        response.close()
    http.close()
