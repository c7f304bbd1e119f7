"""Writes for rituals: check-ins, appreciations, reminder settings, the sweep and the send.

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
import logging
import smtplib
import socket
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from couplesafe.lib import emails
from couplesafe.lib.tz import local_today
from rituals.models import (
    Appreciation,
    CheckIn,
    ReminderDelivery,
    ReminderSchedule,
)
from safety import availability

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User

logger = logging.getLogger(__name__)

# A reminder may arrive up to this late (after an outage) and still be useful; beyond it, or
# once the person's local day is over, it is recorded as "late" instead of being sent.
CATCH_UP = dt.timedelta(minutes=getattr(settings, "REMINDER_CATCH_UP_MINUTES", 120))
# A queued delivery whose task vanished (Redis restarted) is enqueued again after this.
REQUEUE_AFTER = dt.timedelta(seconds=getattr(settings, "REMINDER_REQUEUE_AFTER_SECONDS", 600))
# A delivery left in "sending" (worker killed mid-send) is recorded failed after this.
INTERRUPTED_AFTER = dt.timedelta(
    seconds=getattr(settings, "REMINDER_INTERRUPTED_AFTER_SECONDS", 900)
)
MAX_SEND_ATTEMPTS = 4
SWEEP_BATCH = 1000
UNSUBSCRIBE_SALT = "rituals.unsubscribe"


class RitualError(Exception):
    """A ritual step that cannot happen; the message is for the person as it is."""


# --- Check-ins ---------------------------------------------------------------------------


@transaction.atomic
def checkin_record(
    *,
    user: User,
    mood: int,
    feelings: list[str],
    space_text: str = "",
    need_text: str = "",
    now: dt.datetime | None = None,
) -> CheckIn:
    """Record (or edit) today's check-in. "Today" is the person's own local day, so editing
    is possible until their local midnight; after that the row belongs to yesterday."""
    couple = user.active_couple
    if couple is None:
        raise RitualError("Check-ins are for the two of you. Pair up with your partner first.")
    now = now or timezone.now()
    day = local_today(user.time_zone, now)
    values = {
        "couple": couple,
        "mood": mood,
        "feelings": list(feelings)[:3],
        "space_text": space_text.strip(),
        "need_text": need_text.strip(),
        "updated_at": now,
    }
    try:
        with transaction.atomic():
            checkin, created = CheckIn.objects.select_for_update().get_or_create(
                user=user, local_date=day, defaults={**values, "created_at": now}
            )
    except IntegrityError:
        # Two tabs submitting at once: the other one won; this one becomes an edit.
        checkin, created = CheckIn.objects.select_for_update().get(user=user, local_date=day), False
    if not created:
        for field, value in values.items():
            setattr(checkin, field, value)
        checkin.save()
    return checkin


def checkin_today(user: User, now: dt.datetime | None = None) -> CheckIn | None:
    return CheckIn.objects.filter(user=user, local_date=local_today(user.time_zone, now)).first()


def revealed_dates(couple: Couple, dates: list[dt.date] | None = None) -> set[dt.date]:
    """Local dates on which both partners have checked in: the days whose details show."""
    qs = CheckIn.objects.filter(couple=couple)
    if dates is not None:
        qs = qs.filter(local_date__in=dates)
    members = {m.pk for m in couple.members()}
    by_date: dict[dt.date, set[int]] = {}
    for user_id, day in qs.values_list("user_id", "local_date"):
        by_date.setdefault(day, set()).add(user_id)
    return {day for day, who in by_date.items() if who >= members and len(members) == 2}


def checkin_is_revealed_to(checkin: CheckIn, user: User) -> bool:
    """The author always sees their own; the partner once both checked in that day."""
    if checkin.user_id == user.pk:
        return True
    couple = user.active_couple
    if couple is None or checkin.couple_id != couple.pk:
        return False
    return CheckIn.objects.filter(user=user, couple=couple, local_date=checkin.local_date).exists()


# --- Appreciations -----------------------------------------------------------------------


@transaction.atomic
def appreciation_send(*, author: User, text: str) -> Appreciation:
    """Send an appreciation to the author's partner."""
    couple = author.active_couple
    partner = couple.partner_of(author) if couple else None
    if couple is None or partner is None:
        raise RitualError("Appreciations go to your partner. Pair up first.")
    return Appreciation.objects.create(
        couple=couple, author=author, recipient=partner, text=text.strip()
    )


@transaction.atomic
def appreciation_respond(*, appreciation: Appreciation, user: User, response: str) -> Appreciation:
    """The recipient's short acknowledgement. Only the recipient may answer, once; a second
    answer (another tab) is a conflict rather than a silent overwrite."""
    locked = Appreciation.objects.select_for_update().get(pk=appreciation.pk)
    if locked.recipient_id != user.pk:
        raise RitualError("Only the person it was for can answer an appreciation.")
    if locked.acknowledged_at is not None:
        raise RitualError("You already answered this one. Your answer is shown below.")
    locked.response = response.strip()
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["response", "acknowledged_at"])
    return locked


# --- Reminder settings ---------------------------------------------------------------------


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

    Called when the person opens a rituals page or the home page; the sweep also notices a
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


def unsubscribe_token(schedule: ReminderSchedule) -> str:
    return signing.dumps(str(schedule.public_id), salt=UNSUBSCRIBE_SALT, compress=True)


def schedule_from_token(token: str) -> ReminderSchedule | None:
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ReminderSchedule.objects.filter(public_id=public_id).first()


# --- The sweep -----------------------------------------------------------------------------


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


# --- The send ------------------------------------------------------------------------------


class TransientSendError(Exception):
    """An SMTP problem worth trying again (connection, timeout, 4xx)."""


