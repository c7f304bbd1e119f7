"""The one path every outgoing message takes: record a row, send it from a task, record the
outcome (STYLE.md §4, pretix).

- `message_record` writes the row in the caller's transaction and, once that commits, enqueues
  `outbox.tasks.send_message` with only the row's id. Nothing is ever sent inside a request.
- `message_deliver` claims the row queued → sending by compare-and-set, so a task delivered
  twice sends once; sends outside any transaction; records sent or failed with the error; on
  a transient error (SMTP 4xx, a dropped connection, a push service's 5xx/429) hands the row
  back to the queue so the task can retry it with growing pauses.
- `outbox_sweep` (beat, once a minute) re-enqueues rows whose task went missing and records
  rows stuck in "sending" (a worker killed mid-send) as failed — never re-sent blindly,
  never silently lost.

A row with `enqueued_at` empty is driven by its caller instead of the outbox task: a reminder
delivery (rituals) claims its own row exactly once per local day and calls `message_deliver`
itself, so the outbox sweep leaves such rows to it.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from couplesafe.outbox.models import OutgoingMessage

if TYPE_CHECKING:
    from couplesafe.accounts.models import User
    from couplesafe.outbox.models import PushSubscription

logger = logging.getLogger(__name__)

Status = OutgoingMessage.Status

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30  # 30 s, 1, 2, 4 minutes: about 8 minutes in all
# Longer than the longest retry pause: a queued row older than this has lost its task.
REQUEUE_AFTER = dt.timedelta(minutes=15)
INTERRUPTED_AFTER = dt.timedelta(minutes=15)
# A caller-driven row (a reminder) still queued after this will not be sent any more.
ABANDONED_AFTER = dt.timedelta(days=1)
SWEEP_BATCH = 500


class TransientSendError(Exception):
    """A problem worth trying again: SMTP 4xx, a connection that failed, a push 5xx or 429."""


class PushTransientError(Exception):
    """A push service answered 5xx or 429."""


class PushGoneError(Exception):
    """A push service answered 404 or 410: the browser unsubscribed; the row is removed."""


def is_transient(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):  # e.g. 450 mailbox busy: try later
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | socket.timeout
        | ConnectionError
        | PushTransientError,
    )


def partner_messages_allowed(recipient: User) -> bool:
    """Whether a partner-facing message (your partner asked for a conversation, answered, drew
    a card…) may go to this person now, by email or push. The one place that decides it: a
    person who stepped back (issue #14) gets none, and nothing else tells the partner so."""
    return recipient.is_active


@dataclass(frozen=True)
class Draft:
    """A rendered message, ready to be recorded. Never holds anyone's own words."""

    kind: str
    subject: str
    body_text: str
    body_html: str = ""
    headers: dict[str, str] | None = None


def message_record(
    draft: Draft,
    *,
    to: str = "",
    user: User | None = None,
    subscription: PushSubscription | None = None,
    key: str | None = None,
    driven_by_caller: bool = False,
) -> OutgoingMessage:
    """Record one message and enqueue its send after the surrounding transaction commits.

    With `key`, recording the same event twice returns the first row (at most one message per
    event and device). With `driven_by_caller`, nothing is enqueued: the caller delivers it."""
    fields = {
        "channel": (
            OutgoingMessage.Channel.PUSH if subscription else OutgoingMessage.Channel.EMAIL
        ),
        "kind": draft.kind,
        "to": to,
        "user": user,
        "subscription": subscription,
        "subject": draft.subject,
        "body_text": draft.body_text,
        "body_html": draft.body_html,
        "headers": draft.headers or {},
        "enqueued_at": None if driven_by_caller else timezone.now(),
    }
    if key is None:
        message = OutgoingMessage.objects.create(**fields)
    else:
        existing = OutgoingMessage.objects.filter(key=key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                message = OutgoingMessage.objects.create(key=key, **fields)
        except IntegrityError:
            # The same event recorded at the same moment elsewhere: that row is the one.
            first = OutgoingMessage.objects.filter(key=key).first()
            if first is None:
                raise
            return first
    if not driven_by_caller:
        transaction.on_commit(lambda: enqueue([message.pk]))
    return message


def enqueue(message_ids: list[int]) -> None:
    """Publish one send task per message. If the broker is unreachable the rows stay queued
    and the sweep enqueues them again: a request never fails because of it."""
    from couplesafe.outbox.tasks import send_message

    if not message_ids:
        return
    try:
        with send_message.app.producer_or_acquire() as producer, producer.batch(max_size=500):
            for message_id in message_ids:
                send_message.apply_async((message_id,), producer=producer)
    except Exception:
        logger.exception(
            "Could not enqueue %d outgoing message(s); the sweep will retry", len(message_ids)
        )


def message_deliver(*, message_id: int, retries_left: int = 0) -> str:
    """Send one recorded message at most once. Returns its resulting status, or "not-queued"
    when it was sent, decided, or is in another worker's hands. Raises TransientSendError
    after handing the row back to the queue when a retry is worth it."""
    from couplesafe.outbox import transports

    now = timezone.now()
    claimed = OutgoingMessage.objects.filter(pk=message_id, status=Status.QUEUED).update(
        status=Status.SENDING, sending_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return "not-queued"
    message = OutgoingMessage.objects.select_related("subscription").get(pk=message_id)
    try:
        transports.send(message)
    except PushGoneError as error:
        _finish(message_id, Status.FAILED, f"{error} The subscription was removed.")
        transports.forget_subscription(message)
        return Status.FAILED
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        if is_transient(error) and retries_left > 0:
            # The requeue clock restarts; a caller-driven row stays the caller's.
            restart = {"enqueued_at": now} if message.enqueued_at else {}
            OutgoingMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
                status=Status.QUEUED, error=text[:2000], **restart
            )
            raise TransientSendError(text) from error
        logger.warning("Outgoing %s could not be sent: %s", message.public_id, text)
        _finish(message_id, Status.FAILED, text)
        return Status.FAILED
    _finish(message_id, Status.SENT)
    return Status.SENT


def _finish(message_id: int, status: str, error: str = "") -> None:
    OutgoingMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=status, error=error[:2000], finished_at=timezone.now()
    )


def message_retry(*, message_ids: list[int]) -> int:
    """Send failed messages again (the admin's action). Returns how many were queued."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutgoingMessage.objects.filter(pk__in=message_ids, status=Status.FAILED).values_list(
                "pk", flat=True
            )
        )
        OutgoingMessage.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, attempts=0, enqueued_at=now, finished_at=None
        )
        transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


@dataclass
class SweepResult:
    requeued: int = 0
    interrupted: int = 0
    abandoned: int = 0


def outbox_sweep(now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    result.interrupted = OutgoingMessage.objects.filter(
        status=Status.SENDING, sending_at__lt=now - INTERRUPTED_AFTER
    ).update(
        status=Status.FAILED,
        finished_at=now,
        error="Interrupted while sending. Not retried, so that no one gets it twice.",
    )
    result.abandoned = OutgoingMessage.objects.filter(
        status=Status.QUEUED, enqueued_at__isnull=True, created_at__lt=now - ABANDONED_AFTER
    ).update(status=Status.FAILED, finished_at=now, error="Its moment passed before it was sent.")
    with transaction.atomic():
        stale = list(
            OutgoingMessage.objects.filter(
                status=Status.QUEUED, enqueued_at__lt=now - REQUEUE_AFTER
            ).values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        OutgoingMessage.objects.filter(pk__in=stale, status=Status.QUEUED).update(enqueued_at=now)
        transaction.on_commit(lambda: enqueue(stale))
    result.requeued = len(stale)
    return result
