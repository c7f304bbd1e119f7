"""Throughput of the practices poll endpoint and conversation page under gunicorn, on loopback,
as a ratio to a bare Django view behind the same middleware, measured in the same run.

    .venv/bin/python bench/practices_poll.py [--requests 3000] [--seconds 15] [--concurrency 8]

It creates (or reuses) the PostgreSQL database `cs_practices_bench`, migrates it, makes a
couple with a conversation of 60 turns, starts gunicorn (2 sync workers, DEBUG off) on a free
port, and for each endpoint sends at most --requests requests or for at most --seconds
(whichever ends first) from --concurrency client threads, after a short warm-up. Two rounds,
interleaved, best of two per endpoint. Target: the unchanged-state poll ≥ 0.6× the bare view.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cs_practices_bench"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "bench.practices_settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "AXES_ENABLED": "1",
    "LOG_LEVEL": "WARNING",
    # The poll's fast path needs a cache shared by the workers (practices/live.py).
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2"),
    "PYTHONPATH": str(ROOT),
}


def prepare() -> tuple[str, str, str]:
    """Database, a couple, one conversation with 60 turns; returns (session, public_id, the
    poll URL the conversation page gives the browser)."""
    sys.path.insert(0, str(ROOT))
    from bench.setup_db import migrated_django

    migrated_django(DB_NAME, ENV)
    from django.test import Client

    from couplesafe.accounts.models import Couple, Membership, User
    from practices import scheduling, services
    from practices.models import Turn

    alice = User.objects.filter(email="bench-alice@example.com").first()
    if alice is None:
        alice = User.objects.create_user("bench-alice@example.com", "x", display_name="Alice")
        bob = User.objects.create_user("bench-bob@example.com", "x", display_name="Bob")
        couple = Couple.objects.create()
        Membership.objects.create(couple=couple, user=alice, seat=1)
        Membership.objects.create(couple=couple, user=bob, seat=2)
    bob = alice.active_couple.partner_of(alice)  # type: ignore[union-attr]
    from bench.setup_db import dialogue_version

    version = dialogue_version()
    conv = services.conversation_start(user=alice, version=version, topic="Bench", sender=alice)
    scheduling.conversation_accept(mode="apart", conversation=conv, user=bob)
    Turn.objects.bulk_create(
        Turn(
            conversation=conv,
            author=alice if n % 2 else bob,
            step_key="send",
            visit=10_000 + n,
            text=f"words {n}",
        )
        for n in range(60)
    )
    conv.refresh_from_db()
    client = Client()
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    import html
    import re

    page = client.get(f"/practices/{conv.public_id}/", HTTP_HOST="127.0.0.1").content.decode()
    poll = html.unescape(re.search(r'hx-get="([^"]+/version/[^"]+)"', page).group(1))  # type: ignore[union-attr]
    return client.cookies["sessionid"].value, str(conv.public_id), poll


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hammer(
    port: int, path: str, cookie: str, requests: int, seconds: float, threads: int
) -> tuple[float, dict[int, int]]:
    """Requests per second, and the status codes seen."""
    lock = threading.Lock()
    sent = [0]
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        while True:
            with lock:
                if sent[0] >= requests or time.perf_counter() > deadline:
                    return
                sent[0] += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(
                "GET", path, headers={"Cookie": f"sessionid={cookie}", "HX-Request": "true"}
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    return sum(statuses.values()) / elapsed, statuses


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    cookie, public_id, poll = prepare()
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "couplesafe.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        endpoints = {
            "bare view (no login)": "/bench/bare/",
            "bare view (@login_required)": "/bench/bare-login/",
            "poll, unchanged (204)": poll,
            "poll, unchanged, no token (204)": poll.split("&")[0],
            "poll, changed (200 fragment)": f"/practices/{public_id}/version/?v=0",
            "conversation page (200)": f"/practices/{public_id}/",
        }
        for path in endpoints.values():  # warm-up: imports, connections, template caches
            hammer(port, path, cookie, 50, 5, 2)
        best: dict[str, float] = {}
        for _round in range(2):
            for name, path in endpoints.items():
                rate, statuses = hammer(
                    port, path, cookie, args.requests, args.seconds, args.concurrency
                )
                assert set(statuses) <= {200, 204}, (name, statuses)
                best[name] = max(best.get(name, 0.0), rate)
    finally:
        server.terminate()
        server.wait(10)

    bare = best["bare view (no login)"]
    bare_login = best["bare view (@login_required)"]
    print(
        f"gunicorn {args.workers} sync workers, {args.concurrency} client threads, "
        f"≤{args.requests} requests or ≤{args.seconds:.0f} s per endpoint, best of 2 rounds, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'endpoint':34} {'req/s':>8} {'× bare':>7} {'× bare+login':>13}")
    for name, rate in best.items():
        print(f"{name:34} {rate:8.0f} {rate / bare:7.2f} {rate / bare_login:13.2f}")
    poll_ratio = best["poll, unchanged (204)"] / bare
    print(
        f"\nTarget: unchanged poll ≥ 0.6× bare view → {poll_ratio:.2f}× "
        f"({'met' if poll_ratio >= 0.6 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
