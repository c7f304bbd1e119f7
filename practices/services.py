"""Writes for guided conversations. Every change bumps `state_version` so both screens follow.

Concurrency: each service locks the conversation row (SELECT … FOR UPDATE) and compares the
state_version the page was showing; the unique constraint on (conversation, visit, author) backs
this up, so two clicks, two devices or a stale page never record two answers to one moment.

The invitation and agreeing on a time are in practices.scheduling, breaks in practices.breaks,
notes, plans, deleting and forgetting in practices.keeping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts.models import Couple
from couplesafe.lib import emails, pushes
from couplesafe.lib import live as signals
from practices import engine, live
from practices.models import Conversation, Turn
from safety import availability

if TYPE_CHECKING:
    from couplesafe.accounts.models import User
    from couplesafe.content.models import Version

log = logging.getLogger(__name__)


class PracticeError(Exception):
    """A request that cannot happen now; the message is kind and shown as it is."""


class Conflict(PracticeError):
    """The conversation moved on (or someone else answered) since the page was drawn."""


class NotYourTurn(PracticeError):
    pass


def receiver_of(conversation: Conversation) -> User | None:
    if conversation.sender is None:
        return None
    return conversation.couple.partner_of(conversation.sender)


def lock(conversation: Conversation) -> Conversation:
    locked = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("version", "couple", "sender")
        .get(pk=conversation.pk)
    )
    return locked


def touch(conv: Conversation, *, event: str, actor: User | None, fields: list[str]) -> None:
    conv.state_version += 1
    # Published while the row lock is held, so writers reach the cache in order. Before the
    # commit is fine: a cache ahead of the database only sends polls the slow way.
    live.publish(conv.public_id, conv.state_version)
    # Both partners' open pages (this conversation, home) hear of it after the commit.
    signals.notify_couple(conv.couple, signals.CONVERSATION, conv.public_id)
    conv.last_event = event
    conv.last_actor = actor
    conv.updated_at = timezone.now()
    conv.save(
        update_fields=[
            *fields,
            "state_version",
            "last_event",
            "last_actor",
            "updated_at",
        ]
    )


@transaction.atomic
def conversation_start(*, user: User, version: Version, topic: str, sender: User) -> Conversation:
    """Invite the partner to a practice. The partner gets a home-page invitation and an
    email that carries no words, only that a conversation was asked for."""
    couple = user.active_couple
    if couple is None:
        raise PracticeError(_("You need to be paired with your partner to start a conversation."))
    partner = couple.partner_of(user)
    if partner is None or sender.pk not in {user.pk, partner.pk}:
        raise PracticeError(_("Choose who speaks first: you or your partner."))
    if not availability.is_available(partner):
        raise PracticeError(availability.partner_unavailable_message(partner))
    if not availability.is_available(user):
        raise PracticeError(_("You're taking a break from conversations. End it to start one."))
    # One start at a time per couple: a double-click on "Ask …" asks only once.
    Couple.objects.select_for_update().filter(pk=couple.pk).first()
    just_asked = Conversation.objects.filter(
        couple=couple,
        started_by=user,
        version=version,
        status=Conversation.Status.INVITED,
        created_at__gte=timezone.now() - dt.timedelta(seconds=30),
    ).first()
    if just_asked is not None:
        return just_asked
    conversation = Conversation.objects.create(
        couple=couple,
        version=version,
        topic=topic.strip(),
        started_by=user,
        sender=sender,
        current_step_key=version.first_step_key,
        last_event="start",
        last_actor=user,
    )
    signals.notify_couple(couple, signals.CONVERSATION, conversation.public_id)
    path = conversation_path(conversation)
    # The invitation is on the partner's home page either way; an address its owner has not
    # confirmed yet gets no email (issue #11).
    with contextlib.suppress(emails.UnconfirmedAddress):
        emails.send_conversation_invite(
            recipient=partner, partner_name=user.display_name, path=path
        )
    pushes.notify(
        "conversation-asked",
        recipient=partner,
        key=f"conversation-asked:{conversation.public_id}",
        url=path,
        partner_name=user.display_name,
    )
    return conversation


def conversation_path(conversation: Conversation) -> str:
    from django.urls import reverse

    return reverse("practices:detail", args=[conversation.public_id])


@transaction.atomic
def turn_submit(
    *,
    conversation: Conversation,
    user: User,
    state_version: int,
    text: str = "",
    choice: str = "",
) -> Turn:
    """Record one answer to the current step and move the conversation on.

    Raises Conflict when the page was stale (the person keeps their text) and NotYourTurn
    when it is the partner's step."""
    conv = lock(conversation)
    if conv.status == Conversation.Status.PAUSED:
        raise Conflict("The conversation is on a break. Your words are kept below.")
    if conv.status == Conversation.Status.INVITED:
        raise Conflict("Your partner has not joined yet.")
    if conv.status != Conversation.Status.ACTIVE or conv.current_step_key == engine.SWITCH:
        raise Conflict("The conversation has moved on since this page was drawn.")
    if conv.regrouping:
        raise Conflict("Welcome back. First, check that you're both ready to go on.")
    receiver = receiver_of(conv)
    assert conv.sender_id is not None and receiver is not None
    practice = conv.version.practice
    step = practice.step(conv.current_step_key)
    expected = engine.actors(step, sender_id=conv.sender_id, receiver_id=receiver.pk)
    if user.pk not in expected:
        raise NotYourTurn("It's your partner's turn right now. You can answer when they're done.")
    multi = step.is_multi
    answered = (
        set(
            Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                "author_id", flat=True
            )
        )
        if multi
        else set()
    )
    if user.pk in answered:
        raise Conflict("You have already answered this step. Waiting for your partner.")
    # The page is fresh when it was drawn during this visit of this step. A partner finishing
    # a step for both first, or a pause and resume, changes state_version but not the moment
    # this person is answering.
    if state_version < conv.visit or state_version > conv.state_version:
        raise Conflict("Your partner moved the conversation on while you were writing.")
    try:
        with transaction.atomic():
            turn = Turn.objects.create(
                conversation=conv,
                author=user,
                step_key=conv.current_step_key,
                round=conv.round,
                visit=conv.visit,
                text=text,
                choice=choice,
                # Together in one room, words are said aloud; the text is an optional note.
                spoken=conv.mode == Conversation.Mode.TOGETHER
                and step.input in ("text", "feelings")
                and step.actor != "each_private",
            )
    except IntegrityError as error:
        raise Conflict("That answer was already sent.") from error
    remaining = engine.waiting_for(
        step, sender_id=conv.sender_id, receiver_id=receiver.pk, answered=answered | {user.pk}
    )
    fields = []
    conv.last_step_key = conv.current_step_key
    if not remaining:
        move = engine.next_move(practice, conv.current_step_key, choice)
        fields += ["current_step_key", "visit", "last_step_key", "moves", "loops"]
        conv.moves += 1
        if move.is_step and practice.number(move.to) <= practice.number(step.key):
            conv.loops += 1  # going round again: the counter still counts up
        if move.to == engine.END:
            conv.status = Conversation.Status.COMPLETED
            conv.completed_at = timezone.now()
            conv.current_step_key = ""
            fields += ["status", "completed_at"]
        else:
            conv.current_step_key = move.to
        conv.visit = conv.state_version + 1
    else:
        fields.append("last_step_key")
    touch(conv, event="turn", actor=user, fields=fields)
    _notify_turn(conv, user=user, receiver=receiver)
    return turn


