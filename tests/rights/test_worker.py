"""With a REAL Celery worker on Redis: a reminder already queued when someone deletes their
account is never sent."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from couplesafe import celery_app
from couplesafe.accounts import data_rights
from tests.conftest import celery_worker
from tests.factories import CoupleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_due_commitment(user):  # type: ignore[no-untyped-def]
    from rituals.models import ReminderSchedule
    from rituals.reminders import commitment_reminder_create
    from tests.rituals.factories import due_moments_ago

    schedule = commitment_reminder_create(user=user)
    ReminderSchedule.objects.filter(pk=schedule.pk).update(next_due_at=due_moments_ago(schedule))
    return schedule


@pytest.fixture
def purged() -> Iterator[None]:
    celery_app.control.purge()
    yield
    celery_app.control.purge()


def test_a_reminder_queued_before_deletion_is_never_sent(purged, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from rituals.models import ReminderDelivery
    from rituals.reminder_sweep import reminders_sweep

    pair = CoupleFactory(first__email="leaving@example.com", second__email="staying@example.com")
    leaving, staying = pair.first, pair.second
    make_due_commitment(leaving)
    reminders_sweep()  # the send task for her is now a message in Redis; no worker yet
    assert ReminderDelivery.objects.filter(user=leaving, status="queued").count() == 1

    data_rights.account_delete(user=leaving)

    # Queue the partner's reminder behind hers; the worker takes messages in order.
    sentinel = make_due_commitment(staying)
    reminders_sweep()
    with celery_worker():
        deadline = time.monotonic() + 15
        while not ReminderDelivery.objects.filter(schedule=sentinel, status="sent").exists():
            assert time.monotonic() < deadline, "the partner's reminder was not sent"
            time.sleep(0.1)
        time.sleep(0.3)
    assert [m.to for m in mailoutbox] == [["staying@example.com"]]
