"""A tiny WSGI app for tests/web/test_fair_worker.py: `/hold` says so in a file, then waits
until the gate file exists (keeping the only thread busy); every request appends its path to the log file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    gate = Path(os.environ["FAIR_GATE"])
    if environ["PATH_INFO"] == "/hold":
        Path(os.environ["FAIR_LOG"] + ".holding").touch()  # the thread is taken from now on
        deadline = time.monotonic() + 60
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    with open(os.environ["FAIR_LOG"], "a") as log:
        log.write(environ["PATH_INFO"] + "\n")
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
