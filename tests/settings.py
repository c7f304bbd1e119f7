"""Test settings: the real PostgreSQL and Redis at their default local addresses.

The suite never falls back to SQLite: if DATABASE_URL points anywhere but PostgreSQL the run
stops with a message (tests/conftest.py also checks both services answer before any test).
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/couplesafe")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
if not os.environ.get("VAPID_PRIVATE_KEY"):
    # A fresh VAPID key per run; the stand-in push service checks signatures against it.
    from couplesafe.outbox.management.commands.vapid_keys import new_private_key

    os.environ["VAPID_PRIVATE_KEY"] = new_private_key()
# pytest-django manages the test database's connections itself; the server processes the
# two-node test starts set DB_POOL_MAX and use the pool as production does.
os.environ.setdefault("DB_POOL_MAX", "0")

from couplesafe.settings import *  # noqa: F403
from couplesafe.settings import DATABASES

# Under pytest-xdist each worker process ("gw0", "gw1", …) has its own test database (pytest-django
# adds the suffix), its own Celery queues on the shared Redis (a key prefix, below) and its own
# live-update channels, so one worker's Celery worker never runs another's tasks.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "The test suite runs against PostgreSQL only. Set DATABASE_URL to a postgres:// URL "
        "(default postgres://postgres@127.0.0.1:5432/couplesafe)."
    )

# Fast hashing in tests; production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = False
SITE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Every test client comes from 127.0.0.1: per-address throttles get room for a whole run.
# The throttle tests set their own small limits.
PASSWORD_TRIES_PER_ADDRESS = 10_000
CODE_TRIES_PER_HOUR = 10_000
POLLS_PER_10_SECONDS = 10_000
# Live-update signals go through this run's Redis, on channels under a prefix of this run's own
# database name: parallel runs on one Redis never hear each other's pub/sub messages.
LIVE_REDIS_URL = os.environ["CELERY_BROKER_URL"]
LIVE_PREFIX = os.environ.get("LIVE_PREFIX") or f"cs-test-{DATABASES['default']['NAME']}"
if XDIST_WORKER:
    # Servers a test starts inherit both the prefix and the worker name: suffix once.
    LIVE_PREFIX = LIVE_PREFIX.removesuffix(f"-{XDIST_WORKER}") + f"-{XDIST_WORKER}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": f"{LIVE_PREFIX}:",
    }
