"""The send: at most once, re-checks the world, records every outcome; the email itself."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from couplesafe.outbox.models import OutgoingMessage
from rituals import appreciations, checkins, reminder_send, reminder_sweep, reminders
from rituals.models import ReminderDelivery, ReminderSchedule
from tests.rituals.factories import reminder_for

UTC = dt.UTC
MARKER = "PRIVATE-MARKER-7f3a"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def due_delivery(alice) -> ReminderDelivery:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 18, 0, 30), tick=False):
        reminder_sweep.reminders_sweep()
    return ReminderDelivery.objects.get()


def deliver(delivery: ReminderDelivery, **kw) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        return reminder_send.reminder_deliver(delivery_id=delivery.pk, **kw)


def test_a_queued_reminder_is_sent_once_and_recorded(due_delivery, mailoutbox) -> None:
    assert deliver(due_delivery) == "sent"
    due_delivery.refresh_from_db()
    assert due_delivery.status == "sent" and due_delivery.attempts == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]


def test_running_the_send_twice_for_one_delivery_sends_one_email(due_delivery, mailoutbox) -> None:
    deliver(due_delivery)
    assert deliver(due_delivery) == "not-queued"
    assert len(mailoutbox) == 1


def test_a_delivery_claimed_by_a_crashed_worker_is_not_sent_again(due_delivery, mailoutbox) -> None:
    ReminderDelivery.objects.filter(pk=due_delivery.pk).update(status="sending")
    assert deliver(due_delivery) == "not-queued"
    assert mailoutbox == []


def test_no_reminder_when_already_checked_in_today(due_delivery, alice, mailoutbox) -> None:
    with time_machine.travel(at(2026, 6, 10, 17, 0), tick=False):
        checkins.checkin_record(user=alice, mood=4, feelings=[])
    assert deliver(due_delivery) == "skipped"
    due_delivery.refresh_from_db()
    assert due_delivery.status == "skipped" and "checked in" in due_delivery.error
    assert mailoutbox == []


def test_no_reminder_after_it_was_turned_off_in_the_meantime(due_delivery, mailoutbox) -> None:
    reminders.reminder_turn_off(schedule=due_delivery.schedule)
    assert deliver(due_delivery) == "skipped"
    assert mailoutbox == []


def test_no_reminder_for_an_account_that_was_deactivated(due_delivery, alice, mailoutbox) -> None:
    alice.is_active = False
    alice.save()
    assert deliver(due_delivery) == "skipped"
    assert mailoutbox == []


def test_a_permanent_smtp_error_is_recorded_as_failed_with_the_error(
    due_delivery, smtp_server
) -> None:
    smtp_server.refuse = "550 No such user here"
    assert deliver(due_delivery, retries_left=3) == "failed"
    due_delivery.refresh_from_db()
    assert due_delivery.status == "failed" and "SMTPRecipientsRefused" in due_delivery.error


def test_a_transient_smtp_error_hands_the_delivery_back_for_a_retry(
    due_delivery, smtp_server
) -> None:
    smtp_server.stop()
    with pytest.raises(reminder_send.TransientSendError):
        deliver(due_delivery, retries_left=2)
    due_delivery.refresh_from_db()
    assert due_delivery.status == "queued" and "ConnectionRefused" in due_delivery.error


def test_a_transient_error_on_the_last_attempt_is_recorded_failed(
    due_delivery, smtp_server
) -> None:
    smtp_server.refuse = "421 Try again later"
    assert deliver(due_delivery, retries_left=0) == "failed"


def test_a_retried_reminder_is_one_outbox_message_sent_once(due_delivery, smtp_server) -> None:
    smtp_server.refuse = "421 Try again later"
    with pytest.raises(reminder_send.TransientSendError):
        deliver(due_delivery, retries_left=2)
    smtp_server.refuse = ""
    assert deliver(due_delivery, retries_left=1) == "sent"
    [message] = OutgoingMessage.objects.all()
    assert message.status == "sent" and message.attempts == 2 and message.user == due_delivery.user
    assert len(smtp_server.received) == 1


def test_the_email_is_warm_has_both_parts_and_links_to_todays_checkin(
    due_delivery, mailoutbox
) -> None:
    deliver(due_delivery)
    message = mailoutbox[0]
    assert "check-in" in message.subject
    assert "http://testserver/rituals/today/" in message.body
    html = message.alternatives[0].content
    assert "http://testserver/rituals/today/" in html
    assert "Hello Alice" in message.body


def test_the_email_has_one_click_unsubscribe_headers(due_delivery, mailoutbox) -> None:
    deliver(due_delivery)
    message = mailoutbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/rituals/unsubscribe/")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_never_carries_anyones_words(due_delivery, alice, bob, mailoutbox) -> None:
    # Plant a marker in everything private on both sides; none of it may reach the email.
    with time_machine.travel(at(2026, 6, 9, 17, 0), tick=False):
        checkins.checkin_record(
            user=alice, mood=2, feelings=["tired"], space_text=MARKER, need_text=MARKER
        )
        checkins.checkin_record(user=bob, mood=3, feelings=[], space_text=MARKER)
        appreciations.appreciation_send(author=bob, text=MARKER)
    deliver(due_delivery)
    message = mailoutbox[0].message().as_string()
    assert MARKER not in message
    assert "tired" not in message


def test_a_commitment_reminder_says_only_a_gentle_nudge(alice, mailoutbox) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminders.commitment_reminder_create(user=alice, local_time=dt.time(19, 0))
    with time_machine.travel(at(2026, 6, 10, 17, 0, 30), tick=False):
        reminder_sweep.reminders_sweep()
        reminder_send.reminder_deliver(delivery_id=ReminderDelivery.objects.get().pk)
    body = mailoutbox[0].body
    assert "a gentle nudge about the plan you made together" in body
    assert "repair-plan" not in body


def test_the_task_retries_transient_errors_a_bounded_number_of_times_then_records_failed(
    due_delivery, smtp_server
) -> None:
    from rituals import reminder_send, tasks

    smtp_server.refuse = "421 Try again later"
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        tasks.send_reminder.apply(args=(due_delivery.pk,))
    due_delivery.refresh_from_db()
    assert smtp_server.attempts == reminder_send.MAX_SEND_ATTEMPTS
    assert due_delivery.attempts == reminder_send.MAX_SEND_ATTEMPTS
    assert due_delivery.status == "failed" and "421" in due_delivery.error


def test_the_task_does_not_retry_a_permanent_error(due_delivery, smtp_server) -> None:
    from rituals import tasks

    smtp_server.refuse = "550 No such user here"
    with time_machine.travel(at(2026, 6, 10, 18, 1), tick=False):
        tasks.send_reminder.apply(args=(due_delivery.pk,))
    assert smtp_server.attempts == 1
    due_delivery.refresh_from_db()
    assert due_delivery.status == "failed"


def test_a_reminder_can_come_as_a_push_and_falls_back_to_email_without_a_device(
    due_delivery, alice, mailoutbox, push_service
) -> None:
    from couplesafe.outbox.models import PushSubscription
    from tests.outbox.helpers import deliver_outbox

    ReminderSchedule.objects.filter(pk=due_delivery.schedule_id).update(channel="push")
    phone = push_service.new_device()
    data = phone.subscription_json()
    PushSubscription.objects.create(
        user=alice,
        endpoint=data["endpoint"],
        p256dh=data["keys"]["p256dh"],
        auth=data["keys"]["auth"],
    )
    assert deliver(due_delivery) == "sent"
    deliver_outbox()
    assert [p["title"] for p in push_service.payloads(phone)] == ["Time for your check-in"]
    assert mailoutbox == []


def test_push_only_with_no_device_sends_the_email_instead(due_delivery, mailoutbox) -> None:
    ReminderSchedule.objects.filter(pk=due_delivery.schedule_id).update(channel="push")
    assert deliver(due_delivery) == "sent"
    assert len(mailoutbox) == 1
