"""The poll's fast path: signed, session-bound tokens and the shared version in Redis."""

from __future__ import annotations

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


def poll_request(public_id: str, version: int, cookie: str = "session-abc", token: str = ""):
    factory = RequestFactory()
    factory.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    if not token:
        token = live.token(factory.get("/"), public_id)
    return factory.get("/", {"v": version, "t": token})


def test_a_change_from_another_worker_is_seen_by_the_next_poll(settings) -> None:
    settings.CACHES = REDIS
    public_id = str(uuid.uuid4())
    other_worker = redis.Redis.from_url(live._location())
    other_worker.set(live._key(public_id), 6)
    assert live.unchanged(poll_request(public_id, 6), public_id)
    # Another process moves the conversation on: the shared value is what every poll reads.
    live.publish(public_id, 7)
    assert not live.unchanged(poll_request(public_id, 6), public_id)
    assert live.unchanged(poll_request(public_id, 7), public_id)
    live.forget([uuid.UUID(public_id)])
    assert not live.unchanged(poll_request(public_id, 7), public_id)


def test_an_old_value_never_overwrites_a_newer_one(settings) -> None:
    settings.CACHES = REDIS
    public_id = str(uuid.uuid4())
    live.publish(public_id, 9)
    live.remember(public_id, 8)  # a slower read from the database must not undo a newer write
    live.publish(public_id, 8)  # nor a slower writer's after-commit publish
    assert live.unchanged(poll_request(public_id, 9), public_id)
    live.forget([uuid.UUID(public_id)])


def test_a_token_only_works_for_its_own_session_and_conversation(settings) -> None:
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


def test_without_a_shared_cache_the_fast_path_is_off(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    public_id = str(uuid.uuid4())
    assert live.token(poll_request(public_id, 1), public_id) == ""
    assert not live.unchanged(poll_request(public_id, 1, token="anything"), public_id)
