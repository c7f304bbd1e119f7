"""Password hashing that cannot starve the server.

Argon2id with OWASP's current recommendation (Password Storage Cheat Sheet: m=19 MiB, t=2,
p=1 is the first of its equivalent configurations). Django's default is 100 MiB with p=8:
memory-hard on purpose, but two workers checking a flood of wrong passwords each grew past
200 MB and every other page waited. 19 MiB × t=2 costs an attacker about the same per guess
(the cheat sheet lists the pairs as equivalent) while a worker stays small. Existing hashes
keep working: the parameters are stored in each hash, and Django re-hashes with these on the
next successful login (must_update).

At most PASSWORD_HASH_CONCURRENCY hashes run at once per process; a request that cannot get a
slot within PASSWORD_HASH_WAIT seconds is told kindly that we are busy (503 + Retry-After)
instead of queueing threads that fast pages need.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PasswordCheckBusy(Exception):
    """Every hashing slot of this process is taken; try again in a moment."""


_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.PASSWORD_HASH_CONCURRENCY)
        return _slots


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def _bounded(self, work: Any, *args: Any) -> Any:
        slots = _semaphore()
        if not slots.acquire(timeout=settings.PASSWORD_HASH_WAIT):
            raise PasswordCheckBusy
        try:
            return work(*args)
        finally:
            slots.release()

    def encode(self, password: str, salt: str) -> str:
        return str(self._bounded(super().encode, password, salt))

    def verify(self, password: str, encoded: str) -> bool:
        return bool(self._bounded(super().verify, password, encoded))
