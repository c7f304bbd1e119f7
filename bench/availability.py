"""Availability under abuse: a login flood and a poll storm must not starve another person.

    .venv/bin/python bench/availability.py [--seconds 20] [--flood 200] [--poll-rate 500]
        [--scenarios idle,flood-one,flood-many,storm] [--profile DIR]

It creates (or reuses) the PostgreSQL database `cs_hardening_bench`, migrates it, makes a
couple with a conversation (the storm's session) and a second signed-in person, then starts
gunicorn the way production runs it (the repository's gunicorn.conf.py, DEBUG off, Argon2 as
configured, Redis as the shared cache) and runs each scenario for --seconds, the load in its
own process (bench/availability_load.py):

1. login flood, one address: --flood clients, each in a loop: GET the login page, POST a
   random email with a wrong password (all from 127.0.0.1, so the per-address throttle acts);
2. login flood, many addresses: the same behind a trusted proxy (TRUSTED_PROXY_COUNT=1) with a
   random X-Forwarded-For per attempt, so only the bounded hashing slots protect the server;
3. poll storm: one session polling the conversation's version endpoint at --poll-rate
   requests per second.

Meanwhile a second signed-in person loads /home/ every 100 ms from this process; their
latencies (p50, p95) and every gunicorn worker's peak RSS (sampled from /proc every 0.2 s) are
reported, with the load average at the start and end. --profile records each worker with
py-spy (bench/pyspy.py) and prints the top of the profile.
Targets (issue #11): the second person's p95 ≤ 1 s, each worker's RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import pyspy

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cs_hardening_bench"
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "couplesafe.settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6"),
    "CELERY_BROKER_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6"),
    "PYTHONPATH": str(ROOT),
}


def prepare() -> tuple[str, str, str]:
    """Returns (the second person's session, the storm's session, the storm's poll URL)."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            db.execute(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=ENV, check=True
    )
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from couplesafe.accounts.models import Couple, Membership, User
    from couplesafe.content.selectors import practice_version
    from practices import scheduling, services

    def person(email: str, name: str) -> User:
        user = User.objects.filter(email=email).first()
        return user or User.objects.create_user(
            email, "a calm river at dawn", display_name=name, email_verified_at=timezone.now()
        )

    alice, bob = person("storm-a@example.com", "Ana"), person("storm-b@example.com", "Ben")
    if alice.active_couple is None:
        couple = Couple.objects.create()
        Membership.objects.create(couple=couple, user=alice, seat=1)
        Membership.objects.create(couple=couple, user=bob, seat=2)
        alice.forget_couple_cache()
    second = person("second@example.com", "Sol")
    call_command("load_content", verbosity=0)  # idempotent: the shipped practice library
    version = practice_version("intentional-dialogue")
    assert version is not None
    conv = services.conversation_start(user=alice, version=version, topic="Bench", sender=alice)
    scheduling.conversation_accept(conversation=conv, user=bob, mode="apart")
    import html

    storm = Client()
    storm.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    page = storm.get(f"/practices/{conv.public_id}/", HTTP_HOST="127.0.0.1").content.decode()
    poll = html.unescape(re.search(r'hx-get="([^"]+/version/[^"]+)"', page).group(1))  # type: ignore[union-attr]
    other = Client()
    other.force_login(second, backend="django.contrib.auth.backends.ModelBackend")
    return other.cookies["sessionid"].value, storm.cookies["sessionid"].value, poll


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: str = ""
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Gunicorn:
    """gunicorn as production runs it: the repository's gunicorn.conf.py (gthread workers,
    WEB_CONCURRENCY processes × GUNICORN_THREADS threads), only the address changed."""

    def __init__(self, extra_env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "couplesafe.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--no-control-socket",  # gunicorn 27's, shared per user: not another run's
            ],
            cwd=ROOT,
            env={**ENV, **extra_env},
        )
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)

    def warm_up(self, cookie: str, poll_cookie: str, poll: str) -> None:
        """Until each page of the scenarios has been answered a few times (each worker's
        database connections, templates, lazily compiled patterns)."""
        deadline = time.monotonic() + 300
        for path, session in (("/home/", cookie), ("/accounts/login/", ""), (poll, poll_cookie)):
            answered = 0
            while answered < 6 and time.monotonic() < deadline:
                headers = {"Cookie": f"sessionid={session}"} if session else {}
                try:
                    status, _, _ = request(self.port, "GET", path, headers)
                    answered += status in {200, 204}
                except OSError:
                    time.sleep(1)

    def stop(self) -> None:
        # Gunicorn's graceful stop waits for busy threads (up to 30 s); a run under a flood
        # gets a hard stop after 15 s instead (the first full run failed here).
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(15)


