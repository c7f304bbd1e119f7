"""The reminder settings page and one-click unsubscribe."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from rituals import reminder_sweep, reminders
from rituals.models import ReminderSchedule
from tests.rituals.factories import reminder_for

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_saving_settings_computes_the_next_due_moment_in_utc(alice, alice_client) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):  # a Wednesday
        response = alice_client.post(
            "/rituals/reminders/",
            {"enabled": "on", "local_time": "07:30", "weekdays": ["0", "4"], "paused_until": ""},
        )
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(user=alice)
    assert schedule.weekday_list == [0, 4]
    assert schedule.time_zone == "Europe/Berlin"
    assert schedule.next_due_at == at(2026, 6, 12, 5, 30)  # Friday 07:30 in Berlin


def test_turning_the_reminder_off_clears_the_next_due_moment(alice, alice_client) -> None:
    reminder_for(alice)
    alice_client.post(
        "/rituals/reminders/",
        {"enabled": "off", "local_time": "20:00", "weekdays": ["0"], "paused_until": ""},
    )
    schedule = ReminderSchedule.objects.get(user=alice)
    assert not schedule.enabled and schedule.next_due_at is None


def test_a_pause_in_the_past_is_kindly_refused_and_the_form_keeps_its_values(alice_client) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        response = alice_client.post(
            "/rituals/reminders/",
            {
                "enabled": "on",
                "local_time": "06:45",
                "weekdays": ["2"],
                "paused_until": "2026-06-01",
            },
        )
    assert response.status_code == 200
    assert "That day has already passed" in response.text
    assert 'value="06:45"' in response.text
    assert not ReminderSchedule.objects.exists()


def test_no_days_chosen_asks_for_a_day_or_off(alice_client) -> None:
    response = alice_client.post(
        "/rituals/reminders/", {"enabled": "on", "local_time": "08:00", "paused_until": ""}
    )
    assert "Choose at least one day, or turn the reminder off." in response.text


def test_the_page_shows_what_happened_to_recent_reminders(alice, alice_client) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        reminder_for(alice)
    with time_machine.travel(at(2026, 6, 10, 21, 0), tick=False):
        reminder_sweep.reminders_sweep()  # too late: recorded, visible
        text = alice_client.get("/rituals/reminders/").text
    assert "Too late to send" in text


def test_the_signed_unsubscribe_link_works_without_logging_in(alice) -> None:
    schedule = reminder_for(alice)
    url = f"/rituals/unsubscribe/{reminders.unsubscribe_token(schedule)}/"
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(url)
    assert page.status_code == 200 and "Stop these reminders" in page.text
    schedule.refresh_from_db()
    assert schedule.enabled  # a GET (a link scanner) changes nothing
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You won't get" in done.text
    schedule.refresh_from_db()
    assert not schedule.enabled and schedule.next_due_at is None


def test_a_tampered_unsubscribe_link_is_not_found(alice) -> None:
    schedule = reminder_for(alice)
    token = reminders.unsubscribe_token(schedule)
    assert Client().post(f"/rituals/unsubscribe/{token[:-2]}xx/").status_code == 404


def test_commitment_reminder_create_makes_one_daily_commitment_reminder(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        first = reminders.commitment_reminder_create(user=alice, local_time=dt.time(18, 30))
        again = reminders.commitment_reminder_create(user=alice, label_key="repair-plan")
    assert first.pk == again.pk
    assert again.kind == "commitment" and again.label_key == "repair-plan"
    assert again.next_due_at == at(2026, 6, 10, 16, 0)  # default 18:00 Berlin


def test_a_commitment_reminder_can_be_turned_off_by_its_owner_only(
    alice, alice_client, carol_client
) -> None:
    plan = reminders.commitment_reminder_create(user=alice)
    assert carol_client.post(f"/rituals/reminders/{plan.public_id}/off/").status_code == 404
    assert alice_client.post(f"/rituals/reminders/{plan.public_id}/off/").status_code == 302
    plan.refresh_from_db()
    assert not plan.enabled


def test_changing_time_zone_in_the_profile_moves_the_reminder_at_once(
    alice, alice_client, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        alice_client.post(
            "/rituals/reminders/",
            {"enabled": "on", "local_time": "07:30", "weekdays": ["4"], "paused_until": ""},
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(
                "/accounts/profile/", {"display_name": "Alice", "time_zone": "Asia/Kolkata"}
            )
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(user=alice)
    assert schedule.time_zone == "Asia/Kolkata"
    assert schedule.next_due_at == at(2026, 6, 12, 2, 0)  # Friday 07:30 in Kolkata (+05:30)
