"""Asking for a good moment, once: the partner answers now, later (a time), or not this topic.

The starter's invitation says what it is about (the topic). Whoever is asked answers:
- now: the conversation begins (the answer also says whether they are together in one room
  or apart);
- later: they suggest a time, and the other one answers that suggestion the same three ways
  (accept it, suggest another, or not for now). An accepted time is "agreed": both see it in
  their own zone, the home page shows it, and both get a reminder when it comes (one sweep a
  minute claims each agreed time once);
- not this topic for now: the conversation is set aside, kindly, for both.
Times are read in the typer's zone (couplesafe.lib.tz.aware_in) and must lie between now and
MAX_AHEAD.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from couplesafe.lib import emails
from practices.models import Conversation
from practices.services import Conflict, PracticeError, lock, touch

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

log = logging.getLogger(__name__)

MAX_AHEAD = dt.timedelta(days=30)
# An agreed time whose reminder could not go out within this long is not worth a late email.
REMINDER_GRACE = dt.timedelta(hours=2)
MODES = {Conversation.Mode.TOGETHER, Conversation.Mode.APART}


def answerer_id(conv: Conversation) -> int | None:
    """Who answers the invitation now: the other one of the latest suggestion's author, or
    (no suggestion yet) the partner who was invited."""
    if conv.status != Conversation.Status.INVITED:
        return None
    asked_by = conv.proposed_by_id or conv.started_by_id
    return next((m.pk for m in conv.couple.members() if m.pk != asked_by), None)


def can_begin(conv: Conversation, user: User) -> bool:
    """Now is good: the person asked (with no time of theirs waiting for an answer), or either
    of them once a time is agreed (early or late, whenever they are both there)."""
    if conv.status == Conversation.Status.SCHEDULED:
        return True
    return conv.status == Conversation.Status.INVITED and answerer_id(conv) == user.pk


def check_time(when: dt.datetime, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if when <= now:
        raise PracticeError(_("That time has already passed. Please choose one still to come."))
    if when > now + MAX_AHEAD:
        raise PracticeError(
            _("Please choose a time within the next 30 days, so the conversation stays fresh.")
        )


@transaction.atomic
def conversation_accept(*, conversation: Conversation, user: User, mode: str) -> Conversation:
    """Now is good: begin, together in one room or apart."""
    conv = lock(conversation)
    if mode not in MODES:
        raise PracticeError(_("Please say whether you are together in one room or apart."))
    if not can_begin(conv, user):
        if conv.status == Conversation.Status.INVITED and conv.started_by_id == user.pk:
            raise PracticeError(_("Your partner answers this invitation."))
        raise Conflict(_("This invitation has already been answered."))
    conv.status = Conversation.Status.ACTIVE
    conv.mode = mode
    conv.accepted_at = timezone.now()
    touch(conv, event="accept", actor=user, fields=["status", "mode", "accepted_at"])
    return conv


@transaction.atomic
def conversation_propose(*, conversation: Conversation, user: User, when: dt.datetime) -> None:
    """Later: suggest a time (or a new one for an agreed conversation). The other answers."""
    conv = lock(conversation)
    check_time(when)
    asked = conv.status == Conversation.Status.INVITED and answerer_id(conv) == user.pk
    if not (asked or conv.status == Conversation.Status.SCHEDULED):
        raise Conflict(
            _("Your suggestion is with your partner. This page changes when they answer.")
        )
    conv.status = Conversation.Status.INVITED
    conv.proposed_for, conv.proposed_by = when, user
    conv.agreed_for = conv.reminded_at = None
    touch(
        conv,
        event="propose",
        actor=user,
        fields=["status", "proposed_for", "proposed_by", "agreed_for", "reminded_at"],
    )


@transaction.atomic
def conversation_agree(*, conversation: Conversation, user: User) -> Conversation:
    """Accept the partner's suggested time."""
    conv = lock(conversation)
    if (
        conv.status != Conversation.Status.INVITED
        or conv.proposed_for is None
        or answerer_id(conv) != user.pk
        or conv.proposed_by_id is None
    ):
        raise Conflict(_("There is no suggested time waiting for your answer."))
    if conv.proposed_for <= timezone.now():
        raise PracticeError(
            _("That time has already passed. You can begin now, or suggest another time.")
        )
    conv.status = Conversation.Status.SCHEDULED
    conv.agreed_for, conv.reminded_at = conv.proposed_for, None
    touch(conv, event="agree", actor=user, fields=["status", "agreed_for", "reminded_at"])
    return conv


@transaction.atomic
def conversation_decline(*, conversation: Conversation, user: User) -> Conversation:
    """Not this topic for now: set aside for both, kindly. Nothing is counted against anyone."""
    conv = lock(conversation)
    if conv.status not in {Conversation.Status.INVITED, Conversation.Status.SCHEDULED}:
        raise Conflict(_("This conversation has already begun or ended."))
    if conv.status == Conversation.Status.INVITED and answerer_id(conv) != user.pk:
        raise PracticeError(_("Your partner answers this invitation."))
    conv.status = Conversation.Status.DECLINED
    conv.completed_at = timezone.now()
    touch(conv, event="decline", actor=user, fields=["status", "completed_at"])
    return conv


def agreed_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send both partners a reminder for every agreed time that has come. Each agreed time is
    claimed once (compare-and-set on reminded_at), so two sweeps never send it twice."""
    now = now or timezone.now()
    due = Conversation.objects.filter(
        status=Conversation.Status.SCHEDULED,
        reminded_at__isnull=True,
        agreed_for__lte=now,
        agreed_for__gt=now - REMINDER_GRACE,
        couple__ended_at__isnull=True,
    ).values_list("pk", "agreed_for")
    sent = 0
    for pk, agreed_for in due:
        if agreed_for is None:  # never: the filter asks for a time
            continue
        claimed = Conversation.objects.filter(
            pk=pk, reminded_at__isnull=True, agreed_for=agreed_for
        ).update(reminded_at=now)
        if claimed != 1:
            continue
        conv = Conversation.objects.select_related("couple").get(pk=pk)
        path = reverse("practices:detail", args=[conv.public_id])
        members = conv.couple.members()
        for person in members:
            partner = next((m for m in members if m.pk != person.pk), None)
            try:
                emails.send_conversation_time(
                    recipient=person,
                    partner_name=partner.display_name if partner else "",
                    path=path,
                    agreed_for=agreed_for,
                )
            except Exception:
                # Logged without words or addresses; the page itself shows the time has come.
                log.exception("Could not email an agreed-time reminder (conversation %s)", pk)
        sent += 1
    return sent
