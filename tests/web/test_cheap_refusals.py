"""A flood is mostly refusals, so refusing is cheap: no database, and once a window's limit is
passed, no Redis either (couplesafe/lib/throttle.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from couplesafe.lib import throttle
from tests.conftest import client_for
from tests.web.test_operations import REDIS_CACHE


def _forget_counts_in_redis(name: str) -> int:
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    keys = client.keys(f"{REDIS_CACHE['default']['KEY_PREFIX']}:*throttle:{name}:*")
    return client.delete(*keys) if keys else 0


def test_a_refused_poll_touches_neither_the_database_nor_redis(
    settings, alice, django_assert_num_queries
) -> None:
    settings.CACHES = REDIS_CACHE
    settings.POLLS_PER_10_SECONDS = 2
    client = client_for(alice)
    url = f"/practices/{uuid.uuid4()}/version/?v=1"
    assert [client.get(url).status_code for _ in range(2)] == [404, 404]
    assert client.get(url).status_code == 429
    # Redis forgets the count; this process still knows the window is used up.
    assert _forget_counts_in_redis("poll") == 1
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 429
    assert 1 <= int(again["Retry-After"]) <= 10


def test_a_refused_login_is_not_hashed_and_costs_no_query(
    settings, db, django_assert_num_queries
) -> None:
    settings.CACHES = REDIS_CACHE
    settings.PASSWORD_TRIES_PER_ADDRESS = 2
    for n in range(2):
        page = Client().post(
            "/accounts/login/", {"username": f"nobody{n}@example.com", "password": "x" * 12}
        )
        assert page.status_code == 200
    assert Client().post("/accounts/login/", {"username": "a@example.com"}).status_code == 429
    _forget_counts_in_redis("password-address")
    with django_assert_num_queries(0):
        page = Client().post(
            "/accounts/login/", {"username": "someone@example.com", "password": "y" * 12}
        )
    assert page.status_code == 429
    assert "paused them for about" in page.content.decode()


def test_counts_made_in_one_round_trip_are_read_back_through_the_cache(settings) -> None:
    """hit() counts with raw Redis commands under the cache's own key; blocked() (and any
    other process) reads the same count through Django's cache."""
    settings.CACHES = REDIS_CACHE
    limit = throttle.Limit("shared-count", 3, 60)
    assert [throttle.hit(limit, "who") for _ in range(3)] == [0, 0, 0]
    assert cache.get(throttle._key(limit, "who")) == 3
    assert throttle.blocked(limit, "who") > 0
    assert throttle.hit(limit, "someone else") == 0


@pytest.mark.parametrize("cache_config", ["redis", "default"])
def test_a_window_starts_with_its_first_try_not_on_the_clock(settings, cache_config) -> None:
    """Two tries at 06:59:59 and one at 07:00:00 are three tries in one hour: a guesser cannot
    spend two hours' tries in a second by straddling the hour."""
    if cache_config == "redis":
        settings.CACHES = REDIS_CACHE
    limit = throttle.Limit(f"straddle-{uuid.uuid4().hex[:6]}", 2, 60 * 60)
    with time_machine.travel(datetime(2026, 12, 1, 6, 59, 59, tzinfo=UTC), tick=False) as clock:
        assert [throttle.hit(limit, "guesser") for _ in range(2)] == [0, 0]
        clock.shift(timedelta(seconds=2))
        wait = throttle.hit(limit, "guesser")
        assert 3590 <= wait <= 3600
        assert abs(throttle.blocked(limit, "guesser") - wait) <= 1
    throttle.reset(limit, "guesser")
    assert throttle.hit(limit, "guesser") == 0
