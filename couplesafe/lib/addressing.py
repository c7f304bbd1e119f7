"""How a message reads for the one person who gets it — the one place for every channel.

Every email (`couplesafe.lib.emails.render`) and every push (`couplesafe.lib.pushes`) is
rendered inside `addressed_to(recipient)`: the recipient's time zone is active, so every
date and time reads in their zone, and per-person settings that change what a message says
(discreet notifications) are decided here. It is in the recipient's language too
(`couplesafe.lib.language`): a message to an address with no account yet (an invitation to a
partner, a sign-up confirmation) is in the language given, else the one active now (the
person whose action sent it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation

from couplesafe.lib import language as languages
from couplesafe.lib import registry

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


@dataclass(frozen=True)
class Addressing:
    # Nothing identifying: no names, no "partner", a neutral sender and subject.
    discreet: bool


def is_discreet(recipient: User | None) -> bool:
    """Whether this person chose discreet notifications — the one place every channel asks.
    The choice is kept by the safety app (its privacy page, through
    `registry.wants_discreet`); a `discreet_notifications` attribute on the person
    answers for it when set."""
    if recipient is None:
        return False
    chosen = getattr(recipient, "discreet_notifications", None)
    if chosen is not None:
        return bool(chosen)
    return registry.wants_discreet(recipient)


@contextmanager
def addressed_to(recipient: User | None, *, language: str | None = None) -> Iterator[Addressing]:
    zone = recipient.time_zone if recipient is not None else settings.TIME_ZONE
    if recipient is not None:
        code = languages.language_of(recipient)
    else:
        code = languages.supported(language or translation.get_language()) or "en"
    with timezone.override(zone), translation.override(code):
        yield Addressing(discreet=is_discreet(recipient))
