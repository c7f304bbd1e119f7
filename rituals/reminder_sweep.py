"""The reminder sweep: claim due schedules, write deliveries, enqueue the sends.

Reminder delivery, in one paragraph (the why of each step is next to its code):
the beat runs `reminders_sweep` once a minute. It claims due schedules in batches
(`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, compare-and-set on SQLite), writes one
ReminderDelivery per (schedule, local date) — unique in the database — moves `next_due_at`
on, and enqueues `send_reminder(delivery_id)` after commit. The send claims the delivery
queued → sending in its own short transaction, re-checks the world, sends outside any
transaction and records sent / failed. A delivery found in "sending" is never sent again:
we cannot know whether the mail left before a crash, and a second reminder is the one thing
we promise never to do; the sweep marks it failed ("interrupted") after a while, visibly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from rituals.models import ReminderDelivery, ReminderSchedule

# A reminder may arrive up to this late (after an outage) and still be useful; beyond it, or
# once the person's local day is over, it is recorded as "late" instead of being sent.
CATCH_UP = dt.timedelta(minutes=getattr(settings, "REMINDER_CATCH_UP_MINUTES", 120))
# A queued delivery whose task vanished (Redis restarted) is enqueued again after this.
REQUEUE_AFTER = dt.timedelta(seconds=getattr(settings, "REMINDER_REQUEUE_AFTER_SECONDS", 600))
# A delivery left in "sending" (worker killed mid-send) is recorded failed after this.
INTERRUPTED_AFTER = dt.timedelta(
    seconds=getattr(settings, "REMINDER_INTERRUPTED_AFTER_SECONDS", 900)
)
SWEEP_BATCH = 1000


def _enqueue(delivery_ids: list[int]) -> None:
    """Publish one send task per delivery, through one producer, with kombu's publish batch
    (a Redis pipeline): one round trip per few hundred messages instead of one per message.
    A transport without batching publishes each message at once."""
    from rituals.tasks import send_reminder

    with send_reminder.app.producer_or_acquire() as producer, producer.batch(max_size=500):
        for delivery_id in delivery_ids:
            send_reminder.apply_async((delivery_id,), producer=producer)


def _save_next_due(schedules: list[ReminderSchedule], now: dt.datetime) -> None:
    """Write the new next_due_at of a batch in one statement. Django's bulk_update builds a
    CASE expression per row, which costs more than the rest of the sweep together."""
    if connection.vendor != "postgresql" or len(schedules) == 1:
        ReminderSchedule.objects.bulk_update(schedules, ["next_due_at", "time_zone", "updated_at"])
        return
    values = ", ".join(["(%s, %s::timestamptz, %s)"] * len(schedules))
    params: list[Any] = []
    for schedule in schedules:
        params += [schedule.pk, schedule.next_due_at, schedule.time_zone]
    table = ReminderSchedule._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS s SET next_due_at = v.due, time_zone = v.tz, updated_at = %s "  # noqa: S608
            f"FROM (VALUES {values}) AS v(id, due, tz) WHERE s.id = v.id",
            [now, *params],
        )


@dataclass
class SweepResult:
    claimed: int = 0
    queued: int = 0
    late: int = 0
    requeued: int = 0
    interrupted: int = 0


def _plan(
    schedule: ReminderSchedule, now: dt.datetime, taken: set[dt.date]
) -> tuple[list[ReminderDelivery], dt.datetime | None]:
    """What to do with one due schedule: the delivery rows to write and the next due moment.

    Every missed occurrence gets a row, so a reminder that could not go out is visible as
    "late" rather than silently lost. A change of the person's time zone since next_due_at
    was computed is noticed here: today's occurrence is recomputed in the new zone; if it is
    still ahead, nothing is sent yet; if it passed within the catch-up window, it goes now.
    """
    user = schedule.user
    due = schedule.next_due_at
    assert due is not None
    if schedule.time_zone != user.time_zone:
        schedule.time_zone = user.time_zone
        tz = zoneinfo.ZoneInfo(schedule.time_zone)
        today = now.astimezone(tz).date()
        recomputed = schedule.due_on(today, tz)
        # A move is a change of settings, not an outage: no "late" rows for moments that
        # only exist in the new zone; today's is sent if it is still fresh, else tomorrow's.
        if recomputed > now or now - recomputed > CATCH_UP or not schedule.wants(today):
            return [], schedule.next_due_after(now)
        due = recomputed
    rows: list[ReminderDelivery] = []
    for _ in range(31):
        local_date = schedule.local_date_of(due)
        if local_date not in taken and schedule.wants(local_date):
            day_over = schedule.local_date_of(now) != local_date
            on_time = now - due <= CATCH_UP and not day_over
            status = ReminderDelivery.Status.QUEUED if on_time else ReminderDelivery.Status.LATE
            rows.append(
                ReminderDelivery(
                    schedule=schedule,
                    user_id=schedule.user_id,
                    kind=schedule.kind,
                    local_date=local_date,
                    due_at=due,
                    status=status,
                    created_at=now,
                    enqueued_at=now,
                    finished_at=None if on_time else now,
                    error=""
                    if on_time
                    else (
                        "Not sent: the day it was for had ended."
                        if day_over
                        else "Not sent: more than two hours late (the service was down)."
                    ),
                )
            )
            taken.add(local_date)
        following = schedule.next_due_after(due)
        if following is None or following > now:
            return rows, following
        due = following
    return rows, schedule.next_due_after(now)


def _process_batch(
    schedules: list[ReminderSchedule], now: dt.datetime, result: SweepResult
) -> None:
    """Write deliveries and move the schedules on. Runs inside the claiming transaction, so no
    other sweep can touch these schedules until it commits."""
    ids = [s.pk for s in schedules]
    taken: dict[int, set[dt.date]] = {}
    earliest = min(s.next_due_at for s in schedules if s.next_due_at) - dt.timedelta(days=2)
    for schedule_id, day in ReminderDelivery.objects.filter(
        schedule_id__in=ids, local_date__gte=earliest.date()
    ).values_list("schedule_id", "local_date"):
        taken.setdefault(schedule_id, set()).add(day)
    rows: list[ReminderDelivery] = []
    for schedule in schedules:
        planned, following = _plan(schedule, now, taken.setdefault(schedule.pk, set()))
        rows.extend(planned)
        schedule.next_due_at = following
        schedule.updated_at = now
    created = ReminderDelivery.objects.bulk_create(rows)
    _save_next_due(schedules, now)
    queued = [d.pk for d in created if d.status == ReminderDelivery.Status.QUEUED]
    result.claimed += len(schedules)
    result.queued += len(queued)
    result.late += len(created) - len(queued)
    if queued:
        transaction.on_commit(lambda: _enqueue(queued))


def _claim_batch_locked(now: dt.datetime, batch: int, result: SweepResult) -> int:
    with transaction.atomic():
        schedules = list(
            ReminderSchedule.objects.filter(next_due_at__lte=now)
            .order_by("next_due_at")
            .select_related("user")
            .select_for_update(skip_locked=True, of=("self",))[:batch]
        )
        if schedules:
            _process_batch(schedules, now, result)
    return len(schedules)


def _claim_batch_cas(now: dt.datetime, batch: int, result: SweepResult) -> int:
    """SQLite (the embedded first-run) has no row locks: claim each schedule by moving its
    next_due_at only if it is still what we read (healthchecks' sendreports)."""
    candidates = list(
        ReminderSchedule.objects.filter(next_due_at__lte=now)
        .order_by("next_due_at")
        .select_related("user")[:batch]
    )
    for schedule in candidates:
        with transaction.atomic():
            old = schedule.next_due_at
            claimed = ReminderSchedule.objects.filter(pk=schedule.pk, next_due_at=old).update(
                updated_at=now
            )
            if claimed == 1:
                _process_batch([schedule], now, result)
    return len(candidates)


def reminders_sweep(*, now: dt.datetime | None = None, batch: int = SWEEP_BATCH) -> SweepResult:
    """Claim every due schedule, write its delivery and enqueue the send (on commit)."""
    now = now or timezone.now()
    result = SweepResult()
    claim = (
        _claim_batch_locked
        if connection.features.has_select_for_update_skip_locked
        else _claim_batch_cas
    )
    while claim(now, batch, result) == batch:
        pass
    _tidy_open_deliveries(now, result)
    return result


def _tidy_open_deliveries(now: dt.datetime, result: SweepResult) -> None:
    """Deliveries whose task went missing (Redis restarted) are enqueued again — safe, since
    the send claims queued → sending at most once. Deliveries stuck in "sending" are recorded
    failed: never re-sent blindly, never silently lost."""
    stuck = ReminderDelivery.objects.filter(
        status=ReminderDelivery.Status.SENDING, sending_at__lt=now - INTERRUPTED_AFTER
    )
    result.interrupted = stuck.update(
        status=ReminderDelivery.Status.FAILED,
        finished_at=now,
        error="Interrupted while sending. Not retried, so that no one gets it twice.",
    )
    stale = ReminderDelivery.objects.filter(
        status=ReminderDelivery.Status.QUEUED, enqueued_at__lt=now - REQUEUE_AFTER
    )
    too_late = stale.filter(due_at__lt=now - CATCH_UP)
    result.late += too_late.update(
        status=ReminderDelivery.Status.LATE,
        finished_at=now,
        error="The reminder's moment had passed before it could be sent.",
    )
    again = list(stale.values_list("pk", flat=True)[:SWEEP_BATCH])
    if again:
        ReminderDelivery.objects.filter(pk__in=again, status=ReminderDelivery.Status.QUEUED).update(
            enqueued_at=now
        )
        result.requeued = len(again)
        transaction.on_commit(lambda: _enqueue(again))
