"""What a conversation leaves behind: private notes, a plan turned into a reminder, deleting
for both, and forgetting a person who leaves (PRODUCT.md: your own words leave with you)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import live as signals
from practices import live
from practices.models import Conversation, ReflectionNote, Turn
from practices.services import PracticeError
from rituals.reminders import commitment_reminder_create

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User


@transaction.atomic
def conversation_delete(*, conversation: Conversation, user: User) -> None:
    """Delete for both (after the person confirmed): turns, pauses and notes go with it."""
    Conversation.objects.filter(pk=conversation.pk).delete()
    public_id = conversation.public_id
    transaction.on_commit(lambda: live.forget([public_id]))
    signals.notify_couple(conversation.couple, signals.CONVERSATION, public_id)


@transaction.atomic
def note_save(*, conversation: Conversation, user: User, text: str) -> ReflectionNote | None:
    """Keep (or clear) this person's private note on a conversation."""
    if not text.strip():
        ReflectionNote.objects.filter(conversation=conversation, author=user).delete()
        return None
    note, _ = ReflectionNote.objects.update_or_create(
        conversation=conversation,
        author=user,
        defaults={"text": text, "updated_at": timezone.now()},
    )
    return note


@transaction.atomic
def plan_reminder_create(
    *, conversation: Conversation, user: User, local_time: dt.time | None = None
) -> object:
    """Turn what this person promised (a repair plan, a request given as a gift: the steps
    content marks `reminder`) into a daily ritual reminder (no words in it)."""
    keys = [s.key for s in conversation.version.steps if s.reminder]
    if not keys:
        raise PracticeError(_("This conversation has no plan to remind you of."))
    if not Turn.objects.filter(conversation=conversation, author=user, step_key__in=keys).exists():
        raise PracticeError(_("Write your part first; then you can turn it into a reminder."))
    return commitment_reminder_create(user=user, label_key="repair-plan", local_time=local_time)


def forget(*, user: User, couple: Couple | None = None) -> None:
    """Leaving or deleting: this person's words in joint conversations become a neutral
    "removed" marker; their private notes and the topics they wrote go."""
    turns = Turn.objects.filter(author=user)
    notes = ReflectionNote.objects.filter(author=user)
    topics = Conversation.objects.filter(started_by=user)
    if couple is not None:
        turns = turns.filter(conversation__couple=couple)
        notes = notes.filter(conversation__couple=couple)
        topics = topics.filter(couple=couple)
    turns.update(removed=True, text="")
    notes.delete()
    topics.update(topic="")
    # The leaver's open pages must stop getting answers from the poll's fast path.
    gone = Conversation.objects.filter(couple__memberships__user=user)
    if couple is not None:
        gone = gone.filter(couple=couple)
    public_ids = list(gone.values_list("public_id", flat=True))
    transaction.on_commit(lambda: live.forget(public_ids))
