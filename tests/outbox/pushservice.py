"""A stand-in Web Push service on 127.0.0.1 (no real one is reachable from these machines).

It receives the real request pywebpush makes, checks it the way a push service does — the
VAPID JWT's ES256 signature against the `k=` key, the audience, the expiry, and that `k=` is
our server's key — and decrypts the aes128gcm body with the subscription's private key, as
the phone would. `received[device]` holds the decrypted payloads; `answers[device]` can queue
status codes (410, 429, 500…) to answer instead of 201.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """What a browser keeps for its subscription: the private half of p256dh, and auth."""

    name: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    endpoint: str = ""

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    def subscription_json(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }


def verify_vapid(header: str, audience: str, expected_key: str) -> str | None:
    """None if the Authorization header is a valid VAPID (RFC 8292) token for this service,
    otherwise what is wrong with it."""
    if not header.startswith("vapid "):
        return "not a vapid authorization"
    parts = dict(item.strip().split("=", 1) for item in header[6:].split(","))
    token, key = parts.get("t", ""), parts.get("k", "")
    if key != expected_key:
        return "signed with another server's key"
    try:
        head, body, signature = token.split(".")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
        raw = unb64url(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))
    except (ValueError, InvalidSignature):
        return "bad signature"
    if json.loads(unb64url(head)).get("alg") != "ES256":
        return "not ES256"
    claims = json.loads(unb64url(body))
    if claims.get("aud") != audience:
        return f"wrong audience {claims.get('aud')!r}"
    if not (time.time() < claims.get("exp", 0) <= time.time() + 24 * 3600):
        return "expired or too far in the future"
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        return "no contact subject"
    return None


@dataclass
class PushService:
    server_key: str  # our VAPID public key (base64url), as the push service learned it
    devices: dict[str, Device] = field(default_factory=dict)
    received: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    answers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    rejected: list[str] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                status = service.handle(self.path, headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def new_device(self, name: str = "phone") -> Device:
        device_id = secrets.token_urlsafe(12)
        device = Device(name, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        device.endpoint = f"{self.origin}/push/{device_id}"
        self.devices[device_id] = device
        return device

    def payloads(self, device: Device) -> list[dict[str, Any]]:
        return self.received[device.endpoint.rsplit("/", 1)[1]]

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> int:
        with self._lock:
            self.requests += 1
        device_id = path.rsplit("/", 1)[-1]
        device = self.devices.get(device_id)
        if device is None:
            return 404
        with self._lock:
            if self.answers[device_id]:
                return self.answers[device_id].pop(0)
        problem = verify_vapid(headers.get("authorization", ""), self.origin, self.server_key)
        if problem is None and headers.get("content-encoding") != "aes128gcm":
            problem = "not aes128gcm"
        if problem is None and "ttl" not in headers:
            problem = "no TTL"
        if problem is not None:
            with self._lock:
                self.rejected.append(problem)
            return 403 if "signature" in problem or "key" in problem else 400
        plain = http_ece.decrypt(
            body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm"
        )
        with self._lock:
            self.received[device_id].append(json.loads(plain))
        return 201


@pytest.fixture
def push_service() -> Iterator[PushService]:
    from couplesafe.outbox import webpush

    service = PushService(server_key=webpush.public_key())
    try:
        yield service
    finally:
        service.stop()
