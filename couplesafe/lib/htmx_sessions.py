"""Answers that keep htmx pages whole and private.

- A request from htmx whose session has ended (logout in another tab, expiry, a password
  changed elsewhere) would get the login redirect, which the browser follows inside the XHR:
  the login page was swapped into the conversation. Instead it gets `HX-Redirect` to the
  login page with `next` = the page the person was on (htmx's HX-Current-URL), and
  `X-Session-Ended`, on which static/js/app.js keeps what was typed for after the login.
- htmx's history restore (Back after an `hx-push-url`, with the history cache off) asks for a
  whole page, so it is treated as an ordinary request: views render the full template.
- Every answer varies on HX-Request (a cache must never give a fragment for a page), and every
  answer to a signed-in person is `Cache-Control: no-store` (private data on shared computers).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import empty
from django.utils.http import url_has_allowed_host_and_scheme


class HtmxSessionMiddleware:
    """Sits before django-htmx's middleware (history restores) and before auth (responses)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
            request.META.pop("HTTP_HX_REQUEST", None)
        is_htmx = request.META.get("HTTP_HX_REQUEST") == "true"
        response = self.get_response(request)
        if is_htmx and _is_login_redirect(response):
            response = _session_ended(request)
        patch_vary_headers(response, ["HX-Request"])
        # A session cookie is enough to say "private": asking request.user would load the
        # session and the person on the poll's fast path, which exists to avoid exactly that.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or _signed_in_now(request):
            patch_cache_control(response, no_store=True)
        return response


def _signed_in_now(request: HttpRequest) -> bool:
    """Logged in by this very request (the login answer has no cookie on its way in)."""
    user = getattr(request, "user", None)
    return (
        user is not None
        and getattr(user, "_wrapped", None) is not empty
        and bool(user.is_authenticated)
    )


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response.get("Location", ""))
    return location.path == resolve_url(settings.LOGIN_URL)


def _session_ended(request: HttpRequest) -> HttpResponse:
    """401 with HX-Redirect: htmx follows it before any swap, whatever the status."""
    current = urlsplit(request.META.get("HTTP_HX_CURRENT_URL", ""))
    page = current.path + (f"?{current.query}" if current.query else "")
    if not page or not url_has_allowed_host_and_scheme(
        current.geturl(), allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        page = request.get_full_path() if request.method == "GET" else "/"
    response = HttpResponse(status=401)
    response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': page})}"
    response["X-Session-Ended"] = "1"
    return response
