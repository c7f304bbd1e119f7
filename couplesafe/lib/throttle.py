"""Fixed-window counters in the shared cache: code look-ups, password re-confirmation, the
conversation poll and password checks per address.

The counters live in Django's cache, which is Redis in production (CACHE_URL/REDIS_URL), so
every worker process and every web node sees the same count; nothing is kept in process memory.
Keys carry only hashes of what they count (an address, a session cookie), never the value.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # tries allowed per window
    seconds: int  # the window


def _key(limit: Limit, who: str) -> tuple[str, int]:
    window_start = int(time.time()) // limit.seconds * limit.seconds
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}:{window_start}", window_start


def hit(limit: Limit, who: str) -> int:
    """Count one try. Returns 0 when it is allowed, else the seconds until the window ends
    (for a Retry-After header or a kind "try again in a few minutes")."""
    key, window_start = _key(limit, who)
    # add() is atomic (SET NX); incr() is atomic (INCR): two processes never lose a count.
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count <= limit.count:
        return 0
    return max(1, math.ceil(window_start + limit.seconds - time.time()))


def blocked(limit: Limit, who: str) -> int:
    """Like hit() but without counting: seconds to wait, or 0."""
    key, window_start = _key(limit, who)
    count = cache.get(key) or 0
    if count < limit.count:
        return 0
    return max(1, math.ceil(window_start + limit.seconds - time.time()))


def reset(limit: Limit, who: str) -> None:
    cache.delete(_key(limit, who)[0])
