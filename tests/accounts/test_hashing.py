"""Password hashing under a flood: bounded waiting, and memory that goes back to the OS."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher

from couplesafe.accounts import hashers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def argon2(settings):
    settings.PASSWORD_HASHERS = ["couplesafe.accounts.hashers.BoundedArgon2PasswordHasher"]
    hashers.forget_slots()
    yield get_hasher("default")
    hashers.forget_slots()


def test_only_as_many_requests_wait_for_a_hashing_slot_as_there_are_slots(argon2, settings) -> None:
    """One slot: one request hashes, one may wait for it; a third is told "busy" at once
    instead of parking a third thread (fast pages need those threads)."""
    settings.PASSWORD_HASH_CONCURRENCY = 1
    settings.PASSWORD_HASH_WAIT = 600  # long: only a bounded number may ever wait this long
    encoded = argon2.encode("a calm river", argon2.salt())
    slots, entries = hashers._semaphores()
    entries.acquire()  # the one hash in progress: in the hashing path, holding the slot
    slots.acquire()
    waiter_done = threading.Event()
    waiter = threading.Thread(
        target=lambda: (argon2.verify("a calm river", encoded), waiter_done.set())
    )
    refused = []
    try:
        waiter.start()
        # The waiter is parked on the slot once the entries are down to one.
        for _ in range(6000):
            if entries._value == 0:  # type: ignore[attr-defined]
                break
            threading.Event().wait(0.01)
        third = threading.Thread(target=lambda: refused.append(_busy(argon2, encoded)))
        third.start()
        third.join(60)
        assert refused == [True], "the third request waited instead of being told busy"
    finally:
        slots.release()
        entries.release()
        waiter.join(60)
    assert waiter_done.is_set()  # the waiting one got the slot once it was free


def _busy(hasher, encoded: str) -> bool:
    try:
        hasher.verify("a calm river", encoded)
    except hashers.PasswordCheckBusy:
        return True
    return False


HASH_IN_THREADS = """
import json, sys, threading
from django.conf import settings
settings.configure(PASSWORD_HASH_CONCURRENCY=8, PASSWORD_HASH_WAIT=60)
from couplesafe.accounts import hashers
if sys.argv[1] == "fixed":
    assert hashers.return_hash_memory_to_the_os()
else:
    hashers._memory_configured = True  # as before the fix: glibc's adjusting threshold
hasher = hashers.BoundedArgon2PasswordHasher()

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

before = rss_mb()
def work():
    for _ in range(3):
        hasher.encode("a calm river", "saltsaltsalt1234")
threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"grown": rss_mb() - before}))
"""


def _grown_mb(mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", HASH_IN_THREADS, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["grown"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc, /proc")
def test_eight_threads_hashing_keep_no_argon2_blocks_afterwards() -> None:
    """Each Argon2 hash takes a 19 MiB block. Without the fixed mmap threshold every thread
    that hashed keeps one in its malloc arena (a worker grew by ~150 MB); with it they go
    back to the OS. The first run shows the test can tell the two apart."""
    assert _grown_mb("adjusting") > 4 * 19
    assert _grown_mb("fixed") < 2 * 19
