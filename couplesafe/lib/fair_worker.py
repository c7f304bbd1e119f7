"""gunicorn's gthread worker, serving clients in turn instead of in order of arrival.

gthread's main thread accepts each connection and hands it to the thread pool's queue, first
come first served. Under a flood — 200 clients trying passwords, or one session polling 500
times a second — that queue always holds the flood's requests, and a signed-in person's page
waits behind all of them, however cheaply each is refused: its wait is the queue's length
divided by what the server answers per second (the benchmark's second person waited 10 s).

This worker keeps one line per client and takes turns between them:

- a client is the session cookie when the request carries one, else the client's address as
  the deployment sees it (`couplesafe.lib.client_address`, TRUSTED_PROXY_COUNT);
- requests with a session cookie and requests without take turns as two groups, so that
  many anonymous addresses (a flood through a proxy, from many addresses) get at most every
  other free thread while signed-in people are waiting, and the reverse;
- within a group the clients take turns, so one session's poll storm or one address's login
  flood puts one request ahead of anyone else's, not hundreds;
- one client uses at most half of the worker's threads at once, so another person's request
  shares the process (and its GIL) with fewer of the flood's.

It also closes connections without blocking its main thread. gthread half-closes a finished
connection and then waits — on the main thread, which accepts and dispatches every request —
for the client to close its side (up to 2 s, RFC 9112's lingering close). Under a flood each
of those waits held up every other client's request (a quarter of the flood's profile), and a
client that never closes stalled the worker 2 s per connection. Here the lingering is done by
the poller: the socket is half-closed, watched for the client's end, and closed then or after
LINGER_SECONDS.

The request's first bytes are read with MSG_PEEK on the main thread (nothing is consumed; the
worker thread parses the request as before). A connection with nothing to read yet waits on
the poller, not in a thread. A request whose headers are not all there is placed by address.

What it cannot tell: a session cookie is not checked here (that needs the session store), so a
flood that sends made-up session cookies is served in turn with the signed-in people, one
request per made-up cookie. Limits per address in front of the app (the TLS proxy) remain
the defence against floods from many addresses.

Built on gunicorn's ThreadWorker internals (enqueue_req, finish_request, handle and the
pending-connection list of gunicorn 27; uv.lock pins the version). tests/web/test_fair_worker.py
runs it in a real gunicorn.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent import futures
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from couplesafe.lib.client_address import client_ip_from

PEEK_BYTES = 16 * 1024
LINGER_SECONDS = 2.0  # as gunicorn's close_graceful
LINGER_DRAIN = 64 * 1024  # bytes read from a closing client at most, as gunicorn
_PEEK_FLAGS = socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0)
_HEADER = re.compile(rb"^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$", re.MULTILINE)


class FairQueue:
    """One line per client, two groups (with and without a session) taking turns; within a
    group the clients take turns in the order they first arrived."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Per group: client → its waiting items. A dict keeps insertion order: the turn order.
        self._groups: tuple[dict[str, deque[Any]], dict[str, deque[Any]]] = ({}, {})
        self._next_group = 0

    def put(self, client: str, signed_in: bool, item: Any) -> None:
        with self._lock:
            self._groups[0 if signed_in else 1].setdefault(client, deque()).append(item)

    def get(self, busy: Callable[[str], bool] = lambda client: False) -> tuple[str, Any] | None:
        """(client, item) of the next turn, skipping clients that are `busy` (already using
        their share of the threads); None when nobody else is waiting."""
        with self._lock:
            first = self._next_group
            for group in (first, 1 - first):
                lines = self._groups[group]
                client = next((c for c in lines if not busy(c)), None)
                if client is None:
                    continue
                line = lines.pop(client)
                item = line.popleft()
                if line:
                    lines[client] = line  # to the back of the turn
                self._next_group = 1 - group
                return client, item
        return None

    def __len__(self) -> int:
        with self._lock:
            return sum(len(line) for group in self._groups for line in group.values())


def client_of(head: bytes, peer: str, cookie_name: bytes, hops: int) -> tuple[str, bool]:
    """(who sent this request, whether it carries a session cookie) from the bytes of its
    request line and headers."""
    session = b""
    forwarded: list[bytes] = []
    for name, value in _HEADER.findall(head.split(b"\r\n\r\n", 1)[0]):
        lowered = name.lower()
        if lowered == b"cookie":
            for pair in value.split(b";"):
                key, _, cookie = pair.strip().partition(b"=")
                if key == cookie_name and cookie:
                    session = cookie
        elif lowered == b"x-forwarded-for":
            forwarded.append(value)
    if session:
        return "session:" + session.decode("latin-1"), True
    address = client_ip_from(peer, b",".join(forwarded).decode("latin-1"), hops)
    return "address:" + address, False


class _Done:
    """What finish_request expects of a future, for the connection this thread served."""

    def __init__(self, result: Any) -> None:
        self._result = result

    def result(self) -> Any:
        return self._result

    def cancelled(self) -> bool:
        return False


