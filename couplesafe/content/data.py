"""What the content app holds about a person: which cards they drew and marked.

Cards carry our words, never a person's, so leaving a couple removes nothing here: the draws
and marks belong to the couple's shared history and simply stop naming the person who left.
"""

from __future__ import annotations

from typing import Any

from couplesafe.content.models import CardDraw, CardMark


def forget(*, user: Any, couple: Any = None) -> None:
    draws = CardDraw.objects.filter(drawn_by=user)
    marks = CardMark.objects.filter(marked_by=user)
    if couple is not None:
        draws = draws.filter(couple=couple)
        marks = marks.filter(couple=couple)
    draws.update(drawn_by=None)
    marks.update(marked_by=None)


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
