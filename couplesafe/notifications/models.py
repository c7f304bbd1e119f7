"""A person's private calendar feed: a secret URL they can rotate (push devices live in the
outbox app, beside the messages sent to them)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from couplesafe.lib.fields import EncryptedTextField


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Looked up by hash; the token itself is kept encrypted only to show the URL again.
    token_hash = models.CharField(max_length=64, unique=True)
    token = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        return token, hash_token(token)
