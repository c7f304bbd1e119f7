"""Sending one reminder delivery, at most once (see `rituals.reminder_sweep` for the whole path).

The delivery row decides whether and when (once per person, kind and local day); the email
itself goes through the app's one outgoing path: it is recorded in the outbox (one message per
delivery) and sent by `couplesafe.outbox.services.message_deliver`, which this task calls
itself so the delivery's own claim and retries stay in charge.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from couplesafe.lib import emails, pushes
from couplesafe.outbox import services as outbox
from couplesafe.outbox.models import OutgoingMessage
from rituals.models import CheckIn, ReminderDelivery, ReminderSchedule
from rituals.reminders import unsubscribe_token

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 4

# One meaning of "worth trying again" for every message (SMTP 4xx, a dropped connection…).
TransientSendError = outbox.TransientSendError


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
        status, error_text = _send(delivery, retries_left)
    except TransientSendError as error:
        # Give it back to the queue (sending → queued) so the retry can claim it again.
        ReminderDelivery.objects.filter(
            pk=delivery_id, status=ReminderDelivery.Status.SENDING
        ).update(status=ReminderDelivery.Status.QUEUED, error=str(error), enqueued_at=now)
        raise
    except Exception as error:
        status, error_text = ReminderDelivery.Status.FAILED, f"{type(error).__name__}: {error}"
    if status != ReminderDelivery.Status.SENT:
        error_text = error_text or f"The email was not sent ({status})."
        logger.warning("Reminder %s could not be sent: %s", delivery.public_id, error_text)
        _finish(delivery_id, ReminderDelivery.Status.FAILED, error_text)
        return ReminderDelivery.Status.FAILED
    _finish(delivery_id, ReminderDelivery.Status.SENT)
    return ReminderDelivery.Status.SENT


def _send(delivery: ReminderDelivery, retries_left: int) -> tuple[str, str]:
    """Push to the person's devices and/or record the email (each once per delivery) and send
    the email through the outbox, now. Push only, with no device yet: by email instead."""
    channel = delivery.schedule.channel
    if channel != ReminderSchedule.Channel.EMAIL:
        pushed = pushes.notify(
            f"reminder-{delivery.kind}",
            recipient=delivery.user,
            key=f"reminder:{delivery.public_id}",
            url=_link(delivery),
        )
        if pushed and channel == ReminderSchedule.Channel.PUSH:
            return ReminderDelivery.Status.SENT, ""
    message = _record_email(delivery)
    if message is None:
        return ReminderDelivery.Status.FAILED, "The email was not recorded."
    outbox.message_deliver(message_id=message.pk, retries_left=retries_left)
    message.refresh_from_db(fields=["status", "error"])
    return message.status, message.error


def _record_email(delivery: ReminderDelivery) -> OutgoingMessage | None:
    token = unsubscribe_token(delivery.schedule)
    unsubscribe_url = emails.absolute(reverse("rituals:unsubscribe", args=[token]))
    send = (
        emails.send_reminder_commitment
        if delivery.kind == ReminderSchedule.Kind.COMMITMENT
        else emails.send_reminder_checkin
    )
    return send(
        recipient=delivery.user,
        link_url=emails.absolute(_link(delivery)),
        unsubscribe_url=unsubscribe_url,
        key=f"reminder:{delivery.public_id}",
    )


def _link(delivery: ReminderDelivery) -> str:
    kind = delivery.kind
    return reverse("home" if kind == ReminderSchedule.Kind.COMMITMENT else "rituals:today")
