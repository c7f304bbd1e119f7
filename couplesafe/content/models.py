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
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from couplesafe.content import translations as localizing
from couplesafe.content.schema import Practice, Step
from couplesafe.lib import language as languages


def checksum(data: Any, translations: dict[str, Any] | None = None) -> str:
    """What a version is: its English data and, when it has any, its translations (an item
    without translations keeps the checksum it always had, so nothing republishes)."""
    whole = {"data": data, "translations": translations} if translations else data
    return hashlib.sha256(json.dumps(whole, sort_keys=True).encode()).hexdigest()


def viewer_language() -> str:
    """The language the current request (or message) is in; "en" when none is shipped."""
    return languages.supported(translation.get_language()) or "en"


# Shipped with CoupleSafe: no owner and not retired. A deleted therapist's own items are
# retired, not deleted, while a conversation still pins one of their versions: with no owner
# they would otherwise look shipped and become visible to everyone.
SHIPPED = Q(owner__isnull=True, retired_at__isnull=True)


class ItemQuerySet(models.QuerySet["Item"]):
    def published(self) -> ItemQuerySet:
        return self.filter(current_version__isnull=False)

    def shipped(self) -> ItemQuerySet:
        return self.filter(SHIPPED)

    def visible_to(self, user: Any) -> ItemQuerySet:
        """Shipped content for everyone; a therapist's own content only for the therapist and
        the couples linked to them (the therapists app decides who those are via owner ids)."""
        from couplesafe.content import access

        return self.filter(SHIPPED | Q(owner_id__in=access.owner_ids_visible_to(user)))


class Item(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        DECK = "deck", _("Card deck")
        WORDS = "words", _("Word list")
        CHECKIN = "checkin", _("Check-in questions")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.SlugField(max_length=80)
    # Room for therapists' own content: null means shipped with CoupleSafe.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_items",
    )
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    title = models.CharField(max_length=200)
    draft = models.JSONField(default=dict, blank=True)
    # {language: the translated item} (couplesafe/content/translations.py): published with the
    # draft, so a version freezes its translations with its English.
    draft_translations = models.JSONField(default=dict, blank=True)
    draft_updated_at = models.DateTimeField(default=timezone.now)
    current_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a deck: the version its Card rows were last made from. When it differs from
    # current_version (a version created outside content.services), the cards are remade
    # before the next draw.
    cards_version = models.ForeignKey(
        "Version",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(owner__isnull=True, retired_at__isnull=True),
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
        return checksum(self.draft, self.draft_translations) != self.current_version.checksum


class Version(models.Model):
    """An immutable, published snapshot of an Item. Never updated, never deleted while used."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    # {language: translated item}, frozen with the English: a conversation pinned to this
    # version shows each partner this version's words in their own language.
    translations = models.JSONField(default=dict, blank=True)
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

    def localized_in(self, language: str) -> tuple[dict[str, Any], localizing.Fallbacks]:
        """This version's data in `language`, unit by unit (English where not translated)."""
        cache: dict[str, Any] = self.__dict__.setdefault("_localized", {})
        if language not in cache:
            if language == "en":
                cache[language] = (self.data, localizing.Fallbacks())
            else:
                cache[language] = localizing.localize(self.data, self.translations.get(language))
        result: tuple[dict[str, Any], localizing.Fallbacks] = cache[language]
        return result

    def localized(self, language: str | None = None) -> dict[str, Any]:
        """The data in the viewer's language, units shown in English flagged `fallback`."""
        data, fallbacks = self.localized_in(language or viewer_language())
        return localizing.flagged(data, fallbacks) if fallbacks.any() else data

    # Helpers for practice versions: the conversation engine reads typed steps through these.
    def shown_title(self, language: str | None = None) -> ShownText:
        """The item's title in `language` (default: the viewer's), flagged `fallback` when
        the item's heading is shown in English. The one way any page, email or record names
        a library item."""
        data, fallbacks = self.localized_in(language or viewer_language())
        return ShownText(str(data.get("title", "")), fallback=fallbacks.heading)

    @property
    def practice(self) -> Practice:
        """The practice as typed steps, in the viewer's language (the flow is the same in
        every language). A version published before a newer authoring rule keeps running
        as it was (context "stored")."""
        return self.practice_in(viewer_language())

    def practice_in(self, language: str) -> Practice:
        cache: dict[str, Practice] = self.__dict__.setdefault("_practices", {})
        if language not in cache:
            data, fallbacks = self.localized_in(language)
            practice = Practice.model_validate(data, context={"stored": True})
            practice.mark_fallbacks(fallbacks.heading, fallbacks.units.get("steps", set()))
            cache[language] = practice
        return cache[language]

    @property
    def steps(self) -> list[Step]:
        return self.practice.steps

    def step(self, key: str) -> Step:
        return self.practice.step(key)

    @property
    def first_step_key(self) -> str:
        return self.steps[0].key


CARD_CATEGORY_LABELS = {
    "connect": _("Connect"),
    "communicate": _("Communicate"),
    "create": _("Create"),
}


class CardQuerySet(models.QuerySet["Card"]):
    def active(self) -> CardQuerySet:
        return self.filter(retired_at__isnull=True, deck__current_version__isnull=False)

    def visible_to(self, user: Any) -> CardQuerySet:
        """Cards of shipped decks, and of a therapist's own decks only for the therapist and
        their linked couples (same rule as Item.visible_to)."""
        from couplesafe.content import access

        return self.filter(
            Q(deck__owner__isnull=True, deck__retired_at__isnull=True)
            | Q(deck__owner_id__in=access.owner_ids_visible_to(user))
        )


class Card(models.Model):
    """One card of a deck, materialised from the deck's published version so that draws,
    favourites and "we talked about this" can point at it. A card dropped from the deck is
    retired, never deleted: a couple's history keeps its wording."""

    class Depth(models.TextChoices):
        LIGHT = "light", _("Light")
        DEEPER = "deeper", _("Deeper")
        TENDER = "tender", _("Tender")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    deck = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="cards")
    key = models.SlugField(max_length=80)
    category = models.CharField(max_length=20)
    depth = models.CharField(max_length=10, choices=Depth.choices)
    text = models.TextField()
    follow_up = models.TextField(blank=True)
    # {language: {"text", "follow_up"}} for the languages this card is wholly translated in,
    # from the deck version it was last made from.
    translations = models.JSONField(default=dict, blank=True)
    tags = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deck", "key"], name="content_card_key_unique"),
        ]
        ordering = ["deck", "position"]

    def __str__(self) -> str:
        return self.key

    @property
    def category_label(self) -> str:
        return str(CARD_CATEGORY_LABELS.get(self.category, self.category.capitalize()))

    @property
    def shown(self) -> ShownCard:
        """The card's words in the viewer's language, or in English flagged `fallback`."""
        language = viewer_language()
        own = self.translations.get(language) if language != "en" else None
        if own:
            return ShownCard(own["text"], own.get("follow_up", ""), fallback=False)
        return ShownCard(self.text, self.follow_up, fallback=language != "en")


