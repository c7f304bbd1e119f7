"""Who sees what: every privacy rule of PRODUCT.md ("Who sees what", "Time"), each in one
function. Every page, fragment, export and therapist view asks these functions; none decides
on its own. They take plain values (no queries, no models), so the rule is readable here and
testable alone; callers read the rows and pass them in.

**The reveal rule** (`checkin_sight`). A person always sees their own check-in. Their partner
sees only that they checked in ("Checked in") until both have checked in on "that day", where
that day is each person's own local day: the partner's check-in becomes visible to you once you
have checked in on your own local day and they have checked in on theirs — a day of theirs
that is (or was) current during yours — and it stays visible for the rest of your local day
(and afterwards, in your shared history). In instants: their check-in on their day P is
revealed by your check-in on your day V when P and V overlap in time and theirs was made
before V ended. So partners in New York and Los Angeles who both check in on 30 November see
each other, whoever is first and even if one checks in after the other's midnight; partners in
New York and Kiritimati (different dates at once) see each other as soon as both have checked
in; and a check-in made after your day ended waits for your next check-in.

A linked therapist sees the cadence (that a check-in happened) always, the mood when its author
shares their mood trend, and the words only of an item its author shared. "View as your
therapist" shows a partner the therapist's view limited by their own reveal rule.

**Joint conversations** (`conversation_shared_with_therapist`): shared with the therapist only
when both partners shared it.

**Private reflection notes** (`note_visible_to`): their author only, never anyone else.

Addresses, logs and emails never carry anyone's words (that rule lives with each sender).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from couplesafe.lib.tz import day_end, day_start


class CheckInLike(Protocol):
    user_id: int
    local_date: dt.date
    created_at: dt.datetime
    public_id: Any


class Sight(enum.IntEnum):
    """How much of a check-in a viewer sees, least first."""

    CHECKED_IN = 1  # only that it happened (cadence)
    MOOD = 2  # and its mood (a therapist's mood trend)
    FULL = 3  # mood, feeling words and words


@dataclass(frozen=True)
class PartnerEyes:
    """A partner looking: their id, their zone and their own check-ins in this couple (by
    local date; the two days around each of the author's dates are enough)."""

    user_id: int
    zone: str
    own: Mapping[dt.date, CheckInLike] = field(default_factory=dict)


@dataclass(frozen=True)
class TherapistEyes:
    """A linked therapist looking: who shares their mood trend, and the shares made, as
    (who shared, check-in public id) pairs; only the author's own share counts."""

    mood_sharers: Collection[int] = ()
    shared: Collection[tuple[int, Any]] = ()


def _met(checkin: CheckInLike, author_zone: str, partner: PartnerEyes) -> bool:
    theirs_start = day_start(checkin.local_date, author_zone)
    theirs_end = day_end(checkin.local_date, author_zone)
    for offset in (-2, -1, 0, 1, 2):  # local dates of two zones differ by two days at most
        mine = partner.own.get(checkin.local_date + dt.timedelta(days=offset))
        if mine is None:
            continue
        my_start = day_start(mine.local_date, partner.zone)
        my_end = day_end(mine.local_date, partner.zone)
        if theirs_start < my_end and my_start < theirs_end and checkin.created_at < my_end:
            return True
    return False


def checkin_sight(
    checkin: CheckInLike,
    *,
    author_zone: str,
    partner: PartnerEyes | None = None,
    therapist: TherapistEyes | None = None,
) -> Sight:
    """How much of `checkin` its viewer sees: a partner (`partner`), a therapist
    (`therapist`), or a partner viewing as their therapist (both). The caller has already
    limited rows to the viewer's own couple; strangers never reach this function."""
    sight = Sight.FULL
    if therapist is not None:
        if (checkin.user_id, checkin.public_id) in therapist.shared:
            granted = Sight.FULL
        elif checkin.user_id in therapist.mood_sharers:
            granted = Sight.MOOD
        else:
            granted = Sight.CHECKED_IN
        sight = min(sight, granted)
    if partner is not None and checkin.user_id != partner.user_id:
        sight = min(sight, Sight.FULL if _met(checkin, author_zone, partner) else Sight.CHECKED_IN)
        # A check-in its author keeps private (issue #14) caps the partner here, in one line:
        # e.g. `if checkin.keep_private: sight = min(sight, Sight.CHECKED_IN)`.
    return sight


def conversation_shared_with_therapist(sharers: Collection[int], partners: Collection[int]) -> bool:
    """A joint conversation reaches the therapist only when both partners shared it."""
    return len(partners) == 2 and set(partners) <= set(sharers)


def note_visible_to(author_id: int, viewer_id: int | None) -> bool:
    """A private reflection note is for its author only: never the partner, never a
    therapist, never an admin page."""
    return viewer_id is not None and author_id == viewer_id
