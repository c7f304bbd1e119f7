"""Fixed-window counters in the shared cache: code look-ups, password re-confirmation, the
conversation poll and password checks per address.

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


def _key(limit: Limit, who: str) -> tuple[str, int]:
    window_start = int(time.time()) // limit.seconds * limit.seconds
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}:{window_start}", window_start


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


def _count(key: str, timeout: int) -> int:
    client = _redis_client()
    if client is not None:
        # The cache's own key (prefix, version), so blocked() reads it with cache.get();
        # Django's Redis serializer keeps integers as plain numbers, as INCR needs.
        full = cache.make_key(key)
        pipe = client.pipeline(transaction=True)
        pipe.set(full, 0, ex=timeout, nx=True)
        pipe.incr(full)
        return int(pipe.execute()[1])
    # add() is atomic (SET NX); incr() is atomic (INCR): two processes never lose a count.
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def hit(limit: Limit, who: str) -> int:
    """Count one try. Returns 0 when it is allowed, else the seconds until the window ends
    (for a Retry-After header or a kind "try again in a few minutes")."""
    key, window_start = _key(limit, who)
    memo = (key, limit.count)
    if wait := _remembered(memo):
        return wait
    if _count(key, limit.seconds + 1) <= limit.count:
        return 0
    ends = window_start + limit.seconds
    _remember(memo, ends)
    return max(1, math.ceil(ends - time.time()))


def blocked(limit: Limit, who: str) -> int:
    """Like hit() but without counting: seconds to wait, or 0."""
    key, window_start = _key(limit, who)
    count = cache.get(key) or 0
    if count < limit.count:
        return 0
    return max(1, math.ceil(window_start + limit.seconds - time.time()))


def reset(limit: Limit, who: str) -> None:
    key = _key(limit, who)[0]
    cache.delete(key)
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
