"""Fixed-window counters in the shared cache: code look-ups, password re-confirmation, the
conversation poll and password checks per address.

The counters live in Django's cache, which is Redis in production (CACHE_URL/REDIS_URL), so
every worker process and every web node sees the same count; nothing is kept in process memory.
Keys carry only hashes of what they count (an address, a session cookie), never the value.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


def polls_per_session() -> Limit:
    from django.conf import settings

    return Limit("poll", settings.POLLS_PER_10_SECONDS, 10)


def poll_rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A poll endpoint answers 429 with Retry-After to a session polling faster than the page
    ever would (static/js/app.js waits that long before polling again). Counted per session
    cookie (per address without one) in the shared cache, before any other work."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.conf import settings

        from couplesafe.lib.client_address import client_ip

        session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        who = f"session:{session}" if session else f"ip:{client_ip(request)}"
        if wait := hit(polls_per_session(), who):
            response = HttpResponse(status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