def measure(
    server: Gunicorn, second_cookie: str, load: subprocess.Popen[str] | None, seconds: float
) -> dict[str, float]:
    """While the load process runs (or for `seconds` without one), the second person loads
    /home/ every 100 ms and every worker's RSS is sampled."""
    latencies: list[float] = []
    peak: dict[int, float] = {}
    statuses: Counter[int] = Counter()
    stop = threading.Event()

    def second_person() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            status, _, _ = request(
                server.port, "GET", "/home/", {"Cookie": f"sessionid={second_cookie}"}
            )
            latencies.append(time.perf_counter() - start)
            statuses[status] += 1
            time.sleep(0.1)

    def sampler() -> None:
        while not stop.is_set():
            for pid in worker_pids(server.process.pid):
                peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
            time.sleep(0.2)

    threads = [threading.Thread(target=second_person), threading.Thread(target=sampler)]
    for thread in threads:
        thread.start()
    if load is None:
        time.sleep(seconds)
    else:
        load.wait()
    stop.set()
    for thread in threads:
        thread.join()
    assert set(statuses) == {200}, f"the second person got {dict(statuses)}"
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
        "max": ordered[-1],
        "rss": max(peak.values() or [0.0]),
    }


def start_load(
    kind: str, server: Gunicorn, args: argparse.Namespace, cookie: str, poll: str
) -> subprocess.Popen[str]:
    """The flood or the storm in its own process (bench/availability_load.py)."""
    command = [sys.executable, str(ROOT / "bench" / "availability_load.py"), kind]
    command += ["--port", str(server.port), "--seconds", str(args.seconds)]
    if kind == "storm":
        command += ["--rate", str(args.poll_rate), "--cookie", cookie, "--path", poll]
    else:
        command += ["--clients", str(args.flood)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def load_result(load: subprocess.Popen[str] | None) -> tuple[Counter[int], float]:
    if load is None:
        return Counter(), 0.0
    out, _ = load.communicate()
    result = json.loads(out.strip().splitlines()[-1])
    return Counter({int(k): v for k, v in result["statuses"].items()}), result["seconds"]


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def report(
    name: str, result: dict[str, float], statuses: Counter[int], seconds: float, load: str
) -> None:
    sent = sum(statuses.values())
    met = result["p95"] <= 1.0 and result["rss"] <= 300
    print(
        f"| {name} | {sent} ({sent / seconds:.0f}/s) {dict(sorted(statuses.items()))} | "
        f"{result['requests']:.0f} | {result['p50'] * 1000:.0f} ms | {result['p95'] * 1000:.0f} ms "
        f"| {result['max'] * 1000:.0f} ms | {result['rss']:.0f} MB | {load} "
        f"| {'met' if met else 'NOT met'} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--poll-rate", type=int, default=500)
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated, of {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--profile", type=Path, help="record each worker with py-spy into this directory"
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    second_cookie, storm_cookie, poll = prepare()
    print(
        f"gunicorn.conf.py: {os.environ.get('WEB_CONCURRENCY', '2')} gthread workers × "
        f"{os.environ.get('GUNICORN_THREADS', 'the default')} threads, {os.cpu_count()} CPUs, "
        f"{args.seconds:.0f} s per scenario; the second person loads /home/ every 100 ms\n"
    )
    print(
        "| scenario | load sent (status: count) | 2nd person requests | p50 | p95 | max "
        "| peak worker RSS | load average (start → end) | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    profiles: dict[str, list[Path]] = {}
    for kind in chosen:
        name, extra_env = SCENARIOS[kind]
        server = Gunicorn(extra_env)
        try:
            server.warm_up(second_cookie, storm_cookie, poll)
            recorders = []
            if args.profile:
                pids = worker_pids(server.process.pid)
                recorders = pyspy.record(pids, args.seconds, args.profile / kind)
            before = load_average()
            load = None if kind == "idle" else start_load(kind, server, args, storm_cookie, poll)
            result = measure(server, second_cookie, load, args.seconds)
            statuses, seconds = load_result(load)
            report(
                name,
                result,
                statuses,
                seconds or args.seconds,
                f"{before:.1f} → {load_average():.1f}",
            )
            if recorders:
                profiles[name] = pyspy.wait(recorders)
        finally:
            server.stop()
            time.sleep(2)
    for name, files in profiles.items():
        print(f"\n### py-spy, {name}\n\n```\n{pyspy.summary(files)}\n```")


SCENARIOS: dict[str, tuple[str, dict[str, str]]] = {
    "idle": ("idle (baseline)", {}),
    "flood-one": ("login flood, one address", {}),
    "flood-many": ("login flood, random addresses via proxy", {"TRUSTED_PROXY_COUNT": "1"}),
    "storm": ("poll storm, one session", {}),
}


if __name__ == "__main__":
    main()