@dataclass(frozen=True)
class ShownCard:
    text: str
    follow_up: str
    fallback: bool


class ShownText(str):
    """Library words as one reader sees them: translated, or the English flagged `fallback`.

    A str of the words (plain text, emails' text bodies, `%` formatting); in an HTML
    template, or through `conditional_escape`/`format_html`, it marks itself when it is the
    English fallback (`lang="en"` and the "Not yet translated" note of
    `{% load languages %}`), so a page never silently mixes languages. Inside an attribute,
    a <title> or an SVG text, print `.text`."""

    fallback: bool

    def __new__(cls, text: str, fallback: bool = False) -> ShownText:
        shown = super().__new__(cls, text)
        shown.fallback = fallback
        return shown

    @property
    def text(self) -> str:
        return str.__str__(self)

    def __html__(self) -> str:
        from couplesafe.lib.templatetags.languages import marked

        return marked(self.text, fallback=self.fallback)


def shown(unit: dict[str, Any], name: str) -> ShownText:
    """One text field of a library unit (a question, a mood, a word group) as its reader
    sees it: flagged when `content.translations.localize` left the unit in English."""
    return ShownText(str(unit.get(name, "")), fallback=bool(unit.get(localizing.FALLBACK)))


class CardDraw(models.Model):
    """A card a partner drew for the two of them. The latest draw is the couple's current card."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(
        "accounts.Couple", on_delete=models.CASCADE, related_name="card_draws"
    )
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="draws")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["couple", "-drawn_at"])]
        ordering = ["-drawn_at", "-id"]


class CardMark(models.Model):
    """A couple's mark on a card: a favourite, or "we talked about this". Shared by both."""

    class Kind(models.TextChoices):
        FAVOURITE = "favourite", _("Favourite")
        TALKED = "talked", _("We talked about this")

    couple = models.ForeignKey(
        "accounts.Couple", on_delete=models.CASCADE, related_name="card_marks"
    )
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "card", "kind"], name="content_card_mark_unique"
            ),
        ]
