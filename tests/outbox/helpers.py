"""Sending what the outbox holds, for tests that run no Celery worker."""

from __future__ import annotations

from couplesafe.outbox import services
from couplesafe.outbox.models import OutgoingMessage


def deliver_outbox() -> list[str]:
    """Send every queued message exactly as the outbox task does (message_deliver), oldest
    first. Returns the resulting statuses."""
    queued = OutgoingMessage.objects.filter(
        status=OutgoingMessage.Status.QUEUED, enqueued_at__isnull=False
    ).order_by("created_at", "pk")
    return [services.message_deliver(message_id=pk) for pk in queued.values_list("pk", flat=True)]
