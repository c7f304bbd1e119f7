"""Asking for a good moment, once: the partner answers now, later (a time), or not this topic.

The starter's invitation says what it is about (the topic). Whoever is asked answers:
- now: the conversation begins (the answer also says whether they are together in one room
  or apart);
- later: they suggest a time, and the other one answers that suggestion the same three ways
  (accept it, suggest another, or not for now). An accepted time is "agreed": both see it in
  their own zone, the home page shows it, and both get a reminder shortly before it (email
  and a push; one sweep a minute claims each agreed time once);
- not this topic for now: the conversation is set aside, kindly, for both.
Times are read in the typer's zone (couplesafe.lib.tz.aware_in) and must lie between now and
MAX_AHEAD.

Every answer buzzes the one who asked (a push through `couplesafe.lib.pushes`, the one
outgoing path: held back while they are on a break, discreet if they chose that). Reminders
of an agreed time go to neither partner while either is on a break (`safety.availability`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from couplesafe.lib import emails, pushes
from practices.models import Conversation
from practices.services import Conflict, PracticeError, conversation_path, lock, touch
from safety import availability

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

MAX_AHEAD = dt.timedelta(days=30)
# The reminder of an agreed time goes this long before it: time to find a quiet moment.
REMINDER_LEAD = dt.timedelta(minutes=10)
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


def waits_on_first_ask(conv: Conversation, user: User) -> bool:
    """The first conversation this person ever asked for, still waiting for the partner's
    answer: the moment to offer "Get a nudge when … answers?" (push, issue #15)."""
    if conv.status != Conversation.Status.INVITED or conv.started_by_id != user.pk:
        return False
    if answerer_id(conv) == user.pk:
        return False
    earlier = Conversation.objects.filter(started_by=user, created_at__lt=conv.created_at)
    return not earlier.exists()


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
    _notify_answer(conv, user=user, event="conversation-accepted")
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
    _notify_answer(conv, user=user, event="time-answered")


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
    _notify_answer(conv, user=user, event="time-answered")
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
    _notify_answer(conv, user=user, event="conversation-answered")
    return conv


def _notify_answer(conv: Conversation, *, user: User, event: str) -> None:
    """A push to the partner: `user` answered (now, a time, or not for now). Only what
    happened and the name; keyed by the conversation's state, so each answer buzzes once."""
    partner = conv.couple.partner_of(user)
    if partner is None:
        return
    pushes.notify(
        event,
        recipient=partner,
        key=f"{event}:{conv.public_id}:{conv.state_version}",
        url=conversation_path(conv),
        partner_name=user.display_name,
    )


def agreed_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind both partners of every agreed time that is near (REMINDER_LEAD ahead, or come
    within REMINDER_GRACE): an email and a push, through the one outgoing path. Each agreed
    time is claimed once (compare-and-set on reminded_at), so two sweeps never send it twice.
    While either partner is on a break neither is reminded (the claim still happens: a time
    that passed during a break is not announced late)."""
    now = now or timezone.now()
    due = Conversation.objects.filter(
        status=Conversation.Status.SCHEDULED,
        reminded_at__isnull=True,
        agreed_for__lte=now + REMINDER_LEAD,
        agreed_for__gt=now - REMINDER_GRACE,
        couple__ended_at__isnull=True,
    ).values_list("pk", "agreed_for")
    sent = 0
    for pk, agreed_for in due:
        # The claim and the messages commit together: a failure leaves the time for the next
        # sweep, and the outbox sends only after the commit.
        with transaction.atomic():
            claimed = Conversation.objects.filter(
                pk=pk, reminded_at__isnull=True, agreed_for=agreed_for
            ).update(reminded_at=now)
            if claimed != 1:
                continue
            conv = Conversation.objects.select_related("couple").get(pk=pk)
            members = conv.couple.members()
            if not all(availability.is_available(person) for person in members):
                continue
            for person in members:
                partner = next((m for m in members if m.pk != person.pk), None)
                _remind(conv, person=person, partner_name=partner.display_name if partner else "")
            sent += 1
    return sent


def _remind(conv: Conversation, *, person: User, partner_name: str) -> None:
    assert conv.agreed_for is not None
    path = conversation_path(conv)
    # An address its owner has not confirmed yet gets no email; the page and a push still say it.
    with contextlib.suppress(emails.UnconfirmedAddress):
        emails.send_conversation_time(
            recipient=person, partner_name=partner_name, path=path, when=conv.agreed_for
        )
    pushes.notify(
        "time-near",
        recipient=person,
        key=f"time-near:{conv.public_id}:{int(conv.agreed_for.timestamp())}",
        url=path,
        partner_name=partner_name,
    )
