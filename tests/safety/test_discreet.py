"""Discreet notifications: a neutral subject and sender, and no partner's name."""

from __future__ import annotations

import datetime as dt

import time_machine

from rituals import reminder_send, reminder_sweep, reminders
from rituals.models import ReminderDelivery
from safety.models import SafetyPreferences
from tests.conftest import client_for
from tests.outbox.helpers import deliver_outbox


def test_a_discreet_person_gets_a_neutral_invitation_without_the_partners_name(
    alice, bob, library, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client_for(bob).post("/safety/", {"discreet_email": "on", "idle_minutes": "0"})
    assert SafetyPreferences.objects.get(user=bob).discreet_email
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(
            "/practices/start/validation-practice/", {"topic": "Sunday", "first": "me"}
        )
    assert deliver_outbox() == ["sent"]
    (email,) = mailoutbox
    assert email.subject == "A note from your practice app"
    assert email.from_email.startswith("A note from your practice app <")
    for part in (email.subject, email.from_email, email.body, email.alternatives[0][0]):
        assert "Alice" not in part
        assert "CoupleSafe" not in part
        assert "conversation" not in part.lower()
    assert "/practices/" in email.body  # the way in is still there


def test_without_the_setting_emails_are_as_usual(
    alice, bob, library, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(
            "/practices/start/validation-practice/", {"topic": "Sunday", "first": "me"}
        )
    assert deliver_outbox() == ["sent"]
    assert "Alice" in mailoutbox[0].body


def test_a_discreet_reminder_keeps_its_one_click_unsubscribe(alice, mailoutbox) -> None:
    SafetyPreferences.objects.create(user=alice, discreet_email=True)
    at = dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False):
        reminders.commitment_reminder_create(user=alice, local_time=dt.time(19, 0))
    with time_machine.travel(at + dt.timedelta(hours=8, seconds=30), tick=False):
        reminder_sweep.reminders_sweep()
        reminder_send.reminder_deliver(delivery_id=ReminderDelivery.objects.get().pk)
    (email,) = mailoutbox
    assert email.subject == "A note from your practice app"
    assert "/rituals/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
