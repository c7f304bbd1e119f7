"""The installable app: web app manifest, service worker (from the site root, so its scope is
the whole site) and the offline page it keeps. No personal data in any of them."""

from __future__ import annotations

import hashlib
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

THEME = "#2f6f73"  # --accent in static/css/app.css
BACKGROUND = "#faf7f2"  # --bg


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "CoupleSafe",
        "short_name": "CoupleSafe",
        "description": gettext("Calm practice for couples, on each partner's own phone."),
        "id": "/home/",
        "start_url": "/home/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@cache
def _service_worker() -> tuple[str, str]:
    body = render_to_string(
        "notifications/sw.js", {"version": "", "static_prefix": settings.STATIC_URL}
    )
    # A new version (new static file names, a new worker) gets a new cache name.
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return render_to_string(
        "notifications/sw.js", {"version": version, "static_prefix": settings.STATIC_URL}
    ), version


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body, _ = _service_worker()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; never let a cache pin an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/offline.html")
