"""Reminder times in the person's private calendar feed (couplesafe/notifications)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from couplesafe.lib.registry import CalendarEvent
from couplesafe.lib.tz import local_today
from rituals.models import ReminderSchedule

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


def calendar_events(user: User) -> list[CalendarEvent]:
    """Each reminder that is on, repeating weekly on its days at its local time, in its own
    zone (DST keeps 20:00 at 20:00). Only the kind's title; a plan never says what it is."""
    titles = {
        ReminderSchedule.Kind.CHECKIN: gettext("Daily check-in"),
        ReminderSchedule.Kind.COMMITMENT: gettext("Your plan together"),
    }
    link = {
        ReminderSchedule.Kind.CHECKIN: reverse("rituals:today"),
        ReminderSchedule.Kind.COMMITMENT: reverse("home"),
    }
    return [
        CalendarEvent(
            uid=f"reminder-{schedule.public_id}",
            title=titles[ReminderSchedule.Kind(schedule.kind)],
            start=dt.datetime.combine(
                local_today(schedule.time_zone, schedule.created_at), schedule.local_time
            ),
            time_zone=schedule.time_zone,
            duration=dt.timedelta(minutes=10),
            weekdays=tuple(schedule.weekday_list),
            url=link[ReminderSchedule.Kind(schedule.kind)],
        )
        for schedule in ReminderSchedule.objects.filter(user=user, enabled=True).exclude(weekdays=0)
    ]
