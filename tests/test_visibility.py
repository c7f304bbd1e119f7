"""Each privacy rule of couplesafe.visibility, tested once and thoroughly.

Check-ins are made through `checkin_record` at a travelled time, so each has the local date
and creation moment a real one would have. "Revealed" is asked of the same function the home
card and the Together page use (`rituals.selectors.partner_today`) and, for history, of the
rule itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from couplesafe.visibility import (
    PartnerEyes,
    Sight,
    TherapistEyes,
    checkin_sight,
    conversation_shared_with_therapist,
    note_visible_to,
)
from rituals import checkins, selectors
from rituals.models import CheckIn
from tests.factories import CoupleFactory

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def pair(first_zone: str, second_zone: str) -> tuple[Any, Any]:
    made = CoupleFactory(first__time_zone=first_zone, second__time_zone=second_zone)
    return made.first, made.second


def check_in(user: Any, when: dt.datetime) -> CheckIn:
    with time_machine.travel(when, tick=False):
        return checkins.checkin_record(user=user, mood=3, feelings=[])


def today_for(viewer: Any, partner: Any, when: dt.datetime) -> tuple[CheckIn | None, Sight | None]:
    """What the viewer's home card and Together page show of the partner at `when`."""
    with time_machine.travel(when, tick=False):
        recent = selectors.recent_checkins(viewer.active_couple, viewer, when)
        shown = selectors.partner_today(user=viewer, partner=partner, recent=recent, now=when)
    return shown.checkin, shown.sight


def sight_in_history(checkin: CheckIn, viewer: Any) -> Sight:
    eyes = selectors.partner_eyes(viewer, CheckIn.objects.filter(couple=checkin.couple))
    return selectors.sight_for(viewer, checkin, eyes, checkin.user.time_zone)


pytestmark = pytest.mark.django_db


def test_the_author_always_sees_their_own_and_the_partner_sees_checked_in_before(db) -> None:
    ny, la = pair("America/New_York", "America/Los_Angeles")
    theirs = check_in(la, at(2026, 11, 30, 17, 0))  # 09:00 in Los Angeles
    assert sight_in_history(theirs, la) == Sight.FULL
    assert today_for(ny, la, at(2026, 11, 30, 18, 0)) == (theirs, Sight.CHECKED_IN)


def test_new_york_and_los_angeles_on_the_same_local_date_see_each_other(db) -> None:
    ny, la = pair("America/New_York", "America/Los_Angeles")
    mine = check_in(ny, at(2026, 11, 30, 15, 0))  # 10:00 in New York, 30 November
    theirs = check_in(la, at(2026, 11, 30, 18, 0))  # 10:00 in Los Angeles, 30 November
    assert today_for(la, ny, at(2026, 11, 30, 18, 1)) == (mine, Sight.FULL)
    assert today_for(ny, la, at(2026, 11, 30, 18, 1)) == (theirs, Sight.FULL)


def test_the_second_partner_after_the_firsts_midnight_still_sees_the_shared_date(db) -> None:
    """The issue's couple: both check in on 30 November; Los Angeles checks in after New
    York's midnight. Los Angeles sees New York's at once; New York sees Los Angeles's once
    they have checked in on their own new day."""
    ny, la = pair("America/New_York", "America/Los_Angeles")
    mine = check_in(ny, at(2026, 12, 1, 1, 0))  # 20:00 on 30 November in New York
    theirs = check_in(la, at(2026, 12, 1, 5, 30))  # 21:30 on 30 November in Los Angeles
    assert mine.local_date == theirs.local_date == dt.date(2026, 11, 30)
    assert today_for(la, ny, at(2026, 12, 1, 5, 31)) == (mine, Sight.FULL)
    # 00:31 on 1 December in New York: a new day, no check-in yet.
    assert today_for(ny, la, at(2026, 12, 1, 5, 31)) == (theirs, Sight.CHECKED_IN)
    check_in(ny, at(2026, 12, 1, 5, 40))
    assert today_for(ny, la, at(2026, 12, 1, 5, 41)) == (theirs, Sight.FULL)
    assert sight_in_history(theirs, ny) == Sight.FULL
    assert sight_in_history(mine, la) == Sight.FULL


def test_new_york_and_kiritimati_on_different_dates_see_each_other(db) -> None:
    ny, kiri = pair("America/New_York", "Pacific/Kiritimati")
    theirs = check_in(kiri, at(2026, 12, 1, 18, 0))  # 08:00 on 2 December in Kiritimati
    mine = check_in(ny, at(2026, 12, 1, 19, 0))  # 14:00 on 1 December in New York
    assert (mine.local_date, theirs.local_date) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
    assert today_for(ny, kiri, at(2026, 12, 1, 19, 1)) == (theirs, Sight.FULL)
    assert today_for(kiri, ny, at(2026, 12, 1, 19, 1)) == (mine, Sight.FULL)


def test_auckland_and_honolulu_across_the_date_line(db) -> None:
    akl, hnl = pair("Pacific/Auckland", "Pacific/Honolulu")  # +13 and -10 in December
    theirs = check_in(hnl, at(2026, 12, 1, 18, 0))  # 08:00 on 1 December in Honolulu
    assert today_for(akl, hnl, at(2026, 12, 1, 18, 1)) == (theirs, Sight.CHECKED_IN)
    mine = check_in(akl, at(2026, 12, 1, 23, 0))  # 12:00 on 2 December in Auckland
    assert (mine.local_date, theirs.local_date) == (dt.date(2026, 12, 2), dt.date(2026, 12, 1))
    assert today_for(akl, hnl, at(2026, 12, 1, 23, 1)) == (theirs, Sight.FULL)
    assert today_for(hnl, akl, at(2026, 12, 1, 23, 1)) == (mine, Sight.FULL)


