"""Appreciations: sending one to the partner and the partner's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import live
from rituals.errors import RitualError
from rituals.models import Appreciation

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


@transaction.atomic
def appreciation_send(*, author: User, text: str) -> Appreciation:
    """Send an appreciation to the author's partner."""
    couple = author.active_couple
    partner = couple.partner_of(author) if couple else None
    if couple is None or partner is None:
        raise RitualError(_("Appreciations go to your partner. Pair up first."))
    appreciation = Appreciation.objects.create(
        couple=couple, author=author, recipient=partner, text=text.strip()
    )
    live.notify_couple(couple, live.APPRECIATION)
    return appreciation


@transaction.atomic
def appreciation_respond(*, appreciation: Appreciation, user: User, response: str) -> Appreciation:
    """The recipient's short acknowledgement. Only the recipient may answer, once; a second
    answer (another tab) is a conflict rather than a silent overwrite."""
    locked = Appreciation.objects.select_for_update().get(pk=appreciation.pk)
    if locked.recipient_id != user.pk:
        raise RitualError(_("Only the person it was for can answer an appreciation."))
    if locked.acknowledged_at is not None:
        raise RitualError(_("You already answered this one. Your answer is shown below."))
    locked.response = response.strip()
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["response", "acknowledged_at"])
    live.notify([locked.author_id, locked.recipient_id], live.APPRECIATION)
    return locked
