"""Every signed-in page against a bare signed-in view (Bs), and Bs against a bare anonymous
view (B0), all in one run, on a production-configured CoupleSafe.

    .venv/bin/python bench/page_ratios.py [--rounds 4] [--seconds 5] [--connections 8] [--scale 1]

Production settings (`DJANGO_ENV=production`, DEBUG off, hashed static files from
`collectstatic`, `cached_db` sessions on Redis, the psycopg pool), gunicorn with the
production `gunicorn.conf.py` (gthread, `WEB_CONCURRENCY` 2 × `GUNICORN_THREADS` 4) on
loopback, the database `cs_pages_bench` (made and migrated if missing) with the data of
bench/pages_data.py, Redis db 9 (`BENCH_REDIS_URL`). The client is wrk (`apt-get install
wrk`): `--connections` keep-alive connections on 2 threads, `--seconds` per endpoint, every
endpoint once per round, rounds interleaved, so a load spike from other jobs on the machine
hits all endpoints alike; the table gives each endpoint's median over the rounds and its ratio
to the median of Bs. Requests carry `X-Forwarded-Proto: https`, as behind the TLS proxy.
Targets (issue #12): every page ≥ 0.5× Bs, the dashboard with 20 couples ≥ 0.3× Bs, and
Bs ≥ 0.5× B0.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cs_pages_bench"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
# Fixed per machine, so the data made in one run decrypts in the next.
KEY_FILE = Path(os.environ.get("BENCH_KEY_FILE", "/tmp/cs-pages-bench.key"))
if not KEY_FILE.exists():
    KEY_FILE.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode())
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "bench.practices_settings",
    "DJANGO_ENV": "production",
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "k" * 60,
    "FIELD_ENCRYPTION_KEYS": KEY_FILE.read_text().strip(),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "CACHE_URL": REDIS,
    "CELERY_BROKER_URL": REDIS,
    "LIVE_PREFIX": "cs-bench-pages",
    "LOG_LEVEL": "ERROR",
    # One session polls hundreds of times a second here; the per-session poll limit (15 per
    # 10 s) would answer 429 after the first few.
    "POLLS_PER_10_SECONDS": "100000000",
    "MAIL_URL": "file:///tmp/cs-pages-bench-mail",
    "PYTHONPATH": str(ROOT),
    "BENCH_STATIC_ROOT": "/tmp/cs-pages-bench-static",
}
TARGETS = {"page": 0.5, "dashboard": 0.3, "bs": 0.5}


def production_django(env: dict[str, str] = ENV) -> None:
    """The bench database migrated, static files collected (production's hashed names), and
    Django set up in this process."""
    sys.path.insert(0, str(ROOT))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    from bench.setup_db import migrated_django

    migrated_django(DB_NAME, env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ready_within(port: int, seconds: float) -> None:
    """Until both workers answer (on a loaded machine a worker's imports take 10–30 s)."""
    import http.client

    deadline, answered = time.monotonic() + seconds, 0
    while answered < 8:
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn did not answer")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/bare/", headers={"X-Forwarded-Proto": "https"})
            answered += conn.getresponse().status == 204
            conn.close()
        except OSError:
            time.sleep(0.5)


def wrk(port: int, path: str, cookie: str, seconds: float, connections: int, htmx: bool) -> float:
    headers = ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        headers += ["-H", f"Cookie: sessionid={cookie}"]
    if htmx:
        headers += ["-H", "HX-Request: true"]
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "10s",
            *headers,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise SystemExit(f"{path}: errors\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    production_django()
    from bench.pages_data import pages, prepare

    sessions = prepare(scale=args.scale)
    cookies = {"anon": "", "partner": sessions.partner, "therapist": sessions.therapist}
    endpoints = pages(sessions)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "couplesafe.wsgi:application",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=ENV,
    )
    rates: dict[str, list[float]] = {name: [] for name in endpoints}
    try:
        ready_within(port, 180)
        for name, (path, who) in endpoints.items():  # warm-up: imports, pools, templates
            wrk(port, path, cookies[who], 1, 2, "poll" in name)
        for n in range(args.rounds):
            for name, (path, who) in endpoints.items():
                rates[name].append(
                    wrk(port, path, cookies[who], args.seconds, args.connections, "poll" in name)
                )
            print(f"round {n + 1} of {args.rounds}: {rates}", file=sys.stderr)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    median = {name: statistics.median(r) for name, r in rates.items()}
    b0, bs = median["B0 bare view, anonymous"], median["Bs bare view, signed in"]
    load = os.getloadavg()
    print(
        f"gunicorn gthread {ENV.get('WEB_CONCURRENCY', '2')}×{ENV.get('GUNICORN_THREADS', '4')}, "
        f"wrk {args.connections} connections, {args.seconds:.0f} s × {args.rounds} interleaved "
        f"rounds, scale {args.scale}, {os.cpu_count()} CPUs, load average at the end "
        f"{load[0]:.1f}/{load[1]:.1f}"
    )
    print("\n| endpoint | req/s (median) | rounds | × Bs | target | |")
    print("|---|---|---|---|---|---|")
    for name, rate in median.items():
        ratio = rate / bs
        if name.startswith("B0"):
            target, met = "", ""
        elif name.startswith("Bs"):
            target = f"≥ {TARGETS['bs']}× B0"
            met = "met" if bs / b0 >= TARGETS["bs"] else "NOT met"
            ratio = bs / b0
        elif "poll" in name:
            target, met = "", ""
        else:
            goal = TARGETS["dashboard"] if "dashboard" in name else TARGETS["page"]
            target, met = f"≥ {goal}", "met" if ratio >= goal else "NOT met"
        shown = f"{ratio:.2f}× B0" if name.startswith("Bs") else f"{ratio:.2f}"
        spread = "–".join(f"{r:.0f}" for r in (min(rates[name]), max(rates[name])))
        print(f"| {name} | {rate:.0f} | {spread} | {shown} | {target} | {met} |")


if __name__ == "__main__":
    main()
