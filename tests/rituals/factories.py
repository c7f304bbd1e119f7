from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rituals import services
from rituals.models import ReminderSchedule


def reminder_for(user: Any, *, hour: int = 20, minute: int = 0, **kw: Any) -> ReminderSchedule:
    """A daily check-in reminder, saved through the service so next_due_at is computed."""
    return services.reminder_settings_save(
        user=user,
        local_time=dt.time(hour, minute),
        weekdays=kw.pop("weekdays", list(range(7))),
        enabled=kw.pop("enabled", True),
        paused_until=kw.pop("paused_until", None),
        now=kw.pop("now", None) or timezone.now(),
    )
