"""Real server processes for the live-update tests: the event server (uvicorn), gunicorn,
Celery workers and HAProxy, each a subprocess on a free loopback port, against this run's
test database and Redis."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s: {process.args!r}")


def server_env(**extra: str) -> dict[str, str]:
    """The settings of this test run for a child process: the test database, this run's
    Redis and live prefix."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "LIVE_PREFIX": settings.LIVE_PREFIX,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


@contextmanager
def running(
    args: list[str], *, port: int | None, env: dict[str, str], log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    out = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        if port is not None:
            wait_for_port(port, process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        if log:
            out.close()  # type: ignore[union-attr]


def event_server_args(port: int) -> list[str]:
    """The event server as production runs it (README: "Live updates")."""
    return [
        str(BIN / "uvicorn"),
        "couplesafe.asgi:application",
        "--host=127.0.0.1",
        f"--port={port}",
        "--no-access-log",
        "--lifespan=off",
        "--timeout-graceful-shutdown=2",
    ]


def gunicorn_args(port: int, workers: int = 2) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "couplesafe.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--no-control-socket",
    ]
