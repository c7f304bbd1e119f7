"""Writes for the content library: publishing a draft, and the couple's card deck."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from couplesafe.content import translations as localizing
from couplesafe.content import validation
from couplesafe.content.models import Card, CardDraw, CardMark, Item, Version, checksum
from couplesafe.lib import live, pushes

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User

# A draw never repeats any of the couple's last RECENT_DRAWS cards while other cards are left
# to choose from. With 96 shipped cards this keeps a deck fresh for weeks; with a narrow filter
# (one category and depth, ~10 cards) the window simply covers every card, and then the card
# drawn longest ago comes back first.
RECENT_DRAWS = 30


class NothingToDraw(Exception):
    """No card matches the filter (e.g. a category with no cards at that depth)."""


@transaction.atomic
def item_publish(*, item: Item, source: str | None = None) -> Version | None:
    """Check the item's saved draft and, when it differs from the current version, freeze it
    into a new immutable Version and make that current (the `item` passed in is updated too).
    Returns the new version, or None when nothing changed. Raises validation.ContentError for
    a draft that cannot be published."""
    # Locked, so two publishes of one item cannot both take the same version number.
    locked = Item.objects.select_for_update().get(pk=item.pk)
    data = validation.check(locked.kind, locked.draft, source or f"draft of {locked.kind}")
    translations = translations_check(locked, data, source)
    digest = checksum(data, translations)
    current = locked.current_version
    if current is not None and current.checksum == digest:
        return None
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = Version.objects.create(
        item=locked, number=number, data=data, translations=translations, checksum=digest
    )
    locked.current_version = version
    locked.title = str(data.get("title", locked.title))
    locked.save(update_fields=["current_version", "title"])
    if locked.kind == Item.Kind.DECK:
        deck_materialise(deck=locked, version=version)
    item.current_version, item.title = version, locked.title
    item.cards_version = locked.cards_version
    return version


def translations_check(item: Item, data: dict[str, Any], source: str | None) -> dict[str, Any]:
    """The item's draft translations, each checked against its English (ContentError names
    the language's file for the first one that changes more than words)."""
    shipped = [code for code, _ in settings.LANGUAGES if code != "en"]
    result: dict[str, Any] = {}
    for language, translated in sorted((item.draft_translations or {}).items()):
        where = f"translations/{language}/{source}" if source else f"{language} translation"
        if language not in shipped:
            raise validation.ContentError(
                where,
                str(data.get("key", "?")),
                "(file)",
                f"{language!r} is not a shipped language",
            )
        result[language] = localizing.check(data, translated, source=where)
    return result


def deck_materialise(*, deck: Item, version: Version) -> None:
    """Make the Card rows match a deck version: upsert by card key, retire the missing."""
    now = timezone.now()
    existing = {card.key: card for card in deck.cards.all()}
    seen = set()
    # Each card's words in every language it is wholly translated in.
    translated: dict[str, dict[str, dict[str, str]]] = {}
    for language in version.translations:
        data, fallbacks = version.localized_in(language)
        missing = fallbacks.units.get("cards", set())
        for entry in data.get("cards", []):
            if entry["key"] not in missing:
                translated.setdefault(entry["key"], {})[language] = {
                    "text": entry["text"],
                    "follow_up": entry.get("follow_up", ""),
                }
    for position, entry in enumerate(version.data.get("cards", [])):
        seen.add(entry["key"])
        fields: dict[str, Any] = {
            "category": entry["category"],
            "depth": entry["depth"],
            "text": entry["text"],
            "follow_up": entry.get("follow_up", ""),
            "tags": entry.get("tags", []),
            "translations": translated.get(entry["key"], {}),
            "position": position,
            "retired_at": None,
        }
        card = existing.get(entry["key"])
        if card is None:
            Card.objects.create(deck=deck, key=entry["key"], **fields)
        elif any(getattr(card, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(card, name, value)
            card.save()
    deck.cards.exclude(key__in=seen).filter(retired_at__isnull=True).update(retired_at=now)
    deck.cards_version = version
    deck.save(update_fields=["cards_version"])


def decks_refresh() -> None:
    """Remake the cards of any deck published without item_publish (a version created
    directly, as tests and other apps may do). Locks those decks so two draws at once do
    not both remake them."""
    stale = (
        Item.objects.select_for_update()
        .filter(kind=Item.Kind.DECK, current_version__isnull=False)
        .filter(Q(cards_version__isnull=True) | ~Q(cards_version=F("current_version")))
        .select_related("current_version")
    )
    for deck in stale:
        assert deck.current_version is not None
        deck_materialise(deck=deck, version=deck.current_version)


@transaction.atomic
def card_draw(
    *, couple: Couple, user: User, category: str = "", depth: str = "", deck: Item | None = None
) -> CardDraw:
    """Draw a random card for the couple (from one deck, or from every deck they may see),
    avoiding their last RECENT_DRAWS cards.

    Raises NothingToDraw when no visible card matches the filter."""
    decks_refresh()
    candidates = Card.objects.visible_to(user).active()
    if deck is not None:
        candidates = candidates.filter(deck=deck)
    if category:
        candidates = candidates.filter(category=category)
    if depth:
        candidates = candidates.filter(depth=depth)
    candidate_ids = list(candidates.values_list("id", flat=True))
    if not candidate_ids:
        raise NothingToDraw
    recent = list(
        CardDraw.objects.filter(couple=couple)
        .order_by("-drawn_at", "-id")
        .values_list("card_id", flat=True)[:RECENT_DRAWS]
    )
    fresh = sorted(set(candidate_ids) - set(recent))
    if fresh:
        card_id = random.choice(fresh)
    else:
        # Every matching card is in the window: the one whose last draw is oldest comes back.
        last_seen: dict[int, int] = {}
        for position, cid in enumerate(recent):
            last_seen.setdefault(cid, position)
        card_id = max(candidate_ids, key=lambda cid: last_seen[cid])
    draw = CardDraw.objects.create(couple=couple, card_id=card_id, drawn_by=user)
    live.notify_couple(couple, live.CARDS)
    partner = couple.partner_of(user)
    if partner is not None:
        pushes.notify(
            "card-drawn",
            recipient=partner,
            key=f"card-drawn:{draw.pk}",
            url=reverse("content:cards"),
            partner_name=user.display_name,
        )
    return draw


@transaction.atomic
def card_mark_set(*, couple: Couple, user: User, card: Card, kind: str, on: bool) -> None:
    """Set or clear a couple's mark on a card. Setting twice (a double tap, or both partners
    at once) leaves one mark; the unique constraint is the idempotency key."""
    if on:
        CardMark.objects.get_or_create(
            couple=couple, card=card, kind=kind, defaults={"marked_by": user}
        )
    else:
        CardMark.objects.filter(couple=couple, card=card, kind=kind).delete()
    live.notify_couple(couple, live.CARDS)
