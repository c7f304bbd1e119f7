"""End to end with a REAL Celery worker on Redis: exactly one email per person per day."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connections
from django.utils import timezone

from rituals import reminder_sweep, tasks
from rituals.models import ReminderDelivery, ReminderSchedule
from tests.factories import CoupleFactory
from tests.rituals.factories import due_moments_ago, reminder_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(celery_worker_on_redis) -> Iterator[None]:
    yield


def make_due(schedule: ReminderSchedule) -> None:
    ReminderSchedule.objects.filter(pk=schedule.pk).update(next_due_at=due_moments_ago(schedule))


def wait_until_settled(count: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        open_ = ReminderDelivery.objects.filter(status__in=["queued", "sending"]).count()
        if ReminderDelivery.objects.count() >= count and open_ == 0:
            return
        time.sleep(0.1)
    raise AssertionError("reminders did not settle in time")


def people(n: int) -> list:
    found = []
    for _ in range(n // 2):
        pair = CoupleFactory(first__time_zone="UTC", second__time_zone="Asia/Kolkata")
        found += [pair.first, pair.second]
    return found


def test_a_due_schedule_results_in_exactly_one_email(worker, mailoutbox) -> None:
    (person, _) = people(2)
    make_due(reminder_for(person))
    tasks.sweep_reminders.delay()
    wait_until_settled(1)
    time.sleep(0.5)  # anything extra would arrive now
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert ReminderDelivery.objects.get().status == "sent"


def test_two_sweeps_at_once_still_send_one_email_each(worker, mailoutbox) -> None:
    everyone = people(20)
    for person in everyone:
        make_due(reminder_for(person))
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            barrier.wait()
            reminder_sweep.reminders_sweep(batch=3)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_until_settled(20)
    time.sleep(0.5)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(p.email for p in everyone)


def sentinel_sent(person) -> None:
    """Queue one more reminder behind everything else and wait for it: the worker takes
    messages in order, so everything queued before it has been handled by then."""
    schedule = reminder_for(person)
    make_due(schedule)
    reminder_sweep.reminders_sweep()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if ReminderDelivery.objects.filter(schedule=schedule, status="sent").exists():
            return
        time.sleep(0.1)
    raise AssertionError("the sentinel reminder was not sent")


def test_a_task_delivered_twice_after_a_crash_does_not_send_again(worker, mailoutbox) -> None:
    (person, other) = people(2)
    make_due(reminder_for(person))
    reminder_sweep.reminders_sweep()  # enqueues the send once
    delivery = ReminderDelivery.objects.get()
    # The broker hands the same message out again (acks_late after a worker was killed).
    tasks.send_reminder.delay(delivery.pk)
    tasks.send_reminder.delay(delivery.pk)
    sentinel_sent(other)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([person.email, other.email])
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 1


def test_a_worker_killed_mid_send_leaves_a_visible_failure_not_a_second_email(
    worker, mailoutbox
) -> None:
    (person, other) = people(2)
    schedule = reminder_for(person)  # due tonight, so no sweep below touches it
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    # What a worker killed mid-send leaves behind: a delivery claimed (sending) an hour ago and
    # never recorded. Written directly, so no first send can race the "crash".
    delivery = ReminderDelivery.objects.create(
        schedule=schedule,
        user=person,
        kind=schedule.kind,
        local_date=schedule.local_date_of(an_hour_ago),
        due_at=an_hour_ago,
        status="sending",
        attempts=1,
        sending_at=an_hour_ago,
    )
    tasks.send_reminder.delay(delivery.pk)  # re-delivered
    sentinel_sent(other)  # also runs the sweep, whose janitor records the interrupted one
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "Interrupted" in delivery.error
    assert [m.to[0] for m in mailoutbox] == [other.email]
