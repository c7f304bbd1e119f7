"""The health endpoint: 200 while PostgreSQL and Redis answer, 503 when either does not.

"Does not answer" is real: the settings point at a local port where nothing listens.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client, override_settings

NOTHING_LISTENS = 1  # a privileged port no service here uses


def test_health_answers_200_when_the_database_and_redis_answer(client: Client, db) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\nredis: ok\n"
    assert "no-store" in response["Cache-Control"]


def test_health_is_cheap_one_query_no_session(
    client: Client, db, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert client.head("/healthz").status_code == 200


def test_health_answers_503_when_redis_does_not_answer(client: Client, db) -> None:
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{NOTHING_LISTENS}/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database: ok\nredis: unavailable\n"


def test_health_checks_the_shared_cache_redis_too(client: Client, db) -> None:
    with override_settings(CACHE_URL=f"redis://127.0.0.1:{NOTHING_LISTENS}/1"):
        assert client.get("/healthz").status_code == 503


@pytest.mark.django_db(transaction=True)
def test_health_answers_503_when_the_database_does_not_answer(client: Client) -> None:
    connection = connections["default"]
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = NOTHING_LISTENS
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    assert response.content == b"database: unavailable\nredis: ok\n"
