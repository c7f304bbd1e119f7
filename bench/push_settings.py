"""Settings for the push benchmark: the app's own settings, its own database and Redis db."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cs_mail_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from couplesafe.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
