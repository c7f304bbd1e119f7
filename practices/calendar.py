"""Conversation times in the person's private calendar feed (couplesafe/notifications).

Today a time is one partner's suggestion (`proposed_for`), shown as tentative; when the
practices app records agreed times, they belong here as confirmed events."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext

from couplesafe.lib.registry import CalendarEvent
from practices.models import Conversation

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


def calendar_events(user: User) -> list[CalendarEvent]:
    couple = user.active_couple
    if couple is None:
        return []
    partner = couple.partner_of(user)
    zone = zoneinfo.ZoneInfo(user.time_zone)
    title = gettext("Talk with %(partner)s") % {
        "partner": " ".join((partner.display_name if partner else "").split())
        or gettext("your partner")
    }
    since = timezone.now() - dt.timedelta(days=30)
    times = (
        Conversation.objects.filter(couple=couple, proposed_for__gte=since)
        .exclude(status__in=[Conversation.Status.COMPLETED])
        .values_list("public_id", "proposed_for")
    )
    return [
        CalendarEvent(
            uid=f"conversation-{public_id}",
            title=title,
            start=when.astimezone(zone).replace(tzinfo=None),
            time_zone=user.time_zone,
            duration=dt.timedelta(minutes=30),
            url=f"/practices/{public_id}/",
            tentative=True,
        )
        for public_id, when in times
        if when is not None
    ]
