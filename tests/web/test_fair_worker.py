"""The web server takes clients in turn (couplesafe/lib/fair_worker.py): a flood from one
client cannot put its whole queue in front of another person's request."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from couplesafe.lib.fair_worker import FairQueue, client_of

ROOT = Path(__file__).resolve().parents[2]


def test_clients_take_turns_and_signed_in_and_anonymous_groups_alternate() -> None:
    queue = FairQueue()
    for n in range(4):
        queue.put("address:198.51.100.7", False, f"flood{n}")
    queue.put("session:storm", True, "storm0")
    queue.put("session:storm", True, "storm1")
    queue.put("session:second", True, "page")
    queue.put("address:203.0.113.9", False, "visitor")
    order = [queue.get()[1] for _ in range(len(queue))]
    assert order == [
        "storm0",  # signed-in group first (it starts), then the groups alternate
        "flood0",
        "page",  # the second person after one storm poll, not after the storm
        "visitor",  # another address after one flood request, not after the flood
        "storm1",
        "flood1",
        "flood2",
        "flood3",
    ]
    assert queue.get() is None


def test_a_client_using_its_share_of_the_threads_waits_for_its_next_turn() -> None:
    queue = FairQueue()
    queue.put("session:storm", True, "storm0")
    queue.put("session:second", True, "page")
    busy = {"session:storm"}
    assert queue.get(busy=busy.__contains__) == ("session:second", "page")
    assert queue.get(busy=busy.__contains__) is None  # only the busy client is waiting
    assert queue.get() == ("session:storm", "storm0")


def test_the_client_is_the_session_cookie_else_the_address_as_the_deployment_sees_it() -> None:
    head = (
        b"GET /home/ HTTP/1.1\r\nHost: x\r\nCookie: csrftoken=abc; sessionid=s3cr3t\r\n"
        b"X-Forwarded-For: 6.6.6.6, 203.0.113.9\r\n\r\n"
    )
    assert client_of(head, "10.0.0.1", b"sessionid", 1) == ("session:s3cr3t", True)
    anonymous = head.replace(b"; sessionid=s3cr3t", b"")
    assert client_of(anonymous, "10.0.0.1", b"sessionid", 1) == ("address:203.0.113.9", False)
    assert client_of(anonymous, "10.0.0.1", b"sessionid", 0) == ("address:10.0.0.1", False)
    # An empty cookie, or bytes that are not a request, count by address.
    assert (
        client_of(b"GET / HTTP/1.1\r\nCookie: sessionid=\r\n\r\n", "10.0.0.1", b"sessionid", 0)[1]
        is False
    )
    assert client_of(b"\x16\x03\x01garbage", "10.0.0.1", b"sessionid", 0) == (
        "address:10.0.0.1",
        False,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _send(port: int, path: str, cookie: str = "") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    extra = f"Cookie: sessionid={cookie}\r\n" if cookie else ""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}\r\n".encode())
    return sock


@contextmanager
def fair_server(tmp_path: Path) -> Iterator[int]:
    """gunicorn with the production gunicorn.conf.py (one process, one thread) serving
    tests/web/fair_app.py, which holds each request until FAIR_GATE exists and logs the order
    in FAIR_LOG; yields its port once it accepts connections."""
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FAIR_GATE": str(tmp_path / "gate"),
        "FAIR_LOG": str(tmp_path / "log"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    command += ["--no-control-socket", "tests.web.fair_app:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(30)


def test_a_signed_in_person_is_served_before_a_flood_queued_ahead_of_them(tmp_path) -> None:
    """One worker, one thread, busy. Twenty flood requests from one address arrive, then one
    from a signed-in person. First come, first served would answer the person last; taking
    turns answers them right after one flood request."""
    gate, log = tmp_path / "gate", tmp_path / "log"
    sockets: list[socket.socket] = []
    with fair_server(tmp_path) as port:
        sockets.append(_send(port, "/hold"))
        holding = Path(f"{log}.holding")
        for _ in range(600):
            if holding.exists():
                break
            time.sleep(0.1)
        sockets += [_send(port, f"/flood{n}") for n in range(20)]
        sockets.append(_send(port, "/page", cookie="second-person"))
        time.sleep(2)  # let the main thread accept and place them (placing, not timing)
        gate.touch()
        for sock in sockets:
            sock.recv(1024)  # every request is answered
            sock.close()
    served = log.read_text().split()
    assert served[0] == "/hold"
    assert served.index("/page") <= 2, served
    assert len(served) == 22


def test_clients_that_never_close_do_not_hold_up_the_server(tmp_path) -> None:
    """gthread lingers for each closing client's end on its main thread, up to 2 s each, and
    accepts nothing meanwhile: ten such clients held every other request up for 20 s. Here
    the lingering happens on the poller, so the next request is answered while they linger."""
    (tmp_path / "gate").touch()
    log = tmp_path / "log"
    lazy: list[socket.socket] = []
    with fair_server(tmp_path) as port:
        try:
            lazy = [_send(port, f"/lazy{n}") for n in range(10)]  # never closed by the client
            for _ in range(600):
                if log.exists() and len(log.read_text().split()) == 10:
                    break  # all ten answered; their closes now linger
                time.sleep(0.1)
            person = _send(port, "/page")
            person.settimeout(15)  # the ten lingering closes would take 20 s in turn
            assert person.recv(1024).startswith(b"HTTP/1.1 200")
            person.close()
        finally:
            for sock in lazy:
                sock.close()
