"""How a message reads for the one person who gets it — the one place for every channel.

Every email (`couplesafe.lib.emails.render`) and every push (`couplesafe.lib.pushes`) is
rendered inside `addressed_to(recipient)`: the recipient's time zone is active, so every
date and time reads in their zone, and per-person settings that change what a message says
(discreet notifications; later the person's language) are decided here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from couplesafe.accounts.models import User


@dataclass(frozen=True)
class Addressing:
    # Nothing identifying: no names, no "partner", a neutral sender and subject.
    discreet: bool


def is_discreet(recipient: User | None) -> bool:
    """Whether this person chose discreet notifications (issue #14 adds the setting as a
    `discreet_notifications` field on the person; until then nobody has chosen it)."""
    return bool(getattr(recipient, "discreet_notifications", False))


@contextmanager
def addressed_to(recipient: User | None) -> Iterator[Addressing]:
    zone = recipient.time_zone if recipient is not None else settings.TIME_ZONE
    with timezone.override(zone):
        yield Addressing(discreet=is_discreet(recipient))
