"""Daily rituals: check-ins, appreciations, and the reminders that nudge people towards them.

Invariants live in the database: one check-in per person per local day, one reminder schedule
per person per kind, one reminder delivery per schedule per local day (the idempotency key
that keeps a person from ever getting two reminders for one day).
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from couplesafe.lib.fields import EncryptedTextField

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

# Monday first, in the reader's language (Django's own translated day names).
WEEKDAY_NAMES = [WEEKDAYS[day] for day in range(7)]
ALL_WEEKDAYS = 0b1111111


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def visible_to(self, user: User) -> CheckInQuerySet:
        """Check-ins of the person's current couple (their own and their partner's).

        How much of the partner's check-in shows is a second rule, in one place:
        `couplesafe.visibility.checkin_sight` (reveal together, each on their own local day).
        """
        couple = user.active_couple
        if couple is None:
            return self.filter(user=user, couple__isnull=True)
        return self.filter(couple=couple)


class CheckIn(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    couple = models.ForeignKey("accounts.Couple", on_delete=models.CASCADE, related_name="checkins")
    # The author's own calendar day, in their time zone when they checked in.
    local_date = models.DateField()
    mood = models.PositiveSmallIntegerField()
    feelings = models.JSONField(default=list, blank=True)
    space_text = EncryptedTextField(blank=True)
    need_text = EncryptedTextField(blank=True)
    # "Keep today's check-in private" (safety): the partner sees only that it happened, even
    # after checking in themselves. Applied by the one reveal rule; never shown to the partner.
    private = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="checkin_one_per_day"),
            models.CheckConstraint(
                condition=Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["couple", "local_date"])]
        ordering = ["-local_date"]

    def __str__(self) -> str:
        return f"Check-in {self.public_id}"


class AppreciationQuerySet(models.QuerySet["Appreciation"]):
    def visible_to(self, user: User) -> AppreciationQuerySet:
        """Appreciations in the person's current couple that they wrote or received."""
        couple = user.active_couple
        if couple is None:
            return self.none()
        return self.filter(couple=couple).filter(Q(author=user) | Q(recipient=user))


class Appreciation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(
        "accounts.Couple", on_delete=models.CASCADE, related_name="appreciations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appreciations_sent"
    )
    # SET_NULL: when the recipient deletes their account, the author keeps their own words.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="appreciations_received",
    )
    text = EncryptedTextField()
    response = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = AppreciationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["couple", "created_at"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Appreciation {self.public_id}"


class ReminderSchedule(models.Model):
    """When one person wants one kind of reminder. Scheduling is data: `next_due_at` (UTC) is
    the next moment the sweep should act, recomputed after every send and settings change;
    null means "nothing due" (turned off)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("By email")
        PUSH = "push", _("As a notification on my devices")
        BOTH = "both", _("Both")

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("Daily check-in")
        COMMITMENT = "commitment", _("Your plan together")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CHECKIN)
    label_key = models.CharField(max_length=60, blank=True)
    local_time = models.TimeField(default=dt.time(20, 0))
    # Bit 0 = Monday … bit 6 = Sunday.
    weekdays = models.PositiveSmallIntegerField(default=ALL_WEEKDAYS)
    enabled = models.BooleanField(default=True)
    paused_until = models.DateField(null=True, blank=True)
    # How the reminder reaches the person: email, a push to their devices, or both.
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    # The zone next_due_at was computed in; the sweep notices when the person's zone changed.
    time_zone = models.CharField(max_length=64, default="UTC")
    next_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_one_per_kind"),
            models.CheckConstraint(
                condition=Q(weekdays__gte=0, weekdays__lte=ALL_WEEKDAYS),
                name="reminder_weekdays_bitmask",
            ),
        ]
        indexes = [
            # The sweep's only query: WHERE next_due_at <= now ORDER BY next_due_at.
            models.Index(
                fields=["next_due_at"],
                name="reminder_next_due_idx",
                condition=Q(next_due_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder {self.public_id}"

    @property
    def weekday_list(self) -> list[int]:
        return [day for day in range(7) if self.weekdays & (1 << day)]

    @property
    def is_active(self) -> bool:
        return self.enabled and self.weekdays != 0

    def wants(self, local_date: dt.date) -> bool:
        """Whether the person still wants this reminder on their local date."""
        if not self.is_active:
            return False
        if self.paused_until is not None and local_date <= self.paused_until:
            return False
        return bool(self.weekdays & (1 << local_date.weekday()))

    def due_on(self, local_date: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
        """The UTC moment of the reminder on a local date.

        DST gap (the wall-clock time does not exist, e.g. 02:30 on a spring-forward night): the
        reminder comes at the same distance after the gap, 03:30 — fold=0 reads the time with
        the offset from before the change. DST overlap (the time happens twice on a fall-back
        night): the first occurrence; there is only ever one candidate per local date.
        """
        naive = dt.datetime.combine(local_date, self.local_time)
        return naive.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)

    def next_due_after(self, moment: dt.datetime) -> dt.datetime | None:
        """The first reminder moment strictly after `moment`, in UTC, or None if none is wanted."""
        if not self.is_active:
            return None
        tz = zoneinfo.ZoneInfo(self.time_zone)
        day = moment.astimezone(tz).date()
        if self.paused_until is not None and day <= self.paused_until:
            day = self.paused_until + dt.timedelta(days=1)
        # Yesterday's date too: near local midnight a DST shift can put it after `moment`.
        for offset in range(-1, 9):
            candidate_date = day + dt.timedelta(days=offset)
            if not self.wants(candidate_date):
                continue
            candidate = self.due_on(candidate_date, tz)
            if candidate > moment:
                return candidate
        return None

    def local_date_of(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()


class ReminderDelivery(models.Model):
    """One reminder for one local day: an outbox row (pretix). Unique per (schedule, local
    date), so a second sweep, a second beat or a re-delivered task can never make another."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to send")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        SKIPPED = "skipped", _("Not needed")
        LATE = "late", _("Too late to send")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    kind = models.CharField(max_length=12, choices=ReminderSchedule.Kind.choices)
    local_date = models.DateField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(default=timezone.now)
    sending_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "local_date"], name="reminder_delivery_once_per_day"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "enqueued_at"],
                name="reminder_delivery_open_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["user", "-local_date"]),
        ]
        ordering = ["-local_date"]

    def __str__(self) -> str:
        return f"Reminder delivery {self.public_id}"
