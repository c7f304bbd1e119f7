"""Celery tasks: thin, they take ids and call a service (STYLE.md §4)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from rituals import reminder_send, reminder_sweep


@shared_task(name="rituals.tasks.sweep_reminders", ignore_result=True)
def sweep_reminders() -> dict[str, int]:
    """Run by beat once a minute. Safe to run twice at once (rows are claimed, not read)."""
    result = reminder_sweep.reminders_sweep()
    return {
        "claimed": result.claimed,
        "queued": result.queued,
        "late": result.late,
        "requeued": result.requeued,
        "interrupted": result.interrupted,
    }


@shared_task(
    name="rituals.tasks.send_reminder",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=reminder_send.MAX_SEND_ATTEMPTS - 1,
    ignore_result=True,
)
def send_reminder(self: Any, delivery_id: int) -> str:
    """Send one reminder delivery. Retries only transient SMTP errors, a few times, with
    growing pauses; the delivery row is the source of truth, so a re-delivered message
    finds it already claimed and does nothing."""
    retries_left = self.max_retries - self.request.retries
    try:
        return reminder_send.reminder_deliver(delivery_id=delivery_id, retries_left=retries_left)
    except reminder_send.TransientSendError as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
