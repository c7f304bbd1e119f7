"""The health endpoint for load balancers and compose: 200 when the database and Redis answer,
503 otherwise. Cheap (one `SELECT 1`, one PING per Redis server), no login, no personal data:
the body names only which dependency failed.
"""

from __future__ import annotations

import functools

import redis
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

# A health check must answer quickly even when a dependency hangs.
REDIS_TIMEOUT_SECONDS = 2.0


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _redis_urls() -> list[str]:
    """Every Redis the deployment uses: the Celery broker and the shared cache (if any)."""
    urls = [settings.CELERY_BROKER_URL, getattr(settings, "CACHE_URL", "")]
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://"))})


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    # One client (and connection pool) per process and URL, so a check costs one round trip.
    return redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


def _redis_answers() -> bool:
    try:
        return all(_redis_client(url).ping() for url in _redis_urls())
    except redis.RedisError:
        return False


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request: HttpRequest) -> HttpResponse:
    checks = {"database": _database_answers(), "redis": _redis_answers()}
    healthy = all(checks.values())
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in checks.items())
    return HttpResponse(body, status=200 if healthy else 503, content_type="text/plain")
