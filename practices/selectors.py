"""Reads for the conversation page: what each partner sees right now, in a fixed number of
queries however long the conversation grows (tests/practices/test_queries.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe import visibility
from couplesafe.content import selectors as content_selectors
from couplesafe.content.models import Item, ShownText
from couplesafe.content.schema import Step
from couplesafe.lib import paging
from couplesafe.lib.paging import Window
from practices import engine
from practices.models import Conversation, ConversationQuerySet, Pause, ReflectionNote, Turn

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

RECENT_TURNS = 8
TRANSCRIPT_PAGE = 40
CONVERSATIONS_PAGE = 20

# What a screen reader says when the partner acts: whole sentences, so each language can put
# the name where it belongs.
STATUS_WORDS = {
    "start": _("%(name)s asked for a conversation."),
    "accept": _("%(name)s is ready to talk."),
    "propose": _("%(name)s suggested a time."),
    "agree": _("%(name)s agreed to the time."),
    "decline": _("%(name)s set this topic aside for now."),
    "mode": _("%(name)s changed how you're talking."),
    "regroup": _("%(name)s is ready to go on."),
    "pause": _("%(name)s asked for a break."),
    "resume": _("%(name)s is back, and the conversation continues."),
    "switch": _("%(name)s swapped roles, so you go again the other way round."),
    "finish": _("%(name)s finished the conversation."),
}


def conversations_for(user: User) -> ConversationQuerySet:
    return Conversation.objects.for_user(user).select_related(
        "version", "sender", "started_by", "proposed_by"
    )


def conversation_windows(user: User, request: HttpRequest) -> dict[str, Window[Conversation]]:
    """The conversations page: in progress, finished, and from a couple that has ended, each
    read one page at a time (?open=2, ?finished=3, ?earlier=2)."""
    mine = (
        Conversation.objects.for_user(user).select_related("version").order_by("-updated_at", "-pk")
    )
    return {
        "open": paging.window(
            mine.open(), request, size=CONVERSATIONS_PAGE, param="open", region="open-list"
        ),
        "finished": paging.window(
            mine.closed(),
            request,
            size=CONVERSATIONS_PAGE,
            param="finished",
            region="finished-list",
        ),
        "earlier": paging.window(
            # Their topics are not shown here: not read, so not decrypted.
            Conversation.objects.readable_by(user)
            .filter(couple__ended_at__isnull=False)
            .select_related("version")
            .defer("topic")
            .order_by("-created_at"),
            request,
            size=CONVERSATIONS_PAGE,
            param="earlier",
            region="earlier-list",
        ),
    }


def with_my_couple(user: User, conversations: list[Conversation]) -> list[Conversation]:
    """Give conversations of the person's own couple that couple's object, whose members are
    already read (User.active_couple): no second read of the same two people."""
    couple = user.active_couple
    for conv in conversations:
        if couple is not None and conv.couple_id == couple.pk:
            conv.couple = couple
    return conversations


def get_conversation(user: User, public_id: UUID | str) -> Conversation | None:
    found = conversations_for(user).filter(public_id=public_id).first()
    return with_my_couple(user, [found])[0] if found else None


def get_readable_conversation(user: User, public_id: UUID | str) -> Conversation | None:
    """For reading back only: also a conversation of a couple this person is no longer in."""
    return (
        Conversation.objects.readable_by(user)
        .select_related("version", "couple")
        .filter(public_id=public_id)
        .first()
    )


def practices_for(user: User) -> list[Item]:
    return content_selectors.practices_for(user)


def practice_version(user: User, key: str) -> Any:
    """The current version of a practice this person may start: shipped, or their
    therapist's own (content.selectors.practice_version covers shipped ones only)."""
    item = (
        Item.objects.published()
        .visible_to(user)
        .filter(kind=Item.Kind.PRACTICE, key=key)
        .select_related("current_version")
        .order_by("owner_id")  # a therapist's own practice after the shipped one
        .first()
    )
    return item.current_version if item else None


def feeling_groups() -> list[dict[str, Any]]:
    return content_selectors.word_groups("feelings")


