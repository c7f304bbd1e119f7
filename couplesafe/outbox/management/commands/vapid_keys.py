"""Make a VAPID key pair for Web Push and print it as environment lines."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode


def new_private_key() -> str:
    """A fresh P-256 private key as base64url of its 32 raw bytes (VAPID_PRIVATE_KEY)."""
    key = Vapid02()
    key.generate_keys()
    number = key.private_key.private_numbers().private_value
    return str(b64urlencode(number.to_bytes(32, "big")))


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push (put VAPID_PRIVATE_KEY in the environment)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--private-only", action="store_true", help="Print only the key.")

    def handle(self, *args: Any, private_only: bool = False, **options: Any) -> None:
        private = new_private_key()
        if private_only:
            self.stdout.write(private)
            return
        public = Vapid02.from_string(private_key=private).public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"# public key (browsers get it from the app): {b64urlencode(public)}")
