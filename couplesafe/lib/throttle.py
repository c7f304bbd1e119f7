"""Counters in the shared cache: code look-ups, password re-confirmation, the conversation
poll and password checks per address.

Each count's window starts with its first try and lasts `Limit.seconds` (the key's expiry), so
no window lines up with the clock: a guesser cannot spend one hour's tries at 06:59 and the
next hour's at 07:00.

The counters live in Django's cache, which is Redis in production (CACHE_URL/REDIS_URL), so
every worker process and every web node sees the same count; nothing is kept in process memory
but refusals (below). Keys carry only hashes of what they count (an address, a session
cookie), never the value.

Refusing is the cheap path, because a flood is mostly refusals:
- counting is one Redis round trip (SET NX EX and INCR in one MULTI), not the three of
  Django's cache API (SET NX, EXISTS, INCR), each with a new client object;
- once a count is over its limit the window's end is remembered in this process, and every
  further try in that window is refused from memory — no Redis at all. A window only ever
  counts up, so a refusal stays true until it ends; another process or node learns it with
  its own first refused try.
"""

from __future__ import annotations

import functools
import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # tries allowed per window
    seconds: int  # the window


def _key(limit: Limit, who: str) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}"


def _ends_key(key: str) -> str:
    """Where a cache without expiry times to read (not Redis) keeps a window's end."""
    return f"{key}:ends"


# (key, allowed count) → the end of the window in which that count was exceeded.
_refused: dict[tuple[str, int], float] = {}
_refused_lock = threading.Lock()
REFUSED_KEPT = 10_000  # distinct refused keys remembered per process, at most


def _remembered(memo: tuple[str, int]) -> int:
    ends = _refused.get(memo)
    if ends is None:
        return 0
    left = ends - time.time()
    if left <= 0:
        _refused.pop(memo, None)
        return 0
    return max(1, math.ceil(left))


def _remember(memo: tuple[str, int], ends: float) -> None:
    with _refused_lock:
        if len(_refused) >= REFUSED_KEPT:
            now = time.time()
            for old in [m for m, end in _refused.items() if end <= now]:
                del _refused[old]
            if len(_refused) >= REFUSED_KEPT:
                _refused.clear()  # only a memory: the counts in the cache still hold
        _refused[memo] = ends


def forget_refusals() -> None:
    """This process's memory of refusals (tests start each case without one)."""
    with _refused_lock:
        _refused.clear()


def _redis_client() -> redis.Redis | None:
    """The shared cache's Redis, one client per process; None for another cache backend."""
    config = settings.CACHES["default"]
    if not str(config["BACKEND"]).endswith("RedisCache"):
        return None
    from couplesafe.lib.live import client_for

    location = config["LOCATION"]
    return client_for(str(location[0] if isinstance(location, list | tuple) else location))


def _count(key: str, seconds: int) -> tuple[int, float]:
    """Count one try under `key`; returns the count so far and when its window ends."""
    client = _redis_client()
    if client is not None:
        # The cache's own key (prefix, version), so blocked() reads it with cache.get();
        # Django's Redis serializer keeps integers as plain numbers, as INCR needs. INCR keeps
        # the expiry that the first try's SET NX EX gave the key.
        full = cache.make_key(key)
        pipe = client.pipeline(transaction=True)
        pipe.set(full, 0, ex=seconds, nx=True)
        pipe.incr(full)
        pipe.pttl(full)
        _, count, left_ms = pipe.execute()
        return int(count), time.time() + max(int(left_ms), 0) / 1000
    # add() is atomic (SET NX); incr() is atomic (INCR): two processes never lose a count.
    now = time.time()
    cache.add(_ends_key(key), now + seconds, timeout=seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        count = 1
    return count, float(cache.get(_ends_key(key)) or now + seconds)


def _window_end(key: str) -> float:
    client = _redis_client()
    if client is not None:
        return time.time() + max(int(client.pttl(cache.make_key(key))), 0) / 1000
    return float(cache.get(_ends_key(key)) or time.time())


def hit(limit: Limit, who: str) -> int:
    """Count one try. Returns 0 when it is allowed, else the seconds until the window ends
    (for a Retry-After header or a kind "try again in a few minutes")."""
    key = _key(limit, who)
    memo = (key, limit.count)
    if wait := _remembered(memo):
        return wait
    count, ends = _count(key, limit.seconds)
    if count <= limit.count:
        return 0
    _remember(memo, ends)
    return max(1, math.ceil(ends - time.time()))


def blocked(limit: Limit, who: str) -> int:
    """Like hit() but without counting: seconds to wait, or 0."""
    key = _key(limit, who)
    count = cache.get(key) or 0
    if count < limit.count:
        return 0
    return max(1, math.ceil(_window_end(key) - time.time()))


def reset(limit: Limit, who: str) -> None:
    key = _key(limit, who)
    cache.delete_many([key, _ends_key(key)])
    with _refused_lock:
        _refused.pop((key, limit.count), None)


def polls_per_session() -> Limit:
    return Limit("poll", settings.POLLS_PER_10_SECONDS, 10)


def poll_rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A poll endpoint answers 429 with Retry-After to a session polling faster than the page
    ever would (static/js/app.js waits that long before polling again). Counted per session
    cookie (per address without one) in the shared cache, before any other work."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from couplesafe.lib.client_address import client_ip

        session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        who = f"session:{session}" if session else f"ip:{client_ip(request)}"
        if wait := hit(polls_per_session(), who):
            response = HttpResponse(status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