def visible_turns(turns: list[Turn], conv: Conversation, user: User) -> list[Turn]:
    """A partner's private answer stays hidden until both have answered that step.
    Each turn gets `label`: the words of the button chosen, for answers without text."""
    steps = {step.key: step for step in conv.version.steps}
    shown = []
    for turn in turns:
        step = steps.get(turn.step_key)
        labels = dict(engine.choices(step)) if step else {}
        turn.label = labels.get(turn.choice, turn.choice)  # type: ignore[attr-defined]
        # The step's title in the reader's language, marked when it is the English fallback.
        turn.step_title = (  # type: ignore[attr-defined]
            ShownText(step.title, fallback=step.fallback) if step else ""
        )
        if (
            step is not None
            and turn.author_id != user.pk
            and step.is_private
            and turn.visit == conv.visit
            and conv.current_step_key == turn.step_key
        ):
            continue
        shown.append(turn)
    return shown


@dataclass
class Live:
    """Everything the live region of the conversation page needs."""

    conv: Conversation
    me: User
    partner: User | None
    sender: User | None
    receiver: User | None
    # invited | scheduled | declined | paused | regroup | switch | completed | my-turn |
    # waiting | cancelled
    state: str
    mode: str = "apart"
    step: Step | None = None
    step_number: int = 0
    step_count: int = 0
    waiting: str = ""
    answered_by_me: bool = False
    recent: list[Turn] = field(default_factory=list)
    pause: Pause | None = None
    can_resume: bool = False
    announcement: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    feeling_groups: list[dict[str, Any]] = field(default_factory=list)
    repair_groups: list[dict[str, Any]] = field(default_factory=list)
    # The partner's latest words (or "said aloud"), shown with the step they lead into.
    partner_last: Turn | None = None
    loops: int = 0
    # The invitation: may I begin now, am I the one asked, a suggested or agreed time.
    can_begin: bool = False
    asked_me: bool = False
    time: dt.datetime | None = None
    time_has_come: bool = False
    ready_again: bool = False  # after a break, I said I'm ready to go on
    can_remind: bool = False

    @property
    def return_label(self) -> str:
        """When the break ends, on the viewer's own clock: "at 18:40", "tomorrow at 9:10"."""
        if self.pause is None:
            return ""
        from django.utils.html import format_html
        from django.utils.translation import gettext

        from couplesafe.lib.tz import time_element

        back = timezone.localtime(self.pause.return_at).date()
        days = (back - timezone.localdate()).days
        clock = time_element(self.pause.return_at, "H:i")
        if days == 0:
            return format_html(gettext("at {clock}"), clock=clock)
        if days == 1:
            return format_html(gettext("tomorrow at {clock}"), clock=clock)
        day = time_element(self.pause.return_at, "l")
        return format_html(gettext("on {day} at {clock}"), day=day, clock=clock)

    @property
    def going_round(self) -> bool:
        """This step was reached by going back round a loop (it comes before the one before)."""
        if self.step is None or not self.loops:
            return False
        keys = [s.key for s in self.conv.version.steps]
        before = next((t.step_key for t in reversed(self.recent) if t.visit < self.conv.visit), "")
        return before in keys and keys.index(self.step.key) <= keys.index(before)

    @property
    def role(self) -> str:
        return "sender" if self.sender and self.sender.pk == self.me.pk else "receiver"

    @property
    def instructions(self) -> list[str]:
        text = self.step.text_in(self.mode, "instructions") if self.step else ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def cue(self) -> str:
        """A body-language cue, when the couple is together in one room."""
        if self.step is None or self.mode != "together":
            return ""
        return self.step.text_in("together", "cue")

    @property
    def earlier(self) -> list[Turn]:
        """The transcript so far, except the partner's latest words shown with the step."""
        return [t for t in self.recent if t is not self.partner_last]


