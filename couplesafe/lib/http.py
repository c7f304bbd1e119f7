"""A typed request for views behind @login_required (django-htmx's example app does the same)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from couplesafe.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def sessionless(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view that must answer without touching the session or the database (a poll
    answered from the cache): middleware that would load the person leaves it alone."""
    view.sessionless = True  # type: ignore[attr-defined]
    return view
