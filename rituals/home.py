"""What rituals adds to the home page and the navigation (declared in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from couplesafe.lib.tz import local_today
from rituals import selectors
from rituals.models import Appreciation, CheckIn

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import User


def in_couple(user: User) -> bool:
    return user.active_couple is not None


def home_context(request: HttpRequest) -> dict[str, Any] | None:
    """Today's check-in card and new appreciations, for people in a couple."""
    user: User = request.user  # type: ignore[assignment]
    couple = user.active_couple
    if couple is None:
        return None
    partner = couple.partner_of(user)
    now = timezone.now()
    recent = selectors.recent_checkins(couple, user, now)
    today = local_today(user.time_zone, now)
    mine = next((c for c in recent if c.user_id == user.pk and c.local_date == today), None)
    theirs = selectors.partner_today(user=user, partner=partner, recent=recent, now=now)
    return {
        "mine": mine,
        "partner": partner,
        "partner_checked_in": theirs.checkin is not None,
        "revealed": theirs.revealed,
        "theirs": theirs.checkin,
        "new_appreciations": list(
            Appreciation.objects.visible_to(user)
            .filter(recipient=user, acknowledged_at__isnull=True)
            .select_related("author")[:3]
        ),
        "checkins_this_month": CheckIn.objects.filter(
            user=user, local_date__gte=(mine.local_date if mine else _today(user)).replace(day=1)
        ).count(),
    }


def _today(user: User) -> Any:
    return local_today(user.time_zone)