def live(conv: Conversation, user: User) -> Live:
    from practices.breaks import can_resume, open_pause

    members = conv.couple.members()
    partner = next((m for m in members if m.pk != user.pk), None)
    sender = next((m for m in members if m.pk == conv.sender_id), None)
    receiver = next((m for m in members if m.pk != conv.sender_id), None)
    view = Live(conv=conv, me=user, partner=partner, sender=sender, receiver=receiver, state="")
    view.mode = conv.mode or Conversation.Mode.APART
    view.announcement = announcement(conv, user, partner)
    practice = conv.version.practice
    view.step_count = len(practice.steps)
    view.step_number = conv.moves + 1
    view.loops = conv.loops
    recent = list(
        Turn.objects.filter(conversation=conv)
        .select_related("author")
        .order_by("-id")[:RECENT_TURNS]
    )
    recent.reverse()
    view.recent = visible_turns(recent, conv, user)
    view.partner_last = next(
        (t for t in reversed(view.recent) if partner and t.author_id == partner.pk), None
    )
    status = conv.status
    if status == Conversation.Status.PAUSED:
        view.state = "paused"
        view.pause = open_pause(conv)
        view.can_resume = view.pause is not None and can_resume(view.pause, user)
        view.recent = []  # the break screen shows no conversation text
        return view
    if status in {
        Conversation.Status.COMPLETED,
        Conversation.Status.CANCELLED,
        Conversation.Status.DECLINED,
    }:
        view.state = status
        view.can_remind = status == Conversation.Status.COMPLETED and any(
            s.reminder for s in practice.steps
        )
        return view
    if status in {Conversation.Status.INVITED, Conversation.Status.SCHEDULED}:
        _invitation(view, conv, user, partner)
        return view
    view.repair_groups = content_selectors.word_groups("repair-phrases")
    if conv.regrouping:
        view.state = "regroup"
        view.ready_again = user.pk in conv.regroup_ready
        return view
    if conv.current_step_key == engine.SWITCH:
        view.state = "switch"
        return view
    step = next((s for s in practice.steps if s.key == conv.current_step_key), None)
    if step is None or sender is None or receiver is None:
        view.state = "cancelled"
        return view
    view.step = step
    expected = engine.actors(step, sender_id=sender.pk, receiver_id=receiver.pk)
    answered: set[int] = set()
    if step.is_multi:
        answered = set(
            Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                "author_id", flat=True
            )
        )
    view.answered_by_me = user.pk in answered
    if user.pk in expected and not view.answered_by_me:
        view.state = "my-turn"
        view.choices = engine.choices(step)
        if step.input == "feelings":
            view.feeling_groups = feeling_groups()
    else:
        view.state = "waiting"
        others = [p for p in expected if p not in answered and p != user.pk]
        name = partner.display_name if partner and others else ""
        view.waiting = step.waiting_for(name, view.mode) if name else ""
    return view


def _invitation(view: Live, conv: Conversation, user: User, partner: User | None) -> None:
    """Who answers, and the suggested or agreed time (the template shows it on both clocks)."""
    from practices import scheduling

    view.state = "scheduled" if conv.status == Conversation.Status.SCHEDULED else "invited"
    view.can_begin = scheduling.can_begin(conv, user)
    view.asked_me = scheduling.answerer_id(conv) == user.pk
    view.time = conv.agreed_for if view.state == "scheduled" else conv.proposed_for
    if view.time is not None:  # shown on both clocks by {% time_for_both %}
        view.time_has_come = view.time <= timezone.now()


def announcement(conv: Conversation, user: User, partner: User | None) -> str:
    """What a screen reader says when the partner acts ("Bob finished “Say it back”")."""
    if partner is None or conv.last_actor_id != partner.pk:
        return ""
    name = partner.display_name
    if conv.last_event == "turn":
        step = next((s for s in conv.version.steps if s.key == conv.last_step_key), None)
        if step is None:
            return _("%(name)s finished their step.") % {"name": name}
        return _("%(name)s finished “%(title)s”.") % {"name": name, "title": step.title}
    words = STATUS_WORDS.get(conv.last_event)
    return str(words % {"name": name}) if words else ""


def transcript(conv: Conversation, user: User) -> list[Turn]:
    turns = list(Turn.objects.filter(conversation=conv).select_related("author").order_by("id"))
    return visible_turns(turns, conv, user)


def transcript_window(conv: Conversation, user: User, request: HttpRequest) -> Window[Turn]:
    """One page of the transcript, oldest first: only the turns shown are read (and decrypted).
    A partner's hidden private answer is left out after paging, so a page can be one short."""
    turns = paging.window(
        Turn.objects.filter(conversation=conv).select_related("author").order_by("id"),
        request,
        size=TRANSCRIPT_PAGE,
        region="transcript-turns",
    )
    turns.items = visible_turns(turns.items, conv, user)
    return turns


def private_notes(viewer: User, conversation: Conversation | None = None) -> list[ReflectionNote]:
    """The private reflection notes `viewer` may read (their own only: couplesafe.visibility)."""
    notes = ReflectionNote.objects.filter(author=viewer)
    if conversation is not None:
        notes = notes.filter(conversation=conversation)
    return [n for n in notes if visibility.note_visible_to(n.author_id, viewer.pk)]