def is_transient(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | socket.timeout
        | ConnectionError,
    )


def _finish(delivery_id: int, status: str, error: str = "") -> None:
    ReminderDelivery.objects.filter(pk=delivery_id, status=ReminderDelivery.Status.SENDING).update(
        status=status, error=error[:2000], finished_at=timezone.now()
    )


def _why_not_needed(delivery: ReminderDelivery) -> str | None:
    user = delivery.user
    schedule = delivery.schedule
    if not user.is_active:
        return "The account is no longer active."
    if not schedule.wants(delivery.local_date):
        return "The reminder was turned off or paused."
    if delivery.kind == ReminderSchedule.Kind.COMMITMENT and not availability.joint_allowed(user):
        # A plan together: not while either partner is on a break (safety.availability).
        return "Not sent during a break from conversations."
    if delivery.kind == ReminderSchedule.Kind.CHECKIN:
        if user.active_couple is None:
            return "Not in a couple at the moment."
        if CheckIn.objects.filter(user=user, local_date=delivery.local_date).exists():
            return "Already checked in today."
    return None


def reminder_deliver(*, delivery_id: int, retries_left: int = 0) -> str:
    """Send one reminder at most once. Returns the resulting status (or "not-queued")."""
    now = timezone.now()
    with transaction.atomic():
        claimed = ReminderDelivery.objects.filter(
            pk=delivery_id, status=ReminderDelivery.Status.QUEUED
        ).update(status=ReminderDelivery.Status.SENDING, sending_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        # Sent, decided, or in the hands of another worker (or a crashed one): never again.
        return "not-queued"
    delivery = (
        ReminderDelivery.objects.select_related("user", "schedule").filter(pk=delivery_id).first()
    )
    if delivery is None:  # the person deleted their account a moment ago
        return "gone"
    reason = _why_not_needed(delivery)
    if reason:
        _finish(delivery_id, ReminderDelivery.Status.SKIPPED, reason)
        return ReminderDelivery.Status.SKIPPED
    try:
        _send_email(delivery)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        if is_transient(error) and retries_left > 0:
            # Give it back to the queue (sending → queued) so the retry can claim it again.
            ReminderDelivery.objects.filter(
                pk=delivery_id, status=ReminderDelivery.Status.SENDING
            ).update(status=ReminderDelivery.Status.QUEUED, error=message, enqueued_at=now)
            raise TransientSendError(message) from error
        logger.warning("Reminder %s could not be sent: %s", delivery.public_id, message)
        _finish(delivery_id, ReminderDelivery.Status.FAILED, message)
        return ReminderDelivery.Status.FAILED
    _finish(delivery_id, ReminderDelivery.Status.SENT)
    return ReminderDelivery.Status.SENT


def _send_email(delivery: ReminderDelivery) -> None:
    token = unsubscribe_token(delivery.schedule)
    unsubscribe_url = emails.absolute(reverse("rituals:unsubscribe", args=[token]))
    if delivery.kind == ReminderSchedule.Kind.COMMITMENT:
        emails.send_reminder_commitment(
            to=delivery.user.email,
            name=delivery.user.display_name,
            link_url=emails.absolute(reverse("home")),
            unsubscribe_url=unsubscribe_url,
        )
    else:
        emails.send_reminder_checkin(
            to=delivery.user.email,
            name=delivery.user.display_name,
            link_url=emails.absolute(reverse("rituals:today")),
            unsubscribe_url=unsubscribe_url,
        )


# --- Leaving, deleting, exporting ----------------------------------------------------------


def forget(*, user: User, couple: Couple | None = None) -> None:
    """The person's own words leave with them (PRODUCT.md): their check-ins and the
    appreciations they wrote are deleted, the answers they gave are emptied, reminders end."""
    checkins = CheckIn.objects.filter(user=user)
    written = Appreciation.objects.filter(author=user)
    answered = Appreciation.objects.filter(recipient=user).exclude(response="")
    if couple is not None:
        checkins = checkins.filter(couple=couple)
        written = written.filter(couple=couple)
        answered = answered.filter(couple=couple)
    checkins.delete()
    written.delete()
    # Emptying an encrypted field needs the field's own encryption: update through the ORM.
    for appreciation in answered:
        appreciation.response = ""
        appreciation.save(update_fields=["response"])
    ReminderSchedule.objects.filter(user=user).delete()


def export(user: User) -> dict[str, Any]:
    checkins = CheckIn.objects.filter(user=user).order_by("local_date")
    written = Appreciation.objects.filter(author=user).select_related("recipient")
    received = Appreciation.objects.filter(recipient=user).select_related("author")
    return {
        "checkins": [
            {
                "date": c.local_date.isoformat(),
                "mood": c.mood,
                "feelings": c.feelings,
                "taking_up_space": c.space_text,
                "need": c.need_text,
            }
            for c in checkins
        ],
        "appreciations_written": [
            {
                "to": a.recipient.display_name if a.recipient else "a former partner",
                "sent_at": a.created_at.isoformat(),
                "text": a.text,
                "their_response": a.response,
            }
            for a in written
        ],
        "appreciations_received": [
            {
                "from": a.author.display_name,
                "sent_at": a.created_at.isoformat(),
                "text": a.text,
                "your_response": a.response,
            }
            for a in received
        ],
        "reminders": [
            {
                "kind": s.kind,
                "local_time": s.local_time.strftime("%H:%M"),
                "weekdays": s.weekday_list,
                "enabled": s.enabled,
                "paused_until": s.paused_until.isoformat() if s.paused_until else None,
                "time_zone": s.time_zone,
            }
            for s in ReminderSchedule.objects.filter(user=user)
        ],
    }
