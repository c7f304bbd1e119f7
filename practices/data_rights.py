"""Leaving, deleting and export for practices (registered in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from practices import keeping, selectors
from practices.models import Conversation

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


def forget(*, user: User, couple: Any = None) -> None:
    keeping.forget(user=user, couple=couple)


def export(user: User) -> dict[str, Any]:
    """Joint conversations as this person saw them, and their own private notes."""
    conversations = (
        Conversation.objects.filter(couple__memberships__user=user)
        .select_related("version", "couple")
        .distinct()
        .order_by("created_at")
    )
    notes = {n.conversation_id: n.text for n in selectors.private_notes(user)}
    result = []
    for conv in conversations:
        result.append(
            {
                "id": str(conv.public_id),
                "practice": conv.version.data.get("key", ""),
                "topic": conv.topic,
                "status": conv.status,
                "created_at": conv.created_at.isoformat(),
                "turns": [
                    {
                        "step": turn.step_key,
                        "by_me": turn.author_id == user.pk,
                        "author": turn.author.display_name if turn.author else "",
                        "text": "" if turn.removed else turn.text,
                        "choice": turn.choice,
                        "removed": turn.removed,
                        "at": turn.created_at.isoformat(),
                    }
                    for turn in selectors.transcript(conv, user)
                ],
                "my_private_note": notes.get(conv.pk, ""),
            }
        )
    return {"conversations": result}
