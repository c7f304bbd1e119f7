"""Offering push at the moment it matters ("Get a nudge when … answers?"), not only in
settings. A page asks `push_offer(request)`: what static/js/push.js needs to turn push on for
this browser, or None when the server has no VAPID key or the person already has a device
(they manage devices in Settings → Notifications)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse

from couplesafe.lib.http import AuthedRequest
from couplesafe.outbox import webpush
from couplesafe.outbox.models import PushSubscription


@dataclass(frozen=True)
class PushOffer:
    key: str  # the server's VAPID public key (base64url)
    url: str  # where push.js posts the browser's subscription
    csrf: str


def push_offer(request: AuthedRequest) -> PushOffer | None:
    if not settings.VAPID_PRIVATE_KEY:
        return None
    if PushSubscription.objects.filter(user=request.user).exists():
        return None
    return PushOffer(
        key=webpush.public_key(),
        url=reverse("notifications:device-add"),
        csrf=get_token(request),
    )
