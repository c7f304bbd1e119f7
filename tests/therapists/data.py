"""Rows in the practices and rituals apps, built directly (their contract field names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from couplesafe.content.models import Item, Version, checksum
from practices.models import Conversation, Pause, ReflectionNote, Turn
from rituals.models import Appreciation, CheckIn


def practice_version(key: str = "repair-after-rupture", kind: str = "repair") -> Version:
    item = Item.objects.filter(kind="practice", key=key, owner__isnull=True).first()
    if item is not None and item.current_version is not None:
        return item.current_version
    data = {
        "key": key,
        "title": key.replace("-", " ").title(),
        "kind": kind,
        "summary": "s",
        "for_whom": "f",
        "minutes": 10,
        "why": "w",
        "steps": [
            {
                "key": "one",
                "actor": "both",
                "title": "One",
                "instructions": "Say one thing.",
                "waiting": "Waiting for {name}.",
                "input": "text",
                "stems": ["I feel…"],
                "then": "end",
            }
        ],
    }
    item = Item.objects.create(kind="practice", key=key, title=data["title"], draft=data)
    version = Version.objects.create(item=item, number=1, data=data, checksum=checksum(data))
    item.current_version = version
    item.save(update_fields=["current_version"])
    return version


def conversation(
    couple: Any,
    starter: Any,
    *,
    key: str = "repair-after-rupture",
    kind: str = "repair",
    status: str = "completed",
    completed_at: dt.datetime | None = None,
) -> Conversation:
    now = timezone.now()
    return Conversation.objects.create(
        couple=couple,
        version=practice_version(key, kind),
        status=status,
        started_by=starter,
        sender=starter,
        current_step_key="one",
        completed_at=(completed_at or now) if status == "completed" else None,
        updated_at=completed_at or now,
    )


_visit = 0


def turn(conversation: Conversation, author: Any, text: str) -> Turn:
    global _visit
    _visit += 1
    return Turn.objects.create(
        conversation=conversation, author=author, step_key="one", text=text, visit=_visit
    )


def pause(conversation: Conversation, user: Any, *, started_at: dt.datetime | None = None) -> Pause:
    started = started_at or timezone.now()
    return Pause.objects.create(
        conversation=conversation,
        paused_by=user,
        started_at=started,
        return_at=started + dt.timedelta(minutes=20),
        # Ended, so several can be made for one conversation (one open pause at a time).
        ended_at=started + dt.timedelta(minutes=20),
    )


def note(conversation: Conversation, author: Any, text: str) -> ReflectionNote:
    return ReflectionNote.objects.create(conversation=conversation, author=author, text=text)


def checkin(
    user: Any,
    *,
    days_ago: int = 0,
    mood: int = 3,
    space_text: str = "",
    need_text: str = "",
    created_at: dt.datetime | None = None,
) -> CheckIn:
    when = created_at or timezone.now() - dt.timedelta(days=days_ago)
    return CheckIn.objects.create(
        user=user,
        couple=user.active_couple,
        local_date=(timezone.localdate() - dt.timedelta(days=days_ago)),
        mood=mood,
        space_text=space_text,
        need_text=need_text,
        created_at=when,
        updated_at=when,
    )


def appreciation(author: Any, text: str, *, created_at: dt.datetime | None = None) -> Appreciation:
    couple = author.active_couple
    return Appreciation.objects.create(
        couple=couple,
        author=author,
        recipient=couple.partner_of(author),
        text=text,
        created_at=created_at or timezone.now(),
    )
