"""ReminderSchedule.next_due_after: the pure time arithmetic, zone by zone."""

from __future__ import annotations

import datetime as dt

from rituals.models import ALL_WEEKDAYS, ReminderSchedule

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def schedule(
    time_zone: str = "Europe/Berlin", hour: int = 20, minute: int = 0, **kw
) -> ReminderSchedule:
    return ReminderSchedule(time_zone=time_zone, local_time=dt.time(hour, minute), **kw)


def test_next_reminder_is_at_local_time_later_the_same_day() -> None:
    # 20:00 in Berlin in summer (UTC+2) is 18:00 UTC.
    assert schedule().next_due_after(at(2026, 6, 10, 9, 0)) == at(2026, 6, 10, 18, 0)


def test_next_reminder_is_tomorrow_once_todays_moment_has_passed() -> None:
    assert schedule().next_due_after(at(2026, 6, 10, 18, 0)) == at(2026, 6, 11, 18, 0)


def test_winter_time_gives_a_different_utc_hour() -> None:
    assert schedule().next_due_after(at(2026, 1, 10, 9, 0)) == at(2026, 1, 10, 19, 0)


def test_a_time_inside_the_spring_forward_gap_comes_just_after_the_gap() -> None:
    # Berlin skips 02:00-03:00 on 29 March 2026; 02:30 does not exist and becomes 03:30 CEST.
    reminder = schedule(hour=2, minute=30)
    due = reminder.next_due_after(at(2026, 3, 28, 12, 0))
    assert due == at(2026, 3, 29, 1, 30)
    assert reminder.local_date_of(due) == dt.date(2026, 3, 29)


def test_a_time_inside_the_fall_back_overlap_comes_once_at_its_first_occurrence() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026: first at 00:30 UTC (CEST), again at
    # 01:30 UTC (CET). The reminder comes at the first one and not again that day.
    reminder = schedule(hour=2, minute=30)
    first = reminder.next_due_after(at(2026, 10, 24, 12, 0))
    assert first == at(2026, 10, 25, 0, 30)
    assert reminder.next_due_after(first) == at(2026, 10, 26, 1, 30)


def test_the_day_after_a_dst_change_keeps_the_local_wall_clock_time() -> None:
    reminder = schedule(time_zone="America/New_York", hour=8)
    # New York springs forward on 8 March 2026: 08:00 EST is 13:00 UTC, EDT is 12:00 UTC.
    assert reminder.next_due_after(at(2026, 3, 7, 14, 0)) == at(2026, 3, 8, 12, 0)


def test_half_hour_offset_of_india_is_respected() -> None:
    assert schedule("Asia/Kolkata").next_due_after(at(2026, 6, 10, 0, 0)) == at(2026, 6, 10, 14, 30)


def test_quarter_hour_offset_of_nepal_is_respected() -> None:
    assert schedule("Asia/Kathmandu").next_due_after(at(2026, 6, 10, 0, 0)) == at(
        2026, 6, 10, 14, 15
    )


def test_a_reminder_at_local_midnight_belongs_to_the_new_local_day() -> None:
    reminder = schedule(hour=0)
    # 23:59:59 in Berlin on 1 June is 21:59:59 UTC; midnight is 22:00 UTC and is 2 June there.
    due = reminder.next_due_after(at(2026, 6, 1, 21, 59, 59))
    assert due == at(2026, 6, 1, 22, 0)
    assert reminder.local_date_of(due) == dt.date(2026, 6, 2)


def test_only_chosen_weekdays_get_a_reminder() -> None:
    monday_only = schedule(weekdays=0b0000001)
    # 10 June 2026 is a Wednesday; the next Monday is 15 June.
    assert monday_only.next_due_after(at(2026, 6, 10, 9, 0)) == at(2026, 6, 15, 18, 0)


def test_a_pause_skips_every_day_up_to_and_including_its_last_day() -> None:
    paused = schedule(paused_until=dt.date(2026, 6, 14))
    assert paused.next_due_after(at(2026, 6, 10, 9, 0)) == at(2026, 6, 15, 18, 0)


def test_a_pause_that_has_ended_changes_nothing() -> None:
    paused = schedule(paused_until=dt.date(2026, 6, 1))
    assert paused.next_due_after(at(2026, 6, 10, 9, 0)) == at(2026, 6, 10, 18, 0)


def test_a_reminder_turned_off_is_never_due() -> None:
    assert schedule(enabled=False).next_due_after(at(2026, 6, 10, 9, 0)) is None
    assert schedule(weekdays=0).next_due_after(at(2026, 6, 10, 9, 0)) is None


def test_far_east_zone_is_already_on_the_next_day() -> None:
    # 20:00 in Auckland (NZST, +12) on 11 June is 08:00 UTC on 11 June; at 09:00 UTC on
    # 10 June it is already 21:00 on 10 June there, so the next one is 11 June local.
    reminder = schedule("Pacific/Auckland", weekdays=ALL_WEEKDAYS)
    due = reminder.next_due_after(at(2026, 6, 10, 9, 0))
    assert due == at(2026, 6, 11, 8, 0)
    assert reminder.local_date_of(due) == dt.date(2026, 6, 11)
