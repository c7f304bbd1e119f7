"""Writes for a person's private safety (STYLE.md §2: keyword-only, atomic, `<entity>_<action>`).

Every function here acts for one person on their own rows; none of them changes anything the
partner can see, except that a break makes the person unavailable (safety.availability).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from safety import availability, questions
from safety.models import (
    ConversationBreak,
    SafetyCheck,
    SafetyPreferences,
    TherapistMessage,
)

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

MONTHLY = dt.timedelta(days=30)


def preferences_of(user: User) -> SafetyPreferences:
    prefs, _created = SafetyPreferences.objects.get_or_create(user=user)
    return prefs


@transaction.atomic
def check_record(
    *, user: User, answers: dict[str, str], now: dt.datetime | None = None
) -> SafetyCheck:
    """Keep one answered check (encrypted) and count it as this month's check."""
    now = now or timezone.now()
    known = {q.key for q in questions.QUESTIONS}
    allowed = {key for key, _label in questions.ANSWERS}
    clean = {k: v for k, v in answers.items() if k in known and v in allowed}
    check = SafetyCheck.objects.create(user=user, answers_json=json.dumps(clean), created_at=now)
    SafetyPreferences.objects.update_or_create(
        user=user, defaults={"check_settled_at": now, "hard_talk_offered_at": now}
    )
    return check


def check_put_off(*, user: User, hard_talk: bool = False, now: dt.datetime | None = None) -> None:
    """ "Not now": the check is offered again in about a month, not before; said before a hard
    conversation, it is not offered before the next one either."""
    now = now or timezone.now()
    defaults = {"check_settled_at": now}
    if hard_talk:
        defaults["hard_talk_offered_at"] = now
    SafetyPreferences.objects.update_or_create(user=user, defaults=defaults)


def check_delete(*, user: User, check: SafetyCheck) -> None:
    if check.user_id == user.pk:
        check.delete()


def check_is_due(user: User, now: dt.datetime | None = None) -> bool:
    """Offered to a partner in a couple who has never answered or put it off, and then about
    once a month."""
    if user.is_therapist or user.active_couple is None:
        return False
    settled = (
        SafetyPreferences.objects.filter(user=user)
        .values_list("check_settled_at", flat=True)
        .first()
    )
    return settled is None or settled <= (now or timezone.now()) - MONTHLY


def latest_check(user: User) -> SafetyCheck | None:
    return SafetyCheck.objects.filter(user=user).first()


# --- A break from conversations ("Step back for now" is one) ---------------------------------


def break_start(*, user: User, now: dt.datetime | None = None) -> ConversationBreak:
    """Open a break until the person ends it. A second start keeps the first one."""
    availability.forget_cache(user)
    try:
        with transaction.atomic():
            return ConversationBreak.objects.create(user=user, started_at=now or timezone.now())
    except IntegrityError:
        return ConversationBreak.objects.get(user=user, ended_at__isnull=True)


def break_end(*, user: User, now: dt.datetime | None = None) -> None:
    availability.forget_cache(user)
    ConversationBreak.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=now or timezone.now()
    )


# --- A private word to the therapist ---------------------------------------------------------


def message_send(
    *, author: User, therapist: User, text: str, check: SafetyCheck | None = None
) -> TherapistMessage:
    """Only to a therapist the caller found among the couple's active care links."""
    couple = author.active_couple
    if couple is None:
        raise ValueError("A private message needs a couple and its therapist.")
    if check is not None and check.user_id != author.pk:
        check = None
    return TherapistMessage.objects.create(
        author=author, therapist=therapist, couple=couple, text=text.strip(), safety_check=check
    )


def message_delete(*, user: User, message: TherapistMessage) -> None:
    if message.author_id == user.pk:
        message.delete()