class FairThreadWorker(ThreadWorker):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fair = FairQueue()
        self._cookie_name: bytes | None = None
        self._hops = 0
        # Half-closed sockets waiting for the client's end, in order of their deadline, and
        # the bytes read from each so far (a socket leaves the dict when it is closed).
        self._lingering: deque[tuple[float, socket.socket]] = deque()
        self._drained: dict[socket.socket, int] = {}
        # Requests in the pool's threads, in all and per client (main thread only).
        self._running = 0
        self._in_flight: dict[str, int] = {}

    def _settings(self) -> tuple[bytes, int]:
        """The session cookie's name and TRUSTED_PROXY_COUNT from Django's settings (the app
        is loaded before the first request); the defaults for any other WSGI app."""
        if self._cookie_name is None:
            name, hops = "sessionid", 0
            try:
                from django.conf import settings

                if settings.configured:
                    name = settings.SESSION_COOKIE_NAME
                    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
            except ImportError:
                pass
            self._cookie_name, self._hops = name.encode(), hops
        return self._cookie_name, self._hops

    def _peer(self, conn: Any) -> str:
        client = conn.client
        return str(client[0]) if isinstance(client, tuple | list) and client else "local"

    def _who(self, conn: Any) -> tuple[str, bool] | None:
        """The client of the request waiting on this connection; None when nothing has
        arrived yet on a new connection."""
        try:
            head = conn.sock.recv(PEEK_BYTES, _PEEK_FLAGS)
        except BlockingIOError:
            if conn.initialized or conn.data_ready:
                # A kept-alive connection whose next request gunicorn already read into its
                # buffer: by address (the poller would wait in vain).
                return "address:" + self._peer(conn), False
            return None
        except (OSError, ValueError):
            head = b""
        conn.data_ready = True  # handle() need not wait for it again
        cookie_name, hops = self._settings()
        return client_of(head, self._peer(conn), cookie_name, hops)

    def enqueue_req(self, conn: Any) -> None:
        """On the main thread, as everything below except _serve: place the request in its
        client's line, then start whatever may start."""
        who = self._who(conn)
        if who is None:
            self._wait_until_readable(conn)
            return
        self.fair.put(who[0], who[1], conn)
        self._dispatch()

    def _dispatch(self) -> None:
        """Hand the next turns to free threads; a client already using its share of the
        threads (half of them) waits, so one client's requests never fill the worker."""
        share = max(1, self.cfg.threads // 2)
        while self._running < self.cfg.threads:
            turn = self.fair.get(busy=lambda client: self._in_flight.get(client, 0) >= share)
            if turn is None:
                return
            client, conn = turn
            self._running += 1
            self._in_flight[client] = self._in_flight.get(client, 0) + 1
            fs = self.tpool.submit(self._serve, client, conn)
            fs.add_done_callback(self._finished)

    def _wait_until_readable(self, conn: Any) -> None:
        """On the poller, like gthread's own deferred connections (same timeout, so the
        pending list stays in order for murder_pending)."""
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def _serve(self, client: str, conn: Any) -> tuple[str, Any, Any]:
        """In a pool thread."""
        try:
            return client, conn, self.handle(conn)
        except BaseException:  # handle() catches its own errors; never lose the connection
            return client, conn, False

    def _finished(self, fs: futures.Future[tuple[str, Any, Any]]) -> None:
        if fs.cancelled():
            return  # the pool is shutting down with the worker
        self.method_queue.defer(self._finish, *fs.result())

    def _finish(self, client: str, conn: Any, result: Any) -> None:
        """Keep-alive and deferred connections as gthread does; a connection to close
        lingers on the poller instead of in a blocking wait. Then the next turns."""
        self._running -= 1
        if self._in_flight.get(client, 0) <= 1:
            self._in_flight.pop(client, None)
        else:
            self._in_flight[client] -= 1
        if result:
            self.finish_request(conn, _Done(result))
        else:
            self.nr_conns -= 1
            self._linger(conn.sock)
        self._dispatch()

    def _linger(self, sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self._drain, sock))
        except (OSError, ValueError, KeyError):
            util.close(sock)
            return
        self._drained[sock] = 0
        self._lingering.append((time.monotonic() + LINGER_SECONDS, sock))

    def _drain(self, sock: socket.socket, _fileobj: Any = None) -> None:
        """The closing client sent something: read it away; close at its end."""
        while sock in self._drained:
            try:
                data = sock.recv(4096)
            except BlockingIOError:
                return  # more may come; the poller calls again
            except OSError:
                data = b""
            self._drained[sock] += len(data)
            if not data or self._drained[sock] >= LINGER_DRAIN:
                self._close_lingering(sock)

    def _close_lingering(self, sock: socket.socket) -> None:
        if self._drained.pop(sock, None) is None:
            return  # closed already
        with contextlib.suppress(OSError, KeyError, ValueError):
            self.poller.unregister(sock)
        util.close(sock)

    def murder_pending(self) -> None:
        """gthread's timeouts for connections waiting for data, and ours for lingering ones."""
        super().murder_pending()
        now = time.monotonic()
        while self._lingering and self._lingering[0][0] <= now:
            self._close_lingering(self._lingering.popleft()[1])
