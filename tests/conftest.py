"""Shared fixtures: the personas every test speaks of (healthchecks' Alice/Bob/Charlie style).

- alice + bob: a couple
- carol + dave: another couple (strangers to alice and bob)
- theo: a therapist (the therapists app's tests link him to alice and bob with consent)
- tara: a therapist with no link to anyone
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import CoupleFactory, UserFactory
from tests.outbox.pushservice import push_service  # noqa: F401  (fixtures for every folder)
from tests.outbox.smtp import smtp_server  # noqa: F401


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def pytest_sessionstart(session: pytest.Session) -> None:
    db = settings.DATABASES["default"]
    if not _reachable(f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}", 5432):
        pytest.exit(
            "PostgreSQL is not reachable at "
            f"{db.get('HOST')}:{db.get('PORT')}. Start it (on this machine: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) "
            "or set DATABASE_URL.",
            returncode=3,
        )
    if not _reachable(settings.CELERY_BROKER_URL, 6379):
        pytest.exit(
            f"Redis is not reachable at {settings.CELERY_BROKER_URL}. Start it (on this machine: "
            "redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set CELERY_BROKER_URL.",
            returncode=3,
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last. Playwright's sync API marks an event loop as running in this
    thread for as long as it lives; Django then keeps later connections per async context,
    and one of them would outlive the run and block dropping the test database."""
    items[:] = [i for i in items if "tests/e2e/" not in str(i.fspath)] + [
        i for i in items if "tests/e2e/" in str(i.fspath)
    ]


@pytest.fixture
def alice(db):
    return CoupleFactory(
        first__display_name="Alice",
        first__email="alice@example.com",
        second__display_name="Bob",
        second__email="bob@example.com",
    ).first


@pytest.fixture
def bob(alice):
    return alice.active_couple.partner_of(alice)


@pytest.fixture
def couple(alice):
    return alice.active_couple


@pytest.fixture
def carol(db):
    return CoupleFactory(
        first__display_name="Carol",
        first__email="carol@example.com",
        second__display_name="Dave",
        second__email="dave@example.com",
    ).first


@pytest.fixture
def dave(carol):
    return carol.active_couple.partner_of(carol)


@pytest.fixture
def theo(db):
    return UserFactory(display_name="Theo", email="theo@example.com", role="therapist")


@pytest.fixture
def tara(db):
    return UserFactory(display_name="Tara", email="tara@example.com", role="therapist")


@pytest.fixture
def solo(db):
    """A person who has not paired yet."""
    return UserFactory(display_name="Sam", email="sam@example.com")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def carol_client(carol):
    return client_for(carol)


@pytest.fixture
def library(db):
    """The shipped content library (practices, deck, word lists, check-in questions),
    loaded into the test database with `manage.py load_content`."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0)


@contextmanager
def celery_worker() -> Iterator[None]:
    """A real Celery worker (in a thread of this process) consuming from the Redis broker.

    Use with `@pytest.mark.django_db(transaction=True)`. The worker's thread has its own
    database connection, closed after every task so no session outlives the test database.
    """
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from couplesafe import celery_app

    def close_connections(**kwargs: object) -> None:
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        task_postrun.disconnect(close_connections)


@pytest.fixture
def celery_worker_on_redis():
    """An empty queue and a running worker for the length of the test."""
    from couplesafe import celery_app

    celery_app.control.purge()
    try:
        with celery_worker():
            yield celery_app
    finally:
        celery_app.control.purge()


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    """Throttle counters live in the cache; each test starts with none (and with no memory
    of refusals in this process)."""
    from django.core.cache import cache

    from couplesafe.lib import throttle

    cache.clear()
    throttle.forget_refusals()
    yield


@pytest.fixture(autouse=True)
def _language_of_the_default() -> Iterator[None]:
    """Each test starts in the default language: one that activated Spanish (a request, an
    email rendered for a Spanish reader) never leaks into the next test of the process."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
