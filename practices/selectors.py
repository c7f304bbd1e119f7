"""Reads for the conversation page: what each partner sees right now, in a fixed number of
queries however long the conversation grows (tests/practices/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from couplesafe import visibility
from couplesafe.content import selectors as content_selectors
from couplesafe.content.models import Item
from practices import engine
from practices.models import Conversation, ConversationQuerySet, Pause, ReflectionNote, Turn

if TYPE_CHECKING:
    from couplesafe.accounts.models import User

RECENT_TURNS = 8

STATUS_WORDS = {
    "start": "asked for a conversation",
    "accept": "is ready to talk",
    "propose": "suggested another time",
    "pause": "asked for a break",
    "resume": "is back, and the conversation continues",
    "switch": "swapped roles, so you go again the other way round",
    "finish": "finished the conversation",
}


def conversations_for(user: User) -> ConversationQuerySet:
    return Conversation.objects.for_user(user).select_related("version", "sender", "started_by")


def get_conversation(user: User, public_id: UUID | str) -> Conversation | None:
    return conversations_for(user).select_related("couple").filter(public_id=public_id).first()


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
    steps = engine.step_map(conv.version.steps)
    shown = []
    for turn in turns:
        step = steps.get(turn.step_key, {})
        turn.label = dict(engine.choices(step)).get(turn.choice, turn.choice)  # type: ignore[attr-defined]
        turn.step_title = step.get("title", "")  # type: ignore[attr-defined]
        if (
            turn.author_id != user.pk
            and engine.is_private(step)
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
    state: str  # invited | paused | switch | completed | my-turn | waiting | cancelled
    step: dict[str, Any] | None = None
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

    @property
    def return_label(self) -> str:
        """When the break ends, in the viewer's own time zone: "at 18:40", "tomorrow at 9:10"."""
        if self.pause is None:
            return ""
        from couplesafe.lib.tz import local_now

        back = local_now(self.me.time_zone, self.pause.return_at)
        today = local_now(self.me.time_zone).date()
        clock = back.strftime("%H:%M")
        if back.date() == today:
            return f"at {clock}"
        if (back.date() - today).days == 1:
            return f"tomorrow at {clock}"
        return f"on {back.strftime('%A')} at {clock}"

    @property
    def role(self) -> str:
        return "sender" if self.sender and self.sender.pk == self.me.pk else "receiver"

    @property
    def instructions(self) -> list[str]:
        text = str((self.step or {}).get("instructions", ""))
        return [line.strip() for line in text.splitlines() if line.strip()]


def live(conv: Conversation, user: User) -> Live:
    from practices.services import can_resume, open_pause

    members = conv.couple.members()
    partner = next((m for m in members if m.pk != user.pk), None)
    sender = next((m for m in members if m.pk == conv.sender_id), None)
    receiver = next((m for m in members if m.pk != conv.sender_id), None)
    view = Live(conv=conv, me=user, partner=partner, sender=sender, receiver=receiver, state="")
    view.announcement = announcement(conv, user, partner)
    steps = conv.version.steps
    view.step_count = len(steps)
    recent = list(
        Turn.objects.filter(conversation=conv)
        .select_related("author")
        .order_by("-id")[:RECENT_TURNS]
    )
    recent.reverse()
    view.recent = visible_turns(recent, conv, user)
    status = conv.status
    if status == Conversation.Status.PAUSED:
        view.state = "paused"
        view.pause = open_pause(conv)
        view.can_resume = view.pause is not None and can_resume(view.pause, user)
        view.recent = []  # the break screen shows no conversation text
        return view
    if status in {Conversation.Status.COMPLETED, Conversation.Status.CANCELLED}:
        view.state = status
        return view
    if status == Conversation.Status.INVITED:
        view.state = "invited"
        return view
    if conv.current_step_key == engine.SWITCH:
        view.state = "switch"
        return view
    step = engine.find_step(steps, conv.current_step_key)
    if step is None or sender is None or receiver is None:
        view.state = "cancelled"
        return view
    view.step = step
    view.step_number = steps.index(step) + 1
    expected = engine.actors(step, sender_id=sender.pk, receiver_id=receiver.pk)
    answered: set[int] = set()
    if engine.is_multi(step):
        answered = set(
            Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                "author_id", flat=True
            )
        )
    view.answered_by_me = user.pk in answered
    if user.pk in expected and not view.answered_by_me:
        view.state = "my-turn"
        view.choices = engine.choices(step)
        if engine.input_kind(step) == "feelings":
            view.feeling_groups = feeling_groups()
    else:
        view.state = "waiting"
        others = [p for p in expected if p not in answered and p != user.pk]
        name = partner.display_name if partner and others else ""
        view.waiting = engine.waiting_text(step, name=name) if name else ""
    return view


def announcement(conv: Conversation, user: User, partner: User | None) -> str:
    """What a screen reader says when the partner acts ("Bob finished “Say it back”")."""
    if partner is None or conv.last_actor_id != partner.pk:
        return ""
    name = partner.display_name
    if conv.last_event == "turn":
        step = engine.find_step(conv.version.steps, conv.last_step_key)
        title = step.get("title", "their step") if step else "their step"
        return f"{name} finished “{title}”."
    words = STATUS_WORDS.get(conv.last_event)
    return f"{name} {words}." if words else ""


def transcript(conv: Conversation, user: User) -> list[Turn]:
    turns = list(Turn.objects.filter(conversation=conv).select_related("author").order_by("id"))
    return visible_turns(turns, conv, user)


def private_notes(viewer: User, conversation: Conversation | None = None) -> list[ReflectionNote]:
    """The private reflection notes `viewer` may read (their own only: couplesafe.visibility)."""
    notes = ReflectionNote.objects.filter(author=viewer)
    if conversation is not None:
        notes = notes.filter(conversation=conversation)
    return [n for n in notes if visibility.note_visible_to(n.author_id, viewer.pk)]
