"""A typed request for views behind @login_required (django-htmx's example app does the same)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from couplesafe.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
