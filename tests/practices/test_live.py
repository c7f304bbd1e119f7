"""The poll's fast path: signed, session-bound tokens and the per-process mirror of versions."""

from __future__ import annotations

import time
import uuid

import redis
from django.conf import settings as django_settings
from django.test import RequestFactory

from practices import live

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": django_settings.CELERY_BROKER_URL,
    }
}


def poll_request(public_id: str, version: int, cookie: str = "session-abc", token: str = ""):  # type: ignore[no-untyped-def]
    factory = RequestFactory()
    factory.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    if not token:
        token = live.token(factory.get("/"), public_id)
    return factory.get("/", {"v": version, "t": token})


def wait_for(condition, seconds: float = 3.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_change_from_another_worker_reaches_this_process_mirror(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = REDIS
    public_id = str(uuid.uuid4())
    location = live._location()
    live._mirror.get(location, public_id)  # starts the listener
    assert wait_for(lambda: live._mirror.ready)
    other_worker = redis.Redis.from_url(location)
    other_worker.set(live._key(public_id), 6)
    assert live.unchanged(poll_request(public_id, 6), public_id)  # read from Redis, remembered
    assert live._mirror.get(location, public_id) == 6
    # Another process moves the conversation on: it publishes, this process hears it.
    other_worker.set(live._key(public_id), 7)
    other_worker.publish(live.CHANNEL, f"v {public_id} 7")
    assert wait_for(lambda: live._mirror.get(location, public_id) == 7)
    assert not live.unchanged(poll_request(public_id, 6), public_id)
    assert live.unchanged(poll_request(public_id, 7), public_id)
    other_worker.publish(live.CHANNEL, f"forget {public_id}")
    assert wait_for(lambda: live._mirror.get(location, public_id) is None)
    other_worker.delete(live._key(public_id))


def test_the_mirror_keeps_the_highest_version_it_heard(settings) -> None:  # type: ignore[no-untyped-def]
    mirror = live._Mirror()
    mirror.ready = True
    mirror.pid = __import__("os").getpid()
    mirror.location = "redis://unused"
    mirror.note("c", 9)
    mirror.note("c", 8)  # a slower read from Redis must not undo a newer message
    assert mirror.get("redis://unused", "c") == 9


def test_a_token_only_works_for_its_own_session_and_conversation(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = REDIS
    public_id, other_id = str(uuid.uuid4()), str(uuid.uuid4())
    redis.Redis.from_url(live._location()).set(live._key(public_id), 3, ex=60)
    redis.Redis.from_url(live._location()).set(live._key(other_id), 3, ex=60)
    token = live.token(poll_request(public_id, 3), public_id)
    assert live.unchanged(poll_request(public_id, 3, token=token), public_id)
    assert not live.unchanged(
        poll_request(public_id, 3, cookie="someone-else", token=token), public_id
    )
    assert not live.unchanged(poll_request(other_id, 3, token=token), other_id)
    assert not live.unchanged(poll_request(public_id, 3, token=token + "x"), public_id)


def test_without_a_shared_cache_the_fast_path_is_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    public_id = str(uuid.uuid4())
    assert live.token(poll_request(public_id, 1), public_id) == ""
    assert not live.unchanged(poll_request(public_id, 1, token="anything"), public_id)
