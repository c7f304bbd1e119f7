"""The private check is offered, never imposed: on joining a couple (the home card), about
once a month after that (the same card), and before a person's first repair or frustration
conversation (a small card on that practice's pages, via the `hard_talk_offer` tag).
Nothing is ever held back until it is answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from safety import services
from safety.models import SafetyCheck, SafetyPreferences

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

# Practices about a rupture or a frustration: where a person who is afraid of their partner
# would be most exposed. Keys of the practice library (couplesafe/content/library/practices).
HARD_TALKS = frozenset({"repair-after-rupture", "frustration-to-longing", "quick-repair"})


def hard_talk_offer_due(user: User, practice_key: str) -> bool:
    """Before the person's first repair or frustration conversation: shown until they take
    the check or say "not now" to it there, and not at all with an answer from this month."""
    if practice_key not in HARD_TALKS or user.is_therapist or user.active_couple is None:
        return False
    offered = SafetyPreferences.objects.filter(user=user, hard_talk_offered_at__isnull=False)
    if offered.exists():
        return False
    recent = timezone.now() - services.MONTHLY
    return not SafetyCheck.objects.filter(user=user, created_at__gt=recent).exists()
