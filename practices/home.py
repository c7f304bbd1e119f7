"""What practices adds to the home page and the navigation (declared in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import User


def is_partner(user: User) -> bool:
    return not user.is_therapist


def home_context(request: HttpRequest) -> dict[str, Any] | None:
    """Invitations and suggested times waiting for this person's answer, agreed times (on
    both clocks), and conversations still open."""
    from couplesafe.lib import tz
    from practices.scheduling import answerer_id
    from practices.selectors import conversations_for, with_my_couple

    user = request.user
    if not user.is_authenticated or user.is_therapist or user.active_couple is None:
        return None
    from safety import availability

    open_ones = with_my_couple(user, list(conversations_for(user).open()[:10]))
    # A person on a break from conversations gets no invitations (safety.availability).
    on_break = availability.is_on_break(user)
    asked = [c for c in open_ones if answerer_id(c) == user.pk and not on_break]
    partner = user.active_couple.partner_of(user)
    agreed = [
        {
            "conv": c,
            "elsewhere": tz.elsewhere(c.agreed_for, user.time_zone, partner.time_zone)
            if partner and c.agreed_for
            else None,
        }
        for c in open_ones
        if c.status == "scheduled"
    ]
    return {
        "invitations": asked,
        "agreed": agreed,
        "partner": partner,
        "partner_unavailable": not availability.is_available(partner),
        "open": [c for c in open_ones if answerer_id(c) != user.pk and c.status != "scheduled"],
    }
