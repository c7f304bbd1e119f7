"""The client's address as this deployment sees it.

Behind the TLS proxy the README prescribes, REMOTE_ADDR is the proxy's address for everyone.
TRUSTED_PROXY_COUNT says how many proxies in front of the app append to X-Forwarded-For; the
client is then the address that many hops from the right. The default, 0, ignores the header
entirely: an app exposed directly must not let a client choose its own address (and so dodge
every per-address throttle) by sending the header itself.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return client_ip_from(
        str(request.META.get("REMOTE_ADDR", "") or ""),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)),
    )


def client_ip_from(remote: str, forwarded_for: str, hops: int) -> str:
    """The rule itself, from the peer's address and the X-Forwarded-For header's value (also
    used by the web server's fair queue, couplesafe/lib/fair_worker.py, before Django runs)."""
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    # Each trusted proxy appends the address it saw; the last `hops` entries are theirs to
    # vouch for. Anything further left could have been typed by the client.
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def axes_client_ip(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address the logs and throttles use."""
    return client_ip(request)
