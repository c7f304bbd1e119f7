"""Live updates, the serving side: one server-sent event stream per open page.

Served by the event server, an ASGI process (uvicorn) beside the WSGI app; the load balancer
sends /live/ to it (README: "Live updates"). Under WSGI the view answers 204 at once, which
tells the browser's EventSource not to reconnect: the page keeps polling instead.

One Redis connection per process, not per stream: a hub subscribes once to the deployment's
pattern (`live.pattern()`) and hands each message to the queues of the streams listening on
its channel. A stream listens on its person's channel and its session's channel, and sends:

    event: change   data: {"topic": "conversation", "ref": "<public id>"}   (fetch the region)
    event: end      the scope changed (logout, couple or therapist link ended): stream closes
    : keep-alive    every KEEPALIVE seconds, so dead connections and idle timeouts show

A stream also ends after MAX_AGE (the browser reconnects, and the session is checked again)
and when Redis drops (the page falls back to polling until it reconnects). When the browser
goes away, the ASGI server cancels the response and the stream's listener is removed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterator

import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_http_methods

from couplesafe.lib import live
from couplesafe.lib.http import sessionless

log = logging.getLogger(__name__)

KEEPALIVE = 20.0  # seconds
MAX_AGE = 15 * 60.0  # seconds
RETRY_MS = 1500  # how long the browser waits before reconnecting after a drop
QUEUE_SIZE = 32
_CLOSE = {"topic": live.END}


class Hub:
    """Per process (per event loop): channel name → the queues of the streams on it."""

    def __init__(self, url: str, pattern: str) -> None:
        self.url = url
        self.pattern = pattern
        self.listeners: dict[str, set[asyncio.Queue[dict[str, str]]]] = {}
        self.queues: set[asyncio.Queue[dict[str, str]]] = set()
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def streams(self) -> int:
        return len(self.queues)

    @contextlib.contextmanager
    def listen(self, channels: list[str]) -> Iterator[asyncio.Queue[dict[str, str]]]:
        queue: asyncio.Queue[dict[str, str]] = asyncio.Queue(QUEUE_SIZE)
        self.queues.add(queue)
        for channel in channels:
            self.listeners.setdefault(channel, set()).add(queue)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())
        try:
            yield queue
        finally:
            self.queues.discard(queue)
            for channel in channels:
                queues = self.listeners.get(channel)
                if queues is not None:
                    queues.discard(queue)
                    if not queues:
                        del self.listeners[channel]

    def dispatch(self, channel: str, message: dict[str, str]) -> None:
        for queue in list(self.listeners.get(channel, ())):
            with contextlib.suppress(asyncio.QueueFull):
                # A stream 32 messages behind is stuck; it still gets the next keep-alive.
                queue.put_nowait(message)

    def close_all(self) -> None:
        for queue in list(self.queues):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(_CLOSE)

    async def run(self) -> None:
        while self.listeners:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.psubscribe(self.pattern)
                    self.ready.set()
                    async for raw in pubsub.listen():
                        if raw.get("type") != "pmessage":
                            continue
                        try:
                            message = json.loads(raw["data"])
                        except (TypeError, ValueError):
                            continue
                        self.dispatch(raw["channel"].decode(), message)
            except (aioredis.RedisError, OSError):
                log.warning("live: lost Redis; closing %d streams", self.streams())
            finally:
                self.ready.clear()
                await client.aclose()
            # Missed messages cannot be replayed: every stream closes, its page catches up
            # when the browser reconnects (and polls meanwhile).
            self.close_all()
            await asyncio.sleep(1)


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None or found.url != live.redis_url() or found.pattern != live.pattern():
        found = _hubs[loop] = Hub(live.redis_url(), live.pattern())
    return found


def _event(name: str, data: dict[str, str]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


async def _stream(channels: list[str]) -> AsyncIterator[str]:
    the_hub = hub()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MAX_AGE
    with the_hub.listen(channels) as queue:
        # Subscribed before the first byte goes out: a change made after the browser sees the
        # stream open is never missed.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(the_hub.ready.wait(), 3)
        yield f"retry: {RETRY_MS}\n: open\n\n"
        while (left := deadline - loop.time()) > 0:
            try:
                message = await asyncio.wait_for(queue.get(), min(KEEPALIVE, left))
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            topic = message.get("topic", "")
            if topic == live.END:
                yield _event("end", {})
                return
            if topic in live.TOPICS:
                data = {"topic": topic}
                if message.get("ref"):
                    data["ref"] = message["ref"]
                yield _event("change", data)
        yield _event("end", {})


@sessionless
@require_http_methods(["GET"])
async def events(request: HttpRequest) -> HttpResponseBase:
    """The stream of "something changed for you" signals for the signed-in person.

    Marked sessionless, so no middleware loads the person before the view does (the language
    and sign-in middleware would, and a database that cannot answer would then give a 500
    instead of the 503 below); an open stream is not activity either: it never keeps an idle
    session alive (safety.signin)."""
    if not isinstance(request, ASGIRequest) or not live.enabled():
        return HttpResponse(status=204)  # not the event server: the page polls instead
    try:
        user = await request.auser()
    except DatabaseError:
        # The pool had no connection in time (a burst of pages opening): no stream now; the
        # page polls and the browser tries again later (static/js/app.js).
        log.warning("live: no database connection for a new stream")
        return HttpResponse(status=503)
    session_key = request.session.session_key
    # Django hands a request's connection back at request_finished, which for a stream comes
    # only when it ends: give it back now, or every open stream would hold one.
    await sync_to_async(connections.close_all)()
    if not user.is_authenticated or not session_key:
        return HttpResponse(status=204)  # 204 stops the browser from reconnecting
    channels = [live.user_channel(user.pk), live.session_channel(session_key)]
    response = StreamingHttpResponse(_stream(channels), content_type="text/event-stream")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    return response


def streams_open() -> int:
    """How many streams this process holds (for the benchmark and the logs)."""
    return sum(h.streams() for h in _hubs.values())
