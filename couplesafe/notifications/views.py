"""Settings → Notifications: this person's push devices and their private calendar feed."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couplesafe.lib.http import AuthedRequest
from couplesafe.notifications import calendar
from couplesafe.outbox import webpush
from couplesafe.outbox.models import PushSubscription

MAX_DEVICES = 10


@login_required
@require_GET
def settings_page(request: AuthedRequest) -> HttpResponse:
    feed = calendar.feed_for(request.user)
    path = reverse("notifications:calendar-feed", args=[feed.token])
    feed_url = settings.SITE_URL + path
    return render(
        request,
        "notifications/settings.html",
        {
            "devices": PushSubscription.objects.filter(user=request.user),
            "push_key": webpush.public_key() if settings.VAPID_PRIVATE_KEY else "",
            "csrf": get_token(request),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


def _device_problem(data: object) -> str | None:
    if not isinstance(data, dict):
        return gettext("This browser sent something we could not read. Please try again.")
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    if not isinstance(endpoint, str) or not isinstance(keys, dict):
        return gettext("This browser sent something we could not read. Please try again.")
    parts = urlsplit(endpoint)
    local = parts.hostname in {"127.0.0.1", "localhost"}
    if len(endpoint) > 1000 or not (parts.scheme == "https" or (settings.DEBUG and local)):
        return gettext("This browser's push service is not one we can send to.")
    if not all(
        isinstance(keys.get(k), str) and 0 < len(keys[k]) <= 200 for k in ("p256dh", "auth")
    ):
        return gettext("This browser sent something we could not read. Please try again.")
    return None


@login_required
@require_POST
def device_add(request: AuthedRequest) -> JsonResponse:
    """Called by static/js/push.js with the browser's PushSubscription as JSON."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    problem = _device_problem(data)
    if (
        problem is None
        and PushSubscription.objects.filter(user=request.user).count() >= MAX_DEVICES
    ):
        problem = gettext("You have %(count)d devices already. Remove one first.") % {
            "count": MAX_DEVICES
        }
    if problem is not None:
        return JsonResponse({"error": problem}, status=400)
    assert isinstance(data, dict)
    name = " ".join(str(data.get("name") or "").split())[:80] or gettext("A device")
    with transaction.atomic():
        # The same browser subscribing again (or after another person used it) is one device.
        device, _ = PushSubscription.objects.update_or_create(
            endpoint=data["endpoint"],
            defaults={
                "user": request.user,
                "p256dh": data["keys"]["p256dh"],
                "auth": data["keys"]["auth"],
                "name": name,
            },
        )
    return JsonResponse({"device": str(device.public_id)}, status=201)


@login_required
@require_POST
def device_remove(request: AuthedRequest, public_id: str) -> HttpResponse:
    device = get_object_or_404(PushSubscription, user=request.user, public_id=public_id)
    device.delete()
    messages.info(request, gettext("That device will get no more notifications."))
    return redirect("notifications:settings")


@login_required
@require_POST
def calendar_rotate(request: AuthedRequest) -> HttpResponse:
    calendar.feed_rotate(user=request.user)
    messages.info(
        request, gettext("Your calendar has a new private address. The old one no longer works.")
    )
    return redirect("notifications:settings")


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret URL is the only key (calendar apps cannot log in); unknown → 404."""
    feed = calendar.feed_find(token)
    if feed is None:
        raise Http404
    body = calendar.ics(feed.user)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="couplesafe.ics"'
    response["ETag"] = etag
    # Calendar apps poll; an hour is fresh enough and keeps the feed private to the holder.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
