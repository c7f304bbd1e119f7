"""Sending one reminder delivery, at most once (see `rituals.reminder_sweep` for the whole path)."""

from __future__ import annotations

import logging
import smtplib
import socket

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from couplesafe.lib import emails
from rituals.models import CheckIn, ReminderDelivery, ReminderSchedule
from rituals.reminders import unsubscribe_token

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 4


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
