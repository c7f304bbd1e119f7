"""What practices adds to the home page and the navigation (declared in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import User


QUICK_REPAIR = "quick-repair"
# Today's practice comes from the everyday ones; a repair is chosen when it is needed.
NOT_DAILY = frozenset({QUICK_REPAIR, "repair-after-rupture"})


def is_partner(user: User) -> bool:
    return not user.is_therapist


def home_context(request: HttpRequest) -> dict[str, Any] | None:
    """Invitations and suggested times waiting for this person's answer, agreed times (on
    both clocks), and conversations still open."""
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
    # Shown on both clocks by {% time_for_both %} (couplesafe/lib/templatetags/clocks.py).
    agreed = [c for c in open_ones if c.status == "scheduled"]
    return {
        "invitations": asked,
        "agreed": agreed,
        "partner": partner,
        "partner_unavailable": not availability.is_available(partner),
        "open": [c for c in open_ones if answerer_id(c) != user.pk and c.status != "scheduled"],
        **quick_start(user),
    }


def quick_start(user: User) -> dict[str, Any]:
    """One tap from home: the quick repair, and today's practice (the shipped everyday
    practices in turn, one per local day, the same for both partners on the same date)."""
    from couplesafe.content.models import Item
    from couplesafe.lib import tz

    shipped = list(
        Item.objects.published()
        .shipped()
        .filter(kind=Item.Kind.PRACTICE)
        .order_by("key")
        .values_list("key", "title", "current_version__data__minutes")
    )
    quick = next((p for p in shipped if p[0] == QUICK_REPAIR), None)
    daily = [p for p in shipped if p[0] not in NOT_DAILY]
    today = daily[tz.local_today(user.time_zone).toordinal() % len(daily)] if daily else None
    return {
        "quick_repair": dict(zip(("key", "title", "minutes"), quick, strict=True))
        if quick
        else None,
        "today": dict(zip(("key", "title", "minutes"), today, strict=True)) if today else None,
    }
