"""Whether a person is available for joint things: the one rule behind "Step back for now"
and an ordinary break from conversations.

While a person has an open ConversationBreak, nothing joint reaches them: no conversation
invitation or request (practices), no card another drew following onto their screen
(content, through the registry), no reminder about a plan together (rituals). Their partner
sees only `PARTNER_UNAVAILABLE`, the same words whichever way the break began and whenever
it began (no time, no reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from safety.models import ConversationBreak

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

PARTNER_UNAVAILABLE = _("%(name)s is not available for conversations right now.")


def is_on_break(user: User) -> bool:
    """The person chose a break (for any reason). Cached on the instance for the request."""
    cached = getattr(user, "_safety_on_break", None)
    if cached is None:
        cached = ConversationBreak.objects.filter(user=user, ended_at__isnull=True).exists()
        user._safety_on_break = cached  # type: ignore[attr-defined]
    return bool(cached)


def forget_cache(user: User) -> None:
    user.__dict__.pop("_safety_on_break", None)


def is_available(user: User | None) -> bool:
    return user is not None and not is_on_break(user)


def joint_allowed(user: User) -> bool:
    """Joint invitations and reminders about doing something together may involve this
    person only when neither they nor their partner is on a break."""
    couple = user.active_couple
    partner = couple.partner_of(user) if couple else None
    return is_available(user) and (partner is None or is_available(partner))


def partner_unavailable_message(partner: User) -> str:
    return str(PARTNER_UNAVAILABLE) % {"name": partner.display_name}
