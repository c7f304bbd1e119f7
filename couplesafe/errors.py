"""Error pages in the app's own calm layout (with the crisis-help footer and the CSP header,
which Django's middleware adds to these answers as to any other).

A CSRF failure on a form (a page left open past a log-out, cookies cleared) says what happened
and shows the words that were sent, read-only, so nothing typed is lost; passwords and the
token are never echoed back.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

# Fields never shown back: secrets, and the token that just failed.
HIDDEN_FIELD_PARTS = ("password", "csrf", "token", "otp")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the error may be the database itself: draw the page without a person
        log.exception("The 500 page could not use the request; drawing it plainly.")
        return HttpResponse(render_to_string("errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    typed = [
        (name.replace("_", " "), str(value))
        for name, value in request.POST.items()
        if str(value).strip() and not any(part in name.lower() for part in HIDDEN_FIELD_PARTS)
    ]
    # Back to the page the form was on (a form may post to an address that has no page).
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back_url = referer if referer and same_site else request.path
    return render(
        request,
        "errors/csrf.html",
        {"typed": typed, "back_url": back_url, "reason_title": _("Your form was not sent")},
        status=403,
    )
