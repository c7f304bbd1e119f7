"""Reads other apps make of safety (the therapists app reads; safety never imports it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safety import questions
from safety.models import TherapistMessage

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User


def messages_for_therapist(*, therapist: User, couple: Couple) -> list[dict[str, Any]]:
    """Private messages partners of this couple sent to this therapist, with the check result
    they chose to send along. Only for the therapist's own couple page — never for "view as
    your therapist" (the other partner must not learn they exist)."""
    rows = (
        TherapistMessage.objects.filter(therapist=therapist, couple=couple)
        .select_related("author", "safety_check")
        .order_by("-created_at")
    )
    return [
        {
            "author": m.author,
            "created_at": m.created_at,
            "text": m.text,
            "check": (
                {
                    "answered_at": m.safety_check.created_at,
                    "concern": questions.result_of(m.safety_check.answers) == questions.CONCERN,
                    "answers": questions.labelled(m.safety_check.answers),
                }
                if m.safety_check is not None
                else None
            ),
        }
        for m in rows
    ]
