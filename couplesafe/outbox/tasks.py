"""Celery tasks: thin, they take ids and call a service (STYLE.md §4)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from couplesafe.outbox import services


@shared_task(
    name="outbox.send_message",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=services.MAX_ATTEMPTS - 1,
    ignore_result=True,
)
def send_message(self: Any, message_id: int) -> str:
    """Send one recorded message. Retries only transient errors, a bounded number of times,
    with growing pauses; the row is the source of truth, so a re-delivered task finds it
    already claimed and does nothing."""
    retries_left = self.max_retries - self.request.retries
    try:
        return services.message_deliver(message_id=message_id, retries_left=retries_left)
    except services.TransientSendError as error:
        countdown = services.RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Run by beat once a minute: re-enqueue lost tasks, record interrupted sends."""
    result = services.outbox_sweep()
    return {
        "requeued": result.requeued,
        "interrupted": result.interrupted,
        "abandoned": result.abandoned,
    }
