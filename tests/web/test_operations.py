"""Operations: one log line per request (no words, emails, paths or query strings), the
request id on Celery task logs, the poll's rate limit in the shared cache, and ./bin/run's
emailed links following PORT."""

from __future__ import annotations

import logging
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.test import Client

from couplesafe.lib import request_log
from tests.conftest import client_for

REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": django_settings.CELERY_BROKER_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
    }
}


def test_one_log_line_per_request_without_query_strings_emails_or_paths(alice, caplog) -> None:
    client = client_for(alice)
    with caplog.at_level(logging.INFO, logger="couplesafe.request"):
        response = client.get("/accounts/invite/accept/SECRET-TOKEN-123/?q=alice@example.com")
    lines = [r.getMessage() for r in caplog.records if r.name == "couplesafe.request"]
    assert len(lines) == 1
    line = lines[0]
    assert "view=accounts:invite-accept" in line
    assert f"user={alice.pk}" in line
    assert "status=404" in line and "ms=" in line
    for secret in ("SECRET-TOKEN", "alice@example.com", "q=", "/accounts/"):
        assert secret not in line
    assert response["X-Request-ID"]


def test_the_request_id_is_taken_from_the_proxy_only_when_it_looks_like_one(db) -> None:
    assert Client().get("/help/", HTTP_X_REQUEST_ID="abc12345-proxy")["X-Request-ID"] == (
        "abc12345-proxy"
    )
    injected = Client().get("/help/", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]
    assert "\n" not in injected and "FAKE" not in injected


def test_every_log_line_is_printed_once(settings) -> None:
    """Django's own loggers propagate to root without a console handler of their own."""
    from logging.config import dictConfig

    dictConfig(settings.LOGGING)
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == []
    assert logging.getLogger("django.server").handlers == []
    assert len([h for h in logging.getLogger().handlers if h.get_name() == "console"]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_by_a_request_logs_with_that_request_id(celery_worker_on_redis) -> None:
    from celery.signals import task_postrun

    from rituals.tasks import send_reminder

    seen: list[str] = []

    def remember(**kwargs: object) -> None:
        seen.append(request_log.request_id_var.get())

    task_postrun.connect(remember, weak=False)
    token = request_log.request_id_var.set("req-abc12345")
    try:
        send_reminder.delay(987654321)
    finally:
        request_log.request_id_var.reset(token)
    deadline = time.monotonic() + 20
    while not seen and time.monotonic() < deadline:
        time.sleep(0.1)
    task_postrun.disconnect(remember)
    assert seen == ["req-abc12345"]


def test_the_poll_is_rate_limited_per_session_in_the_shared_cache(settings, alice) -> None:
    settings.CACHES = REDIS_CACHE
    settings.POLLS_PER_10_SECONDS = 5
    client = client_for(alice)
    url = f"/practices/{uuid.uuid4()}/version/?v=1"
    statuses = [client.get(url, HTTP_HX_REQUEST="true").status_code for _ in range(5)]
    assert 429 not in statuses
    slowed = client.get(url, HTTP_HX_REQUEST="true")
    assert slowed.status_code == 429
    assert 1 <= int(slowed["Retry-After"]) <= 10
    # The count is in Redis, where a second web node sees it, not in this process.
    keys = redis.Redis.from_url(django_settings.CELERY_BROKER_URL).keys(
        f"{REDIS_CACHE['default']['KEY_PREFIX']}:*throttle:poll:*"
    )
    assert keys
    # Another person's polls are not slowed by Alice's.
    other = client_for(alice.active_couple.partner_of(alice))
    assert other.get(url, HTTP_HX_REQUEST="true").status_code != 429


def test_bin_run_makes_emailed_links_follow_port() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin"}
    for port, expected in [
        ("127.0.0.1:8001", "http://127.0.0.1:8001"),
        ("8002", "http://127.0.0.1:8002"),
        ("0.0.0.0:8003", "http://127.0.0.1:8003"),
        ("", "http://127.0.0.1:8000"),
    ]:
        out = subprocess.run(
            ["bash", "-c", 'source bin/_site_url.sh && echo "$SITE_URL $PORT"'],
            cwd=root,
            env={**env, "PORT": port} if port else env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert out[0] == expected, port
