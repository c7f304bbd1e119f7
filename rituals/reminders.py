"""Reminder settings: saving a schedule, turning it off, the commitment reminder, moving
schedules to a new time zone, and the signed unsubscribe token. The sweep that acts on
schedules is in `rituals.reminder_sweep`, the send in `rituals.reminder_send`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.utils import timezone

from rituals.models import ReminderSchedule

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

UNSUBSCRIBE_SALT = "rituals.unsubscribe"


def _reschedule(schedule: ReminderSchedule, now: dt.datetime) -> None:
    """Recompute next_due_at in the person's current zone after any change of settings.

    A reminder already delivered (or decided) today is not due again today: the delivery row
    for today's local date exists, so the sweep would skip it anyway; starting after the end
    of that local day saves it the trip.
    """
    schedule.time_zone = schedule.user.time_zone
    schedule.updated_at = now
    start = now
    today = schedule.local_date_of(now)
    if schedule.pk and schedule.deliveries.filter(local_date=today).exists():
        tz = zoneinfo.ZoneInfo(schedule.time_zone)
        start = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=tz).astimezone(dt.UTC)
    schedule.next_due_at = schedule.next_due_after(start)


@transaction.atomic
def reminder_settings_save(
    *,
    user: User,
    local_time: dt.time,
    weekdays: list[int],
    enabled: bool,
    paused_until: dt.date | None,
    channel: str = ReminderSchedule.Channel.EMAIL,
    now: dt.datetime | None = None,
) -> ReminderSchedule:
    """Save the person's daily check-in reminder and recompute when it is next due."""
    now = now or timezone.now()
    schedule, _ = ReminderSchedule.objects.select_for_update().get_or_create(
        user=user, kind=ReminderSchedule.Kind.CHECKIN, defaults={"time_zone": user.time_zone}
    )
    schedule.local_time = local_time.replace(second=0, microsecond=0)
    schedule.weekdays = sum(1 << day for day in set(weekdays))
    schedule.enabled = enabled
    schedule.paused_until = paused_until
    schedule.channel = channel
    _reschedule(schedule, now)
    schedule.save()
    return schedule


@transaction.atomic
def reminder_turn_off(*, schedule: ReminderSchedule) -> ReminderSchedule:
    schedule = ReminderSchedule.objects.select_for_update().get(pk=schedule.pk)
    schedule.enabled = False
    schedule.next_due_at = None
    schedule.updated_at = timezone.now()
    schedule.save(update_fields=["enabled", "next_due_at", "updated_at"])
    return schedule


@transaction.atomic
def commitment_reminder_create(
    *,
    user: User,
    label_key: str = "repair-plan",
    local_time: dt.time | None = None,
) -> ReminderSchedule:
    """A daily reminder about a plan the couple made together (called by practices).

    Its email says only "a gentle nudge about the plan you made together" — never the plan.
    One per person (at most one reminder per person per kind per day): a new plan re-arms it.
    """
    now = timezone.now()
    schedule, _ = ReminderSchedule.objects.select_for_update().get_or_create(
        user=user,
        kind=ReminderSchedule.Kind.COMMITMENT,
        defaults={"time_zone": user.time_zone},
    )
    schedule.label_key = label_key
    schedule.local_time = local_time or dt.time(18, 0)
    schedule.enabled = True
    schedule.paused_until = None
    _reschedule(schedule, now)
    schedule.save()
    return schedule


def reminders_resync_time_zone(*, user: User, now: dt.datetime | None = None) -> int:
    """Recompute schedules computed in an old zone (the person changed their time zone).

    Run by `resync_on_time_zone_change` (the time-zone listener); the sweep also notices a
    changed zone when a schedule comes due. Returns how many schedules moved."""
    stale = list(
        ReminderSchedule.objects.filter(user=user, next_due_at__isnull=False).exclude(
            time_zone=user.time_zone
        )
    )
    now = now or timezone.now()
    for schedule in stale:
        with transaction.atomic():
            locked = (
                ReminderSchedule.objects.select_for_update()
                .select_related("user")
                .get(pk=schedule.pk)
            )
            _reschedule(locked, now)
            locked.save(update_fields=["time_zone", "next_due_at", "updated_at"])
    return len(stale)


def resync_on_time_zone_change(user: User) -> None:
    """The time-zone listener (declared in apps.py): the one place reminders move zone."""
    reminders_resync_time_zone(user=user)


def unsubscribe_token(schedule: ReminderSchedule) -> str:
    return signing.dumps(str(schedule.public_id), salt=UNSUBSCRIBE_SALT, compress=True)


def schedule_from_token(token: str) -> ReminderSchedule | None:
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ReminderSchedule.objects.filter(public_id=public_id).first()
