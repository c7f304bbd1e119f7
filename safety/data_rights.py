"""The safety app's part of leaving, deleting and exporting (couplesafe.lib.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safety import questions
from safety.models import (
    ConversationBreak,
    SafetyCheck,
    SafetyPreferences,
    SignedInDevice,
    TherapistMessage,
)

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User


def forget(*, user: User, couple: Couple | None = None) -> None:
    """Leaving a couple: the person's answers (they were about that partner), their private
    messages to that couple's therapist and any break go with them. Deleting the account:
    everything, with their preferences and signed-in devices."""
    messages = TherapistMessage.objects.filter(author=user)
    if couple is not None:
        messages = messages.filter(couple=couple)
    messages.delete()
    SafetyCheck.objects.filter(user=user).delete()
    ConversationBreak.objects.filter(user=user).delete()
    if couple is None:
        SafetyPreferences.objects.filter(user=user).delete()
        SignedInDevice.objects.filter(user=user).delete()


def export(user: User) -> dict[str, Any]:
    """Only the person's own: their answers, breaks and the messages they sent."""
    return {
        "safety_checks": [
            {
                "answered_at": check.created_at.isoformat(),
                "result": questions.result_of(check.answers),
                # Exactly as stored (question key → answer key), after decryption.
                "stored": check.answers_json,
                "answers": [
                    {"question": q, "answer": a} for q, a in questions.labelled(check.answers)
                ],
            }
            for check in SafetyCheck.objects.filter(user=user).order_by("created_at")
        ],
        "breaks_from_conversations": [
            {
                "started_at": b.started_at.isoformat(),
                "ended_at": b.ended_at.isoformat() if b.ended_at else None,
            }
            for b in ConversationBreak.objects.filter(user=user).order_by("started_at")
        ],
        "private_messages_to_therapist": [
            {
                "to": m.therapist.display_name,
                "sent_at": m.created_at.isoformat(),
                "text": m.text,
                "with_check_result": m.safety_check_id is not None,
            }
            for m in TherapistMessage.objects.filter(author=user).select_related("therapist")
        ],
    }