def _notify_turn(conv: Conversation, *, user: User, receiver: User) -> None:
    """A push to the partner when the conversation now waits for them alone (their phone
    shows it only while CoupleSafe is not on their screen: see static/sw.js)."""
    if conv.status != Conversation.Status.ACTIVE or conv.sender_id is None:
        return
    try:
        step = conv.version.practice.step(conv.current_step_key)
    except KeyError:  # the end, or the swap-roles moment: nobody's turn
        return
    waiting_for = engine.actors(step, sender_id=conv.sender_id, receiver_id=receiver.pk)
    partner = receiver if user.pk == conv.sender_id else conv.sender
    if partner is None or user.pk in waiting_for or partner.pk not in waiting_for:
        return
    pushes.notify(
        "your-turn",
        recipient=partner,
        key=f"your-turn:{conv.public_id}:{conv.visit}",
        url=conversation_path(conv),
        partner_name=user.display_name,
    )


@transaction.atomic
def conversation_switch(
    *, conversation: Conversation, user: User, state_version: int, swap: bool
) -> Conversation:
    """At the end of a round: swap who speaks and go again, or finish."""
    conv = lock(conversation)
    if conv.current_step_key != engine.SWITCH or conv.status != Conversation.Status.ACTIVE:
        raise Conflict("Your partner already chose what happens next.")
    if state_version != conv.state_version:
        raise Conflict("The conversation has moved on since this page was drawn.")
    if swap:
        conv.sender = receiver_of(conv)
        conv.round += 1
        conv.current_step_key = conv.version.first_step_key
        conv.visit = conv.state_version + 1
        conv.moves = conv.loops = 0
        touch(
            conv,
            event="switch",
            actor=user,
            fields=["sender", "round", "current_step_key", "visit", "moves", "loops"],
        )
    else:
        conv.status = Conversation.Status.COMPLETED
        conv.completed_at = timezone.now()
        conv.current_step_key = ""
        touch(
            conv, event="finish", actor=user, fields=["status", "completed_at", "current_step_key"]
        )
    return conv


@transaction.atomic
def conversation_mode(*, conversation: Conversation, user: User, mode: str) -> Conversation:
    """Switch between together in one room (spoken) and apart (typed), at any moment."""
    conv = lock(conversation)
    if mode not in Conversation.Mode.values:
        raise PracticeError(_("Please choose together in one room, or apart."))
    if not conv.is_open:
        raise Conflict("This conversation has ended.")
    if conv.mode != mode:
        conv.mode = mode
        touch(conv, event="mode", actor=user, fields=["mode"])
    return conv