def test_minutes_around_the_viewers_midnight(db) -> None:
    """Auckland has checked in on 2 December. Honolulu's next check-in one minute before
    Auckland's midnight is revealed by it; one made one minute after waits for Auckland's
    check-in on 3 December."""
    akl, hnl = pair("Pacific/Auckland", "Pacific/Honolulu")
    check_in(akl, at(2026, 12, 1, 20, 0))  # 09:00 on 2 December in Auckland
    before = check_in(hnl, at(2026, 12, 2, 10, 59))  # 23:59 Auckland, 00:59 on 2 Dec Honolulu
    assert before.local_date == dt.date(2026, 12, 2)
    assert today_for(akl, hnl, at(2026, 12, 2, 10, 59, 30)) == (before, Sight.FULL)
    # Auckland's midnight: Honolulu's 2 December goes on into Auckland's 3 December; what
    # Auckland has already seen stays seen (nothing new is revealed by it).
    assert today_for(akl, hnl, at(2026, 12, 2, 11, 0)) == (before, Sight.FULL)
    assert sight_in_history(before, akl) == Sight.FULL


def test_a_check_in_made_just_after_the_viewers_midnight_waits_for_their_next(db) -> None:
    akl, hnl = pair("Pacific/Auckland", "Pacific/Honolulu")
    check_in(akl, at(2026, 12, 1, 20, 0))  # 09:00 on 2 December in Auckland
    after = check_in(hnl, at(2026, 12, 2, 11, 1))  # 00:01 on 3 December in Auckland
    assert sight_in_history(after, akl) == Sight.CHECKED_IN
    check_in(akl, at(2026, 12, 2, 11, 5))  # 00:05 on 3 December in Auckland
    assert sight_in_history(after, akl) == Sight.FULL


def test_minutes_around_the_authors_midnight(db) -> None:
    """Los Angeles checks in at 23:59 and (another week) at 00:00 its time; New York has
    checked in on its own 1 December, which both of those Los Angeles days overlap."""
    ny, la = pair("America/New_York", "America/Los_Angeles")
    late = check_in(la, at(2026, 12, 1, 7, 59))  # 23:59 on 30 November in Los Angeles
    check_in(ny, at(2026, 12, 1, 8, 30))  # 03:30 on 1 December in New York
    assert late.local_date == dt.date(2026, 11, 30)
    # Its day is over, but it overlapped New York's 1 December: it stays for that day.
    assert today_for(ny, la, at(2026, 12, 1, 8, 31)) == (late, Sight.FULL)
    assert sight_in_history(late, ny) == Sight.FULL
    early = check_in(la, at(2026, 12, 1, 8, 0, 30))  # 00:00:30 on 1 December, LA
    assert early.local_date == dt.date(2026, 12, 1)
    assert today_for(ny, la, at(2026, 12, 1, 8, 31)) == (early, Sight.FULL)


def test_the_partners_check_in_stays_for_the_rest_of_my_local_day(db) -> None:
    ny, la = pair("America/New_York", "America/Los_Angeles")
    theirs = check_in(ny, at(2026, 11, 30, 14, 0))  # 09:00 on 30 November in New York
    check_in(la, at(2026, 11, 30, 17, 0))  # 09:00 on 30 November in Los Angeles
    # 23:59 in Los Angeles: New York's day ended at 05:00 UTC, theirs still shows.
    assert today_for(la, ny, at(2026, 12, 1, 7, 59)) == (theirs, Sight.FULL)
    # 00:00 in Los Angeles: a new day; New York has not checked in on theirs.
    assert today_for(la, ny, at(2026, 12, 1, 8, 0)) == (None, None)


def test_a_therapist_sees_cadence_mood_if_shared_and_words_only_of_the_authors_share(db) -> None:
    a, b = pair("Europe/Berlin", "Europe/Berlin")
    c = check_in(a, at(2026, 6, 10, 9, 0))
    assert checkin_sight(c, author_zone=a.time_zone, therapist=TherapistEyes()) == Sight.CHECKED_IN
    moods = TherapistEyes(mood_sharers={a.pk})
    assert checkin_sight(c, author_zone=a.time_zone, therapist=moods) == Sight.MOOD
    by_partner = TherapistEyes(shared={(b.pk, c.public_id)})
    assert checkin_sight(c, author_zone=a.time_zone, therapist=by_partner) == Sight.CHECKED_IN
    by_author = TherapistEyes(shared={(a.pk, c.public_id)})
    assert checkin_sight(c, author_zone=a.time_zone, therapist=by_author) == Sight.FULL
    # "View as your therapist": Bob, who has not checked in, sees no more than his own rule.
    bob_eyes = PartnerEyes(user_id=b.pk, zone=b.time_zone)
    both = checkin_sight(c, author_zone=a.time_zone, partner=bob_eyes, therapist=by_author)
    assert both == Sight.CHECKED_IN


@pytest.mark.parametrize(
    ("sharers", "partners", "shared"),
    [
        ({1, 2}, {1, 2}, True),
        ({1}, {1, 2}, False),
        ({2}, {1, 2}, False),
        (set(), {1, 2}, False),
        ({1, 3}, {1, 2}, False),
        ({1}, {1}, False),  # a couple of one (the other left) never shares a joint conversation
    ],
)
def test_a_joint_conversation_is_shared_only_when_both_partners_shared_it(
    sharers: set[int], partners: set[int], shared: bool
) -> None:
    assert conversation_shared_with_therapist(sharers, partners) is shared


def test_a_private_note_is_for_its_author_only() -> None:
    assert note_visible_to(1, 1)
    assert not note_visible_to(1, 2)
    assert not note_visible_to(1, None)
