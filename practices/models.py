"""Guided two-device conversations: the conversation, its turns, pauses and private notes.

A conversation pins one content Version, so its steps and words never change under the couple,
even when the practice is edited later. `state_version` goes up by one on every change anyone
could see; pages send it back with each answer (optimistic concurrency) and the poll endpoint
compares it with the page's copy (204 when nothing changed).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.content.models import ShownText
from couplesafe.lib.fields import EncryptedTextField

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def for_user(self, user: User) -> ConversationQuerySet:
        """Conversations of the couple the person is in now. Everyone else: nothing (404)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            couple__ended_at__isnull=True,
            couple__memberships__user=user,
            couple__memberships__ended_at__isnull=True,
        )

    def readable_by(self, user: User) -> ConversationQuerySet:
        """What the person may read back: their couple's conversations, and, from a couple that
        has ended, those in which their own words remain (PRODUCT.md: the former partner keeps
        their own words; the leaver's turns became "removed", so the leaver keeps nothing)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        own_words = Turn.objects.filter(conversation=OuterRef("pk"), author=user, removed=False)
        return self.filter(
            Q(pk__in=self.model.objects.for_user(user).values("pk"))
            | Q(couple__ended_at__isnull=False) & Exists(own_words)
        )

    def open(self) -> ConversationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> ConversationQuerySet:
        return self.exclude(status__in=OPEN_STATUSES)


class Conversation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Waiting for an answer")
        SCHEDULED = "scheduled", _("Time agreed")
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("On a break")
        COMPLETED = "completed", _("Finished")
        DECLINED = "declined", _("Not for now")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        TOGETHER = "together", _("Together in one room")
        APART = "apart", _("Apart")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(
        "accounts.Couple", on_delete=models.CASCADE, related_name="conversations"
    )
    # PROTECT: a version in use is never deleted (content.models says the same).
    version = models.ForeignKey("content.Version", on_delete=models.PROTECT, related_name="+")
    topic = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_step_key = models.CharField(max_length=80, blank=True)
    # One round per pass through the steps; switching roles starts the next round.
    round = models.PositiveSmallIntegerField(default=1)
    state_version = models.PositiveIntegerField(default=1)
    # The state_version at which the current step was entered: answers to one visit of a
    # step share it, and (conversation, visit, author) is unique, so a double-click or a
    # race can never record two answers to the same moment.
    visit = models.PositiveIntegerField(default=1)
    # What changed last, for the partner's screen-reader announcement.
    last_event = models.CharField(max_length=20, blank=True)
    last_step_key = models.CharField(max_length=80, blank=True)
    last_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Agreeing on a time: the latest suggestion and who made it (the other one answers), then
    # the agreed moment, and when its reminder went out (claimed once, by compare-and-set).
    proposed_for = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_for = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, blank=True)
    # Steps completed in this round and how often it went back round (a mirror corrected,
    # "is there more?"): the step counter only ever counts up.
    moves = models.PositiveIntegerField(default=0)
    loops = models.PositiveSmallIntegerField(default=0)
    # After a break both say "ready to go on?" before the step continues: who has said so.
    regrouping = models.BooleanField(default=False)
    regroup_ready = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["couple", "status"]),
            models.Index(
                fields=["agreed_for"],
                condition=Q(status="scheduled", reminded_at__isnull=True),
                name="practices_agreed_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Conversation {self.public_id}"

    @property
    def kind(self) -> str:
        return str(self.version.data.get("kind", ""))

    @property
    def title(self) -> str:
        """The practice's title in the viewer's language (the pinned version's words)."""
        return self.version.shown_title().text

    @property
    def shown_title(self) -> ShownText:
        """The title for a page's body: marked there when it is the English fallback
        (`title` is the plain words, for a page's <title> or an attribute)."""
        return self.version.shown_title()

    @property
    def is_open(self) -> bool:
        return self.status in {
            self.Status.INVITED,
            self.Status.SCHEDULED,
            self.Status.ACTIVE,
            self.Status.PAUSED,
        }


# Conversations that still wait for someone (Conversation.is_open says the same of one row).
OPEN_STATUSES = [
    Conversation.Status.INVITED,
    Conversation.Status.SCHEDULED,
    Conversation.Status.ACTIVE,
    Conversation.Status.PAUSED,
]


class Turn(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step_key = models.CharField(max_length=80)
    round = models.PositiveSmallIntegerField(default=1)
    visit = models.PositiveIntegerField()
    text = EncryptedTextField(blank=True)
    choice = models.CharField(max_length=20, blank=True)
    # Together in one room: the words were said aloud, not typed (text is then an optional
    # note to remember, or empty).
    spoken = models.BooleanField(default=False)
    # Set when the author left the couple or deleted their account: their words are gone.
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "visit", "author"], name="practices_turn_once_per_visit"
            ),
        ]

    def __str__(self) -> str:
        return f"Turn {self.pk} ({self.step_key})"


class Pause(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="pauses")
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    return_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(ended_at__isnull=True),
                name="practices_one_open_pause",
            ),
            models.CheckConstraint(
                condition=Q(return_at__gt=models.F("started_at")),
                name="practices_pause_returns_later",
            ),
        ]

    def __str__(self) -> str:
        return f"Pause {self.pk}"


class ReflectionNote(models.Model):
    """A private note on a conversation: never shown to anyone but its author."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "author"], name="practices_one_note_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.pk}"
