"""The prompt library: practices, card decks, word lists and check-in questions.

Every piece of content is an Item with a stable key. Editors change the Item's draft; publishing
freezes the draft into an immutable, numbered Version. Anything that must keep its wording (a
practice session under way) points at a Version, never at the Item.

The shape of `Version.data` for each kind is the shape of the shipped YAML files in
`couplesafe/content/library/` (see README there), after validation by `content.loader`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def checksum(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class ItemQuerySet(models.QuerySet):
    def published(self) -> ItemQuerySet:
        return self.filter(current_version__isnull=False)

    def visible_to(self, user: Any) -> ItemQuerySet:
        """Shipped content for everyone; a therapist's own content only for the therapist and
        the couples linked to them (the therapists app decides who those are via owner ids)."""
        from couplesafe.content import access

        return self.filter(
            Q(owner__isnull=True) | Q(owner_id__in=access.owner_ids_visible_to(user))
        )


class Item(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", "Practice"
        DECK = "deck", "Card deck"
        WORDS = "words", "Word list"
        CHECKIN = "checkin", "Check-in questions"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.SlugField(max_length=80)
    # Room for therapists' own content: null means shipped with CoupleSafe.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="content_items",
    )
    title = models.CharField(max_length=200)
    draft = models.JSONField(default=dict, blank=True)
    draft_updated_at = models.DateTimeField(default=timezone.now)
    current_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(owner__isnull=True),
                name="content_item_shipped_key_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "owner"],
                condition=Q(owner__isnull=False),
                name="content_item_owned_key_unique",
            ),
        ]
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def has_unpublished_changes(self) -> bool:
        if self.current_version is None:
            return True
        return checksum(self.draft) != self.current_version.checksum


class Version(models.Model):
    """An immutable, published snapshot of an Item. Never updated, never deleted while used."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    checksum = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="content_version_number_unique"
            ),
        ]
        ordering = ["item", "-number"]

    def __str__(self) -> str:
        return f"{self.item.title} v{self.number}"

    # Helpers for practice versions: the conversation engine reads steps through these.
    @property
    def steps(self) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = self.data.get("steps", [])
        return steps

    def step(self, key: str) -> dict[str, Any]:
        for step in self.steps:
            if step["key"] == key:
                return step
        raise KeyError(key)

    def step_index(self, key: str) -> int:
        for index, step in enumerate(self.steps):
            if step["key"] == key:
                return index
        raise KeyError(key)

    @property
    def first_step_key(self) -> str:
        return str(self.steps[0]["key"])
