"""Reading the environment: the only way settings take configuration (README "Settings"), and
MAIL_URL turned into Django 6.1's MAILERS entry."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def var_dir() -> Path:
    """Where the embedded default keeps its files (SQLite, mail, the task queue)."""
    return Path(
        os.environ.get("COUPLESAFE_VAR_DIR", Path(__file__).resolve().parent.parent / "var")
    )


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailer_from_url(url: str) -> dict[str, object]:
    """Turn MAIL_URL (console://, file:///path, smtp://user:pass@host:587?tls=1) into a mailer."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path or str(var_dir() / "mail")},
        }
    if parts.scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname or "localhost",
                "port": parts.port or (465 if parts.scheme == "smtps" else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": query.get("tls", ["0"])[0] == "1",
                "use_ssl": parts.scheme == "smtps",
                "timeout": 20,
            },
        }
    raise ImproperlyConfigured(f"MAIL_URL has an unknown scheme: {parts.scheme!r}")
