"""Conversation times in the person's private calendar feed (couplesafe/notifications).

An agreed time (`agreed_for`, the conversation "scheduled") is a confirmed event; a time one
partner suggested and the other has not answered yet (`proposed_for`) is tentative. A
conversation that began, ended or was set aside has no time to keep."""

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
    agreed = Conversation.objects.filter(
        couple=couple, status=Conversation.Status.SCHEDULED, agreed_for__gte=since
    ).values_list("public_id", "agreed_for")
    suggested = Conversation.objects.filter(
        couple=couple, status=Conversation.Status.INVITED, proposed_for__gte=since
    ).values_list("public_id", "proposed_for")
    times = [(p, when, False) for p, when in agreed] + [(p, when, True) for p, when in suggested]
    return [
        CalendarEvent(
            uid=f"conversation-{public_id}",
            title=title,
            start=when.astimezone(zone).replace(tzinfo=None),
            time_zone=user.time_zone,
            duration=dt.timedelta(minutes=30),
            url=f"/practices/{public_id}/",
            tentative=tentative,
        )
        for public_id, when, tentative in times
        if when is not None
    ]
