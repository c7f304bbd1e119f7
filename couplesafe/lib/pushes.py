"""Every Web Push CoupleSafe sends: one `notify` function, one entry per event.

A push carries what happened and the partner's display name — never anyone's words — or
nothing identifying at all for a person who chose discreet notifications. It is rendered in
`addressed_to(recipient)` like every email, and recorded in the outbox once per event and
device (the key), so a double click or a re-run never buzzes a phone twice.

Callers (practices, content, rituals) call `notify(...)` inside the transaction of the change
that caused it: practices for an invitation, its answers and agreed times
(`practices.scheduling`), content for a card drawn, rituals for reminders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from couplesafe.lib.addressing import addressed_to
from couplesafe.outbox import services as outbox
from couplesafe.outbox.models import PushSubscription
from couplesafe.outbox.services import Draft

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from couplesafe.accounts.models import User


@dataclass(frozen=True)
class Event:
    title: _StrPromise
    body: _StrPromise
    about_partner: bool = True


EVENTS: dict[str, Event] = {
    "conversation-asked": Event(
        gettext_lazy("%(partner)s would like to talk"), gettext_lazy("Open CoupleSafe to answer.")
    ),
    "conversation-accepted": Event(
        gettext_lazy("%(partner)s is ready to talk now"),
        gettext_lazy("Open CoupleSafe to begin."),
    ),
    "conversation-answered": Event(
        gettext_lazy("%(partner)s answered"),
        gettext_lazy("Open CoupleSafe to see their answer."),
    ),
    "time-answered": Event(
        gettext_lazy("%(partner)s answered about a time to talk"),
        gettext_lazy("Open CoupleSafe to see it."),
    ),
    "your-turn": Event(
        gettext_lazy("It's your turn"),
        gettext_lazy("%(partner)s is waiting for you in your conversation."),
    ),
    "card-drawn": Event(
        gettext_lazy("%(partner)s drew a card"), gettext_lazy("Open it when you are together.")
    ),
    "time-near": Event(
        gettext_lazy("Your talk with %(partner)s is soon"),
        gettext_lazy("Find a quiet moment together."),
    ),
    "reminder-checkin": Event(
        gettext_lazy("Time for your check-in"),
        gettext_lazy("One gentle minute for the two of you."),
        about_partner=False,
    ),
    "reminder-commitment": Event(
        gettext_lazy("A gentle nudge"),
        gettext_lazy("About the plan you made together."),
        about_partner=False,
    ),
}


# The words a discreet push shows on a lock screen, whatever happened: the same neutral sender
# as a discreet email, no app name, no partner's name, nothing about a conversation.
DISCREET_TITLE = gettext_lazy("A note from your practice app")
DISCREET_BODY = gettext_lazy("Something is waiting for you.")


def payload(event: str, *, recipient: User, partner_name: str = "", url: str = "/") -> str:
    """The JSON the phone decrypts: title, body, where a tap leads, and a tag so a newer push
    about the same thing replaces an older one on the lock screen. A discreet push is the
    same for every event (one neutral tag, `plain`: the service worker shows no app icon);
    only the link — never shown — still leads to the right page."""
    spec = EVENTS[event]
    with addressed_to(recipient) as addressing:
        if addressing.discreet:
            return json.dumps(
                {
                    "title": str(DISCREET_TITLE),
                    "body": str(DISCREET_BODY),
                    "url": url,
                    "tag": "note",
                    "plain": True,
                }
            )
        names = {"partner": " ".join(partner_name.split())}
        title, body = str(spec.title) % names, str(spec.body) % names
    return json.dumps({"title": title, "body": body, "url": url, "tag": event})


def notify(event: str, *, recipient: User, key: str, url: str = "/", partner_name: str = "") -> int:
    """Record one push of `event` to each of the recipient's devices (none if they have no
    device, or if a partner-facing push may not go to them now). `key` names the event
    (e.g. "conversation-asked:<conversation uuid>"): at most one push per key and device.
    Returns how many were recorded."""
    if EVENTS[event].about_partner and not outbox.partner_messages_allowed(recipient):
        return 0
    devices = list(PushSubscription.objects.filter(user=recipient))
    if not devices:
        return 0
    draft = Draft(
        kind=f"push:{event}",
        subject=event,
        body_text=payload(event, recipient=recipient, partner_name=partner_name, url=url),
    )
    for device in devices:
        outbox.message_record(
            draft, user=recipient, subscription=device, key=f"push:{key}:{device.public_id}"
        )
    return len(devices)
