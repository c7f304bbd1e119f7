"""The sweep: claims due schedules, writes one delivery per local day, enqueues on commit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections

from couplesafe import celery_app
from rituals import reminder_sweep, reminders
from rituals.models import ReminderDelivery, ReminderSchedule
from tests.factories import CoupleFactory
from tests.rituals.factories import reminder_for

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_a_due_schedule_gets_one_queued_delivery_and_one_enqueue(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice)  # Berlin 20:00 = 18:00 UTC
    with (
        time_machine.travel(at(2026, 6, 10, 18, 0, 30), tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        result = reminder_sweep.reminders_sweep()
    assert result.claimed == 1 and result.queued == 1
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == "queued"
    assert delivery.local_date == dt.date(2026, 6, 10)
    assert len(callbacks) == 1
    schedule.refresh_from_db()
    assert schedule.next_due_at == at(2026, 6, 11, 18, 0)


def test_a_second_sweep_in_the_same_minute_creates_nothing_more(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with (
        time_machine.travel(at(2026, 6, 10, 18, 0, 30), tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        reminder_sweep.reminders_sweep()
        second = reminder_sweep.reminders_sweep()
    assert second.claimed == 0
    assert ReminderDelivery.objects.count() == 1
    assert len(callbacks) == 1


def test_nothing_is_claimed_before_it_is_due(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
        assert reminder_sweep.reminders_sweep().claimed == 0
    assert not ReminderDelivery.objects.exists()


def test_even_a_forced_second_due_moment_on_the_same_local_day_sends_nothing(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        reminder_sweep.reminders_sweep()
        # Someone (a bug, a manual fix) sets it due again the same local day.
        ReminderSchedule.objects.filter(pk=schedule.pk).update(next_due_at=at(2026, 6, 10, 18, 0))
        with django_capture_on_commit_callbacks() as callbacks:
            result = reminder_sweep.reminders_sweep()
    assert result.claimed == 1 and result.queued == 0
    assert ReminderDelivery.objects.count() == 1
    assert callbacks == []


def test_after_a_short_outage_the_reminder_still_goes_out(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 19, 30), tick=False):  # 90 minutes late
        result = reminder_sweep.reminders_sweep()
    assert result.queued == 1
    assert ReminderDelivery.objects.get().status == "queued"


def test_beyond_the_catch_up_window_the_reminder_is_recorded_late_not_sent(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 20, 30), tick=False):  # 2.5 hours late
        result = reminder_sweep.reminders_sweep()
    assert result.queued == 0 and result.late == 1
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == "late" and delivery.error


def test_a_long_outage_leaves_one_visible_late_row_per_missed_day(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice)
    with time_machine.travel(at(2026, 6, 13, 18, 30), tick=False):
        result = reminder_sweep.reminders_sweep()
    statuses = dict(ReminderDelivery.objects.values_list("local_date", "status"))
    assert statuses == {
        dt.date(2026, 6, 10): "late",
        dt.date(2026, 6, 11): "late",
        dt.date(2026, 6, 12): "late",
        dt.date(2026, 6, 13): "queued",
    }
    assert result.queued == 1
    schedule.refresh_from_db()
    assert schedule.next_due_at == at(2026, 6, 14, 18, 0)


def test_moving_east_the_same_day_brings_todays_reminder_forward(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice)  # Berlin: 18:00 UTC
        alice.time_zone = "Asia/Kolkata"
        alice.save()
        # Opening the home page or a rituals page notices the change.
        assert reminders.reminders_resync_time_zone(user=alice) == 1
    schedule.refresh_from_db()
    assert schedule.next_due_at == at(2026, 6, 10, 14, 30)  # 20:00 in India
    with time_machine.travel(at(2026, 6, 10, 14, 31), tick=False):
        reminder_sweep.reminders_sweep()
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        reminder_sweep.reminders_sweep()
    assert list(ReminderDelivery.objects.values_list("local_date", flat=True)) == [
        dt.date(2026, 6, 10)
    ]


def test_moving_west_after_todays_reminder_gives_no_second_one_that_local_day(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        reminder_sweep.reminders_sweep()  # 20:01 in Berlin on 10 June: sent
        alice.time_zone = "America/New_York"  # 14:01 on 10 June there
        alice.save()
        reminders.reminders_resync_time_zone(user=alice)
    schedule.refresh_from_db()
    # Not 20:00 New York on 10 June (00:00 UTC on the 11th): that local day had its reminder.
    assert schedule.next_due_at == at(2026, 6, 12, 0, 0)
    assert schedule.local_date_of(schedule.next_due_at) == dt.date(2026, 6, 11)


def test_the_sweep_itself_notices_a_changed_time_zone_and_waits_for_the_new_local_time(
    alice,
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        schedule = reminder_for(alice, hour=8)  # 08:00 Berlin = 06:00 UTC on the 11th
    alice.time_zone = "America/Los_Angeles"  # changed without visiting any rituals page
    alice.save()
    with time_machine.travel(at(2026, 6, 11, 6, 0, 30), tick=False):
        result = reminder_sweep.reminders_sweep()  # 23:00 on the 10th in Los Angeles
    assert result.queued == 0 and not ReminderDelivery.objects.exists()
    schedule.refresh_from_db()
    assert schedule.time_zone == "America/Los_Angeles"
    assert schedule.next_due_at == at(2026, 6, 11, 15, 0)  # 08:00 on the 11th there


def test_a_dst_overlap_night_gives_one_reminder_not_two(alice) -> None:
    with time_machine.travel(at(2026, 10, 24, 12, 0), tick=False):
        reminder_for(alice, hour=2, minute=30)
    for minute in (at(2026, 10, 25, 0, 31), at(2026, 10, 25, 1, 31)):
        with time_machine.travel(minute, tick=False):
            reminder_sweep.reminders_sweep()
    assert list(ReminderDelivery.objects.values_list("local_date", flat=True)) == [
        dt.date(2026, 10, 25)
    ]


def test_a_paused_or_switched_off_schedule_is_never_claimed(alice, bob) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice, paused_until=dt.date(2026, 6, 12))
        reminder_for(bob, enabled=False)
    with time_machine.travel(at(2026, 6, 12, 23, 0), tick=False):
        reminder_sweep.reminders_sweep()
    assert not ReminderDelivery.objects.exists()


def test_a_queued_delivery_whose_task_was_lost_is_enqueued_again(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 0, 30), tick=False):
        reminder_sweep.reminders_sweep()  # its message is lost (Redis restarted)
    with (
        time_machine.travel(at(2026, 6, 10, 18, 20), tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        result = reminder_sweep.reminders_sweep()
    assert result.requeued == 1 and len(callbacks) == 1


def test_a_delivery_stuck_in_sending_is_recorded_failed_and_never_resent(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 0, 30), tick=False):
        reminder_sweep.reminders_sweep()
        ReminderDelivery.objects.update(status="sending", sending_at=at(2026, 6, 10, 18, 0, 31))
    with (
        time_machine.travel(at(2026, 6, 10, 18, 30), tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        result = reminder_sweep.reminders_sweep()
    delivery = ReminderDelivery.objects.get()
    assert result.interrupted == 1
    assert delivery.status == "failed" and "Interrupted" in delivery.error
    assert callbacks == []


def test_partners_in_different_zones_each_get_theirs_at_their_own_time(
    django_capture_on_commit_callbacks, db
) -> None:
    pair = CoupleFactory(first__time_zone="Europe/Berlin", second__time_zone="Asia/Kathmandu")
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(pair.first)
        reminder_for(pair.second)
    with time_machine.travel(at(2026, 6, 10, 14, 16), tick=False):
        reminder_sweep.reminders_sweep()
    assert list(ReminderDelivery.objects.values_list("user_id", flat=True)) == [pair.second.pk]
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        reminder_sweep.reminders_sweep()
    assert ReminderDelivery.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_claim_each_schedule_exactly_once() -> None:
    assert connection.vendor == "postgresql"
    people = []
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        for _ in range(60):
            pair = CoupleFactory()
            people.extend([pair.first, pair.second])
        for person in people:
            reminder_for(person)
    barrier = threading.Barrier(2)
    results: list[reminder_sweep.SweepResult] = []

    def sweep() -> None:
        try:
            barrier.wait()
            results.append(reminder_sweep.reminders_sweep(now=at(2026, 6, 10, 18, 1), batch=7))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.claimed for r in results) == 120
    assert ReminderDelivery.objects.count() == 120
    # The enqueues went to Redis with no worker listening: clear this test's broker queue.
    celery_app.control.purge()


def test_the_compare_and_set_claim_used_on_sqlite_claims_once(
    alice, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    now = at(2026, 6, 10, 18, 1)
    result = reminder_sweep.SweepResult()
    with django_capture_on_commit_callbacks() as callbacks:
        reminder_sweep._claim_batch_cas(now, 100, result)
        reminder_sweep._claim_batch_cas(now, 100, result)
    assert result.claimed == 1 and result.queued == 1
    assert ReminderDelivery.objects.count() == 1 and len(callbacks) == 1


def test_changing_the_time_after_todays_reminder_does_not_bring_a_second_one(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        reminder_sweep.reminders_sweep()
        schedule = reminder_for(alice, hour=22)  # later today, in Berlin
    assert schedule.next_due_at == at(2026, 6, 11, 20, 0)


def test_changing_the_time_before_todays_reminder_moves_today(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
        schedule = reminder_for(alice, hour=12, minute=15)
    assert schedule.next_due_at == at(2026, 6, 10, 10, 15)


def test_a_reminder_swept_just_after_the_persons_local_midnight_is_late_with_the_true_reason(
    db,
) -> None:  # type: ignore[no-untyped-def]
    from rituals.models import ReminderDelivery, ReminderSchedule
    from tests.factories import UserFactory
    from tests.rituals.factories import reminder_for

    # 00:00:10 in Kolkata (+05:30); the reminder was due 30 seconds earlier, on the day before.
    with time_machine.travel(dt.datetime(2026, 11, 26, 18, 30, 10, tzinfo=dt.UTC), tick=False):
        person = UserFactory(time_zone="Asia/Kolkata")
        schedule = reminder_for(person)
        ReminderSchedule.objects.filter(pk=schedule.pk).update(
            next_due_at=dt.datetime(2026, 11, 26, 18, 29, 40, tzinfo=dt.UTC)
        )
        reminder_sweep.reminders_sweep()
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == "late"
    assert delivery.local_date == dt.date(2026, 11, 26)
    assert delivery.error == "Not sent: the day it was for had ended."
