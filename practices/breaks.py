"""Breaks in a conversation: either partner may pause at any moment (20 minutes to 24 hours),
and coming back starts with a short "ready to go on?" for both (PRODUCT.md: pauses are care).
Locking and versioning as in practices.services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Conversation, Pause
from practices.services import Conflict, PracticeError, lock, touch

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

PAUSE_MIN = dt.timedelta(minutes=20)
PAUSE_MAX = dt.timedelta(hours=24)


@transaction.atomic
def pause_start(*, conversation: Conversation, user: User, minutes: int) -> Pause:
    """Either partner, at any moment: both screens switch to the break screen."""
    duration = dt.timedelta(minutes=minutes)
    if not PAUSE_MIN <= duration <= PAUSE_MAX:
        raise PracticeError(_("A break can last from 20 minutes to 24 hours."))
    conv = lock(conversation)
    if conv.status == Conversation.Status.PAUSED:
        raise Conflict("The conversation is already on a break.")
    if conv.status != Conversation.Status.ACTIVE:
        raise PracticeError(_("Only a conversation in progress can take a break."))
    now = timezone.now()
    pause = Pause.objects.create(
        conversation=conv, paused_by=user, started_at=now, return_at=now + duration
    )
    conv.status = Conversation.Status.PAUSED
    touch(conv, event="pause", actor=user, fields=["status"])
    return pause


def open_pause(conversation: Conversation) -> Pause | None:
    return (
        Pause.objects.filter(conversation=conversation, ended_at__isnull=True)
        .select_related("paused_by")
        .first()
    )


def can_resume(pause: Pause, user: User, now: dt.datetime | None = None) -> bool:
    """The pauser whenever they are ready; the partner once the return time has come."""
    return pause.paused_by_id == user.pk or (now or timezone.now()) >= pause.return_at


@transaction.atomic
def pause_end(*, conversation: Conversation, user: User) -> Conversation:
    conv = lock(conversation)
    pause = open_pause(conv)
    if conv.status != Conversation.Status.PAUSED or pause is None:
        raise Conflict("The break has already ended.")
    if not can_resume(pause, user):
        raise PracticeError(
            _(
                "Your partner asked for this break. You can carry on together once the "
                "return time has come, or sooner when they are ready."
            )
        )
    pause.ended_at = timezone.now()
    pause.save(update_fields=["ended_at"])
    conv.status = Conversation.Status.ACTIVE
    # Coming back starts with a short "ready to go on?" for both, before the step continues.
    conv.regrouping, conv.regroup_ready = True, []
    touch(conv, event="resume", actor=user, fields=["status", "regrouping", "regroup_ready"])
    return conv


@transaction.atomic
def regroup_ready(*, conversation: Conversation, user: User) -> Conversation:
    """One partner is ready to go on after a break; once both are, the step continues."""
    conv = lock(conversation)
    if not conv.regrouping or conv.status != Conversation.Status.ACTIVE:
        raise Conflict("You're both back already; the conversation goes on.")
    ready = sorted({*conv.regroup_ready, user.pk})
    members = {m.pk for m in conv.couple.members()}
    conv.regroup_ready = ready
    conv.regrouping = not members <= set(ready)
    touch(conv, event="regroup", actor=user, fields=["regroup_ready", "regrouping"])
    return conv
