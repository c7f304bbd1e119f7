from __future__ import annotations

from typing import Any

from django import template

from safety import offers

register = template.Library()


@register.inclusion_tag("safety/_hard_talk_offer.html", takes_context=True)
def hard_talk_offer(context: dict[str, Any], practice_key: str) -> dict[str, Any]:
    """A small, skippable offer of the private check on a repair or frustration practice."""
    request = context["request"]
    user = request.user
    due = user.is_authenticated and offers.hard_talk_offer_due(user, str(practice_key))
    return {"due": due, "next": request.get_full_path(), "csrf_token": context.get("csrf_token")}
