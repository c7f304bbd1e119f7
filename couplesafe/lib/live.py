"""Live updates, the publishing side: "something changed for you" signals through Redis pub/sub.

Every write that a partner's open page should show (a conversation asked for or moved on, a
card drawn, a check-in) calls `notify(...)` from the same service that records it; after the
commit one small message goes to each member's channel. The event server
(`couplesafe.lib.stream`) holds each open page's stream and passes the signal on; the page then
fetches its region through the ordinary, logged-in view. A signal carries a topic and at most
a conversation's public id (already in the page's URL), never words.

`end_streams(...)` closes streams at once when their scope changes: logging out (the session's
channel), ending the couple, a therapist link ending, an account deleted (the person's channel).
The browser reconnects; a signed-out or deleted person gets no new stream.

Channels and keys carry LIVE_PREFIX (settings), so parallel test runs and several deployments
on one Redis never hear each other (pub/sub channels are global across Redis databases).
Without Redis (LIVE_REDIS_URL empty) nothing is published and pages poll as before.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Iterable

import redis
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

CONVERSATION = "conversation"
CARDS = "cards"
CHECKIN = "checkin"
APPRECIATION = "appreciation"
TOPICS = (CONVERSATION, CARDS, CHECKIN, APPRECIATION)
END = "end"


def redis_url() -> str:
    return str(getattr(settings, "LIVE_REDIS_URL", "") or "")


def enabled() -> bool:
    return bool(redis_url())


@functools.cache
def client_for(url: str) -> redis.Redis:
    """One client (and connection pool) per process and URL: building a client per call costs
    as much as the round trip itself."""
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def key(*parts: object) -> str:
    """A Redis key or channel name under this deployment's prefix."""
    return ":".join([settings.LIVE_PREFIX, *(str(p) for p in parts)])


def user_channel(user_id: int) -> str:
    return key("live", "u", user_id)


def session_channel(session_key: str) -> str:
    # The session key itself never travels through Redis pub/sub, only a digest of it.
    digest = hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return key("live", "s", digest)


def pattern() -> str:
    """What one event-server process subscribes to: every channel of this deployment."""
    return key("live", "*")


def _send(channels: list[str], message: dict[str, str]) -> None:
    url = redis_url()
    if not url or not channels:
        return
    payload = json.dumps(message, separators=(",", ":"))
    try:
        pipe = client_for(url).pipeline(transaction=False)
        for channel in channels:
            pipe.publish(channel, payload)
        pipe.execute()
    except redis.RedisError:
        # The partner's page still polls as a fallback; losing a signal only slows it down.
        log.warning("live: could not publish %s", message.get("topic", "?"))


def _after_commit(channels: list[str], message: dict[str, str]) -> None:
    transaction.on_commit(lambda: _send(channels, message))


def notify(user_ids: Iterable[int | None], topic: str, ref: object = "") -> None:
    """Tell these people's open pages that `topic` changed (after the current commit)."""
    assert topic in TOPICS, topic
    channels = [user_channel(pk) for pk in dict.fromkeys(user_ids) if pk is not None]
    message = {"topic": topic}
    if ref:
        message["ref"] = str(ref)
    _after_commit(channels, message)


def notify_couple(couple: object, topic: str, ref: object = "") -> None:
    """Both members of a couple (the actor's own other tabs follow too)."""
    members = couple.members() if couple is not None else []  # type: ignore[attr-defined]
    notify([m.pk for m in members], topic, ref)


def end_streams(*, user_ids: Iterable[int | None] = (), session_key: str | None = None) -> None:
    """Close open streams now (after the commit): a person's, or one signed-in session's."""
    channels = [user_channel(pk) for pk in dict.fromkeys(user_ids) if pk is not None]
    if session_key:
        channels.append(session_channel(session_key))
    _after_commit(channels, {"topic": END})
