"""What the content app holds about a person: which cards they drew and marked.

Cards carry our words, never a person's, so leaving a couple removes nothing here: the draws
and marks belong to the couple's shared history and simply stop naming the person who left.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from couplesafe.content.models import CardDraw, CardMark, Item


def forget(*, user: Any, couple: Any = None) -> None:
    draws = CardDraw.objects.filter(drawn_by=user)
    marks = CardMark.objects.filter(marked_by=user)
    if couple is not None:
        draws = draws.filter(couple=couple)
        marks = marks.filter(couple=couple)
    draws.update(drawn_by=None)
    marks.update(marked_by=None)
    if couple is None:
        _retire_own_items(user)


def _retire_own_items(user: Any) -> None:
    """A therapist deleting their account: their own cards and practices go, except a version
    a conversation still pins, which stays retired (hidden from everyone, as before visible
    only through that conversation)."""
    owned = Item.objects.filter(owner=user)
    owned.update(retired_at=timezone.now())
    for item in owned:
        try:
            with transaction.atomic():
                item.delete()
        except ProtectedError:
            pass


def export(user: Any) -> dict[str, Any]:
    return {
        "cards_drawn": [
            {"card": draw.card.key, "text": draw.card.text, "drawn_at": draw.drawn_at.isoformat()}
            for draw in CardDraw.objects.filter(drawn_by=user).select_related("card")
        ],
        "cards_marked": [
            {"card": mark.card.key, "mark": mark.kind, "at": mark.created_at.isoformat()}
            for mark in CardMark.objects.filter(marked_by=user).select_related("card")
        ],
    }
