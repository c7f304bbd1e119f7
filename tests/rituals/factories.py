from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rituals import reminders
from rituals.models import ReminderSchedule


def reminder_for(user: Any, *, hour: int = 20, minute: int = 0, **kw: Any) -> ReminderSchedule:
    """A daily check-in reminder, saved through the service so next_due_at is computed."""
    return reminders.reminder_settings_save(
        user=user,
        local_time=dt.time(hour, minute),
        weekdays=kw.pop("weekdays", list(range(7))),
        enabled=kw.pop("enabled", True),
        paused_until=kw.pop("paused_until", None),
        now=kw.pop("now", None) or timezone.now(),
    )


def due_moments_ago(schedule: ReminderSchedule, seconds: int = 30) -> dt.datetime:
    """A moment a little in the past that is still on the person's local today: a reminder due
    before their local midnight is for a day that has ended (recorded "late", not sent)."""
    import zoneinfo

    now = timezone.now()
    local_now = now.astimezone(zoneinfo.ZoneInfo(schedule.time_zone))
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - dt.timedelta(seconds=seconds), midnight.astimezone(dt.UTC))
