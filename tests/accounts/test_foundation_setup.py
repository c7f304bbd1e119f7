"""The foundation's own promises: production refuses unsafe settings, mail is configured from
MAIL_URL, and the test suite stops loudly when PostgreSQL or Redis is missing."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from couplesafe.environment import mailer_from_url
from couplesafe.settings import DEV_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 60
GOOD_FERNET = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU="


def load_settings(monkeypatch, **env: str) -> dict:
    """Run settings.py afresh (in this process) under the given environment."""
    for name in ("DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_ENV", "production")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "couplesafe" / "settings.py"))


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "DEBUG must be off"),
        ({"FIELD_ENCRYPTION_KEYS": GOOD_FERNET}, "Set SECRET_KEY"),
        ({"SECRET_KEY": DEV_SECRET_KEY, "FIELD_ENCRYPTION_KEYS": GOOD_FERNET}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short", "FIELD_ENCRYPTION_KEYS": GOOD_FERNET}, "Set SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "Set FIELD_ENCRYPTION_KEYS"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(monkeypatch, env, message) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, **env)


def test_production_starts_with_its_own_keys_and_secure_cookies(monkeypatch) -> None:
    loaded = load_settings(monkeypatch, SECRET_KEY=GOOD_KEY, FIELD_ENCRYPTION_KEYS=GOOD_FERNET)
    assert loaded["DEBUG"] is False
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000
    assert loaded["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_mail_url_chooses_the_mailer() -> None:
    assert mailer_from_url("console://")["BACKEND"].endswith("console.EmailBackend")
    file_mailer = mailer_from_url("file:///tmp/couplesafe-mail")
    assert file_mailer["OPTIONS"] == {"file_path": "/tmp/couplesafe-mail"}
    smtp = mailer_from_url("smtp://me%40example.com:p%2Fss@mail.example.com:587?tls=1")
    assert smtp["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 587,
        "username": "me@example.com",
        "password": "p/ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 20,
    }
    assert mailer_from_url("smtps://mail.example.com")["OPTIONS"]["port"] == 465
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        mailer_from_url("carrier-pigeon://loft")


@pytest.mark.parametrize(
    ("broken", "message"),
    [("redis", "Redis is not reachable"), ("postgres", "PostgreSQL is not reachable")],
)
def test_the_suite_stops_loudly_when_a_service_is_missing(
    settings, monkeypatch, broken, message
) -> None:
    from tests.conftest import pytest_sessionstart

    if broken == "redis":
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    else:
        # In place and put back after the test; this test opens no database connection.
        monkeypatch.setitem(settings.DATABASES["default"], "PORT", 1)
    with pytest.raises(pytest.exit.Exception, match=message) as stopped:
        pytest_sessionstart(None)
    assert stopped.value.returncode == 3


def test_the_suite_never_falls_back_to_sqlite() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import tests.settings"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite:///tmp/never.sqlite3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "runs against PostgreSQL only" in result.stderr
