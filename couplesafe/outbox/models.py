"""The outbox: every email (and push) CoupleSafe sends is one row here first (pretix).

A row is written in the same transaction as the change that caused it, a Celery task sends it
after the commit, and the row says what happened: queued → sending → sent or failed. The
rendered message is kept encrypted at rest like people's words: it holds one-time links
(invites, password resets) that must not sit readable in a database dump.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.fields import EncryptedTextField


class OutgoingMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PUSH = "push", _("Push")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    # What message this is ("invite", "reminder-checkin", …): the template folder's name.
    kind = models.CharField(max_length=40)
    # An idempotency key: one row per event (a reminder delivery, a push per device).
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # The recipient, when they have an account. Their messages leave with the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_messages",
    )
    to = models.CharField(max_length=254, blank=True)
    # SET_NULL: a device that unsubscribed goes, the record of what was sent to it stays.
    subscription = models.ForeignKey(
        "outbox.PushSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    subject = EncryptedTextField(blank=True)
    body_text = EncryptedTextField(blank=True)
    body_html = EncryptedTextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Empty for a row its caller delivers itself (a reminder delivery, see services).
    enqueued_at = models.DateTimeField(default=timezone.now, null=True, blank=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["status", "enqueued_at"],
                name="outgoing_open_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["-created_at"], name="outgoing_recent_idx"),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind} {self.public_id}"


class PushSubscription(models.Model):
    """One browser on one device that agreed to receive Web Push (its endpoint and keys)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's capability URL for this browser; unique, so subscribing twice
    # from one browser updates the row instead of making a second device.
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    name = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Push subscription {self.public_id}"
