"""How django-axes names the account behind a login attempt."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email as the account sees it (trimmed, lower case), so that "Alice@…" and
    "alice@…" count as one account's failures and cannot be used to multiply the tries."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()
