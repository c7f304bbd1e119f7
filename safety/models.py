"""Each partner's private safety: their check answers, a break from conversations, private
messages to their therapist, and how they want to be signed in.

Nothing here is ever shown to the other partner (PRODUCT.md, "Safety first"). Answers and
messages are personal words: they are stored encrypted (EncryptedTextField), like check-ins.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.fields import EncryptedTextField


class SafetyCheck(models.Model):
    """One answered check. The answers (question key → answer key) are encrypted; the
    result is worked out from them when needed (safety.questions), never stored in clear."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks"
    )
    answers_json = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Safety check {self.public_id}"

    @property
    def answers(self) -> dict[str, str]:
        try:
            value: Any = json.loads(self.answers_json or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class SafetyPreferences(models.Model):
    """Per person: when the check was last answered or put off (so it is offered about once a
    month and never nags), whether emails are discreet, and an idle sign-out."""

    class Idle(models.IntegerChoices):
        OFF = 0, _("Never (stay signed in)")
        FIVE = 5, _("After 5 minutes without activity")
        FIFTEEN = 15, _("After 15 minutes without activity")
        HOUR = 60, _("After an hour without activity")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_preferences"
    )
    check_settled_at = models.DateTimeField(null=True, blank=True)
    hard_talk_offered_at = models.DateTimeField(null=True, blank=True)
    discreet_email = models.BooleanField(default=False)
    idle_minutes = models.PositiveSmallIntegerField(choices=Idle.choices, default=Idle.OFF)

    def __str__(self) -> str:
        return f"Safety preferences of {self.user_id}"


class ConversationBreak(models.Model):
    """A person is not available for conversations until they end it.

    The same row whether they chose "Step back for now" after the check or an ordinary break
    from their settings: nothing records which, so nothing can show the partner a difference.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_breaks"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_at__isnull=True),
                name="break_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Break {self.pk}"


class TherapistMessage(models.Model):
    """A private word from one partner to their therapist. The other partner never sees it,
    nor that it exists; the couple's log of looks records the therapist's looks at the
    couple page without naming it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_messages"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    couple = models.ForeignKey("accounts.Couple", on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField(blank=True)
    # The check the person chose to send along (gone if they delete that check).
    safety_check = models.ForeignKey(SafetyCheck, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Private message {self.public_id}"


class SignedInDevice(models.Model):
    """A browser a person is signed in on (one per session), for "where you're signed in"
    and "sign out everywhere". Holds a short description, never an address."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_devices"
    )
    session_key = models.CharField(max_length=40, unique=True)
    description = models.CharField(max_length=80, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"Device {self.public_id}"
