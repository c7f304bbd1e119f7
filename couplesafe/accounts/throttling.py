"""Throttles: how django-axes names the account behind a login attempt, and our own limits
for password checks per address, password re-confirmation and code look-ups."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from couplesafe.lib import throttle
from couplesafe.lib.client_address import client_ip


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email as the account sees it (trimmed, lower case), so that "Alice@…" and
    "alice@…" count as one account's failures and cannot be used to multiply the tries."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()


# Our own throttles, beside axes (couplesafe/lib/throttle.py keeps the counts in the shared cache).
def password_tries_per_address() -> throttle.Limit:
    return throttle.Limit("password-address", settings.PASSWORD_TRIES_PER_ADDRESS, 60)


def reconfirm_failures() -> throttle.Limit:
    """Re-entering one's password (export, leave, delete, password change) is throttled like
    login: AXES_FAILURE_LIMIT wrong passwords, then a 15-minute pause for that person."""
    return throttle.Limit("reconfirm", settings.AXES_FAILURE_LIMIT, 15 * 60)


def code_lookups() -> throttle.Limit:
    return throttle.Limit("code-lookup", settings.CODE_TRIES_PER_HOUR, 60 * 60)


def password_check_wait(request: HttpRequest) -> int:
    """Count one password check from this address, before any hashing; seconds to wait or 0."""
    return throttle.hit(password_tries_per_address(), client_ip(request))


def code_lookup_wait(request: HttpRequest) -> int:
    """Count one code look-up for this person and for this address; seconds to wait or 0.
    Both count, so neither many accounts on one address nor one account on many addresses
    can walk through the code space."""
    limit = code_lookups()
    by_person = throttle.hit(limit, f"user:{request.user.pk}")
    by_address = throttle.hit(limit, f"ip:{client_ip(request)}")
    return max(by_person, by_address)


def code_lookup_blocked(request: HttpRequest) -> int:
    """Seconds this person or address must wait before the next code look-up, or 0."""
    limit = code_lookups()
    return max(
        throttle.blocked(limit, f"user:{request.user.pk}"),
        throttle.blocked(limit, f"ip:{client_ip(request)}"),
    )


def code_lookup_message(wait: int) -> str:
    minutes = max(1, round(wait / 60))
    return ngettext(
        "That was a lot of codes in a short time, so we have paused code checks for about "
        "%(minutes)d minute. Please check the code with the person who gave it to you, "
        "then try again.",
        "That was a lot of codes in a short time, so we have paused code checks for about "
        "%(minutes)d minutes. Please check the code with the person who gave it to you, "
        "then try again.",
        minutes,
    ) % {"minutes": minutes}


def slow_down(request: HttpRequest, wait: int) -> HttpResponse:
    """The kind 429 page for a throttled password check."""
    response = render(
        request, "accounts/slow_down.html", {"minutes": max(1, round(wait / 60))}, status=429
    )
    response["Retry-After"] = str(wait)
    return response
