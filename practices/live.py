"""The fast path of the poll: "has anything changed?" answered without touching the database.

Every change to a conversation writes its new state_version to the shared cache after commit.
The conversation page gives the poller a signed token binding the conversation to the
browser's session cookie (it proves the person was allowed to see it when the page was drawn,
and expires). A poll with a valid token whose version equals the cached one gets 204 at once;
anything else (no token, expired, cache miss, a change) takes the full path: login, access
check from the database, 404 for strangers.

Only a shared cache (Redis) is trusted: a per-process memory cache would miss changes made
in another worker, so with it every poll takes the full path. One Redis GET on loopback is far
cheaper than the session, user and conversation queries of the full path (BENCHMARKS.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from uuid import UUID

import redis
from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from couplesafe.lib import live as signals

SALT = "practices.poll"
TOKEN_MAX_AGE = 15 * 60  # seconds; a fresh token comes with every change the page receives
CACHE_SECONDS = 10 * 60

log = logging.getLogger(__name__)


def _location() -> str:
    """The Redis URL of the shared cache, or "" when the cache is per process."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith("RedisCache"):
        return ""
    location = config["LOCATION"]
    return str(location[0] if isinstance(location, list | tuple) else location)


def _client(location: str) -> redis.Redis:
    # One client (and connection pool) per process: Django's cache builds a new client object
    # on every call, which costs as much as the round trip on this path.
    return signals.client_for(location)


def _redis() -> redis.Redis | None:
    location = _location()
    return _client(location) if location else None


def enabled() -> bool:
    return bool(_location())


def _key(public_id: UUID | str) -> str:
    return signals.key("practices", "state", public_id)


def _session_tag(request: HttpRequest) -> str:
    raw = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    return hashlib.sha256(raw.encode()).hexdigest()[:32] if raw else ""


def token(request: HttpRequest, public_id: UUID | str) -> str:
    """For the poll URL; empty when the fast path is off or there is no session cookie."""
    tag = _session_tag(request)
    if not enabled() or not tag:
        return ""
    return signing.dumps([str(public_id), tag], salt=SALT, compress=True)


def token_valid(request: HttpRequest, public_id: UUID | str) -> bool:
    given = request.GET.get("t", "")
    if not given or not enabled():
        return False
    try:
        conv_id, tag = signing.loads(given, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return bool(conv_id == str(public_id) and tag and tag == _session_tag(request))


def unchanged(request: HttpRequest, public_id: UUID | str) -> bool:
    """True only when this browser may poll this conversation and nothing has changed."""
    version = request.GET.get("v", "")
    if not version or not token_valid(request, public_id):
        return False
    try:
        raw = _client(_location()).get(_key(public_id))
    except redis.RedisError:
        return False  # the full path still answers correctly, only slower
    if raw is None:
        return False
    current = raw.decode() if isinstance(raw, bytes) else str(raw)
    return current == version


def remember(public_id: UUID | str, state_version: int) -> None:
    """Fill a missing entry from the database. NX never overwrites, so a writer's newer
    value always wins over this read."""
    client = _redis()
    with contextlib.suppress(redis.RedisError):
        if client is not None:
            client.set(_key(public_id), state_version, ex=CACHE_SECONDS, nx=True)


# Versions only grow. Two commits' after-commit writes can arrive out of order; a plain SET
# could then leave the older version in Redis and a poller at that version would wrongly hear
# "nothing changed". This keeps the highest.
_SET_IF_HIGHER = """
local current = redis.call('GET', KEYS[1])
if (not current) or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
"""


def publish(public_id: UUID | str, state_version: int) -> None:
    client = _redis()
    if client is None:
        return
    try:
        client.eval(_SET_IF_HIGHER, 1, _key(public_id), state_version, CACHE_SECONDS)
    except redis.RedisError:
        # An old value left behind would answer "nothing changed" wrongly: drop it if we
        # can (then polls take the full path), and it expires within CACHE_SECONDS anyway.
        with contextlib.suppress(redis.RedisError):
            client.delete(_key(public_id))


def forget(public_ids: list[UUID]) -> None:
    """After a delete or a partner leaving: the next poll must go to the database (404)."""
    client = _redis()
    if client is None or not public_ids:
        return
    with contextlib.suppress(redis.RedisError):
        client.delete(*[_key(public_id) for public_id in public_ids])
