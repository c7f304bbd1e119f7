"""Web Push (RFC 8030) with VAPID (RFC 8292) through pywebpush: the payload is encrypted for
the subscription's own keys (RFC 8291, aes128gcm) and the request is signed with the server's
VAPID key, which comes from the environment (VAPID_PRIVATE_KEY; `manage.py vapid_keys`)."""

from __future__ import annotations

import threading
import time
from functools import cache
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode
from pywebpush import WebPusher

from couplesafe.outbox.models import OutgoingMessage, PushSubscription
from couplesafe.outbox.services import PushGoneError, PushTransientError

# A nudge that is hours old is noise: the push service may drop it after this many seconds.
TTL_SECONDS = 6 * 60 * 60
TIMEOUT_SECONDS = 10

_local = threading.local()


class PushRejectedError(Exception):
    """The push service refused the request for good (400, 403, 413…): not retried."""


@cache
def vapid() -> Vapid02:
    key = settings.VAPID_PRIVATE_KEY
    if not key:
        raise ImproperlyConfigured(
            "VAPID_PRIVATE_KEY is not set; `manage.py vapid_keys` makes a pair."
        )
    return Vapid02.from_string(private_key=key)


def public_key() -> str:
    """The applicationServerKey a browser subscribes with (base64url, uncompressed point)."""
    raw = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(b64urlencode(raw))


def _session() -> requests.Session:
    # One keep-alive connection pool per worker thread.
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session  # type: ignore[no-any-return]


def send(message: OutgoingMessage) -> None:
    subscription = message.subscription
    if subscription is None:
        raise PushGoneError("The device was removed before the push was sent.")
    endpoint = urlsplit(subscription.endpoint)
    claims: dict[str, str | int] = {
        "sub": settings.VAPID_SUBJECT,
        "aud": f"{endpoint.scheme}://{endpoint.netloc}",
        "exp": int(time.time()) + 12 * 60 * 60,
    }
    headers: dict[str, str | int | float] = {**vapid().sign(claims), "Urgency": "normal"}
    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    try:
        response = WebPusher(info, requests_session=_session()).send(
            message.body_text, headers, ttl=TTL_SECONDS, timeout=TIMEOUT_SECONDS
        )
    except (requests.ConnectionError, requests.Timeout) as error:
        raise PushTransientError(f"The push service could not be reached: {error}") from error
    status = response.status_code  # type: ignore[union-attr]
    if status in (404, 410):
        raise PushGoneError(f"The push service answered {status}: the device unsubscribed.")
    if status == 429 or status >= 500:
        raise PushTransientError(f"The push service answered {status}.")
    if status >= 300:
        raise PushRejectedError(f"The push service answered {status}.")
    PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
