"""Settings for the reminder benchmarks: the app's own settings, with its own PostgreSQL
database, mail written to files (one per message) and short recovery timers so a fault run
finishes in minutes instead of hours."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cs_rituals_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("MAIL_URL", "file:///tmp/rituals-bench-mail")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from couplesafe.settings import *  # noqa: F403

# A message not acknowledged by a killed worker comes back after 8 s instead of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 8}
REMINDER_REQUEUE_AFTER_SECONDS = 15
REMINDER_INTERRUPTED_AFTER_SECONDS = 30
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
