"""Password hashing that cannot starve the server.

Argon2id with OWASP's current recommendation (Password Storage Cheat Sheet: m=19 MiB, t=2,
p=1 is the first of its equivalent configurations). Django's default is 100 MiB with p=8:
memory-hard on purpose, but two workers checking a flood of wrong passwords each grew past
200 MB and every other page waited. 19 MiB × t=2 costs an attacker about the same per guess
(the cheat sheet lists the pairs as equivalent) while a worker stays small. Existing hashes
keep working: the parameters are stored in each hash, and Django re-hashes with these on the
next successful login (must_update).

At most PASSWORD_HASH_CONCURRENCY hashes run at once per process, and at most as many more
requests wait (up to PASSWORD_HASH_WAIT seconds) for a slot. Anyone beyond that is told at
once, kindly, that we are busy (503 + Retry-After): a thread parked on a hashing slot is a
thread a fast page cannot use, so waiting is bounded in both time and number.

Memory: glibc's malloc serves an allocation above its mmap threshold (128 KiB at first) with
mmap and gives it back on free, but raises the threshold to the size of the freed block — so
after the first hash every 19 MiB Argon2 block came from the calling thread's malloc arena
and stayed there: each gthread thread that ever hashed kept ~19 MiB (measured: 8 threads,
+152 MB RSS). Fixing the threshold (mallopt) turns that adjustment off: every hash's memory
goes back to the operating system when the hash is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024  # glibc's default; fixed, it no longer follows freed blocks


class PasswordCheckBusy(Exception):
    """Every hashing slot of this process is taken; try again in a moment."""


_slots: threading.BoundedSemaphore | None = None
_entries: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _semaphores() -> tuple[threading.BoundedSemaphore, threading.BoundedSemaphore]:
    """(the hashing slots, the places in the hashing path: slots plus as many waiters)."""
    global _slots, _entries
    with _slots_lock:
        if _slots is None or _entries is None:
            concurrency = max(1, settings.PASSWORD_HASH_CONCURRENCY)
            _slots = threading.BoundedSemaphore(concurrency)
            _entries = threading.BoundedSemaphore(2 * concurrency)
            return_hash_memory_to_the_os()
        return _slots, _entries


def _semaphore() -> threading.BoundedSemaphore:
    return _semaphores()[0]


def forget_slots() -> None:
    """New semaphores from the settings on next use (tests change the settings)."""
    global _slots, _entries
    with _slots_lock:
        _slots = _entries = None


_memory_configured = False


def return_hash_memory_to_the_os() -> bool:
    """Fix glibc's mmap threshold once per process (see the module's docstring). True when
    it is fixed; False where the C library is not glibc (musl, macOS: nothing to fix)."""
    global _memory_configured
    if _memory_configured:
        return True
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _memory_configured = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    return _memory_configured


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def _bounded(self, work: Any, *args: Any) -> Any:
        slots, entries = _semaphores()
        if not entries.acquire(blocking=False):
            raise PasswordCheckBusy  # the slots are taken and as many already wait
        try:
            if not slots.acquire(timeout=settings.PASSWORD_HASH_WAIT):
                raise PasswordCheckBusy
            try:
                return work(*args)
            finally:
                slots.release()
        finally:
            entries.release()

    def encode(self, password: str, salt: str) -> str:
        return str(self._bounded(super().encode, password, salt))

    def verify(self, password: str, encoded: str) -> bool:
        return bool(self._bounded(super().verify, password, encoded))
