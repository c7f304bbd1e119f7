"""A typed request for views behind @login_required (django-htmx's example app does the same),
and the one rule for following a `next`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from couplesafe.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def safe_next(request: HttpRequest) -> str:
    """Where to go afterwards: the `next` the request carries when it is a path on this site,
    else "" (the caller's default). Only a path: redirect() would read a bare word such as
    "9999-12-31T23:59" as a view name and fail with a 500 (tests/test_bad_input.py)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return ""


def sessionless(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view that must answer without touching the session or the database (a poll
    answered from the cache): middleware that would load the person leaves it alone."""
    view.sessionless = True  # type: ignore[attr-defined]
    return view
