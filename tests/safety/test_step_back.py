"""Step back for now: every joint thing pauses for the person, and the partner sees exactly
what an ordinary break shows — the same page, byte for byte (after the per-request tokens)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from couplesafe.content import services as content_services
from couplesafe.lib import pushes
from couplesafe.outbox.models import OutgoingMessage
from practices.models import Conversation
from rituals import reminder_send, reminder_sweep, reminders
from rituals.models import ReminderDelivery
from safety import availability, questions, services
from safety.models import ConversationBreak
from tests.conftest import client_for
from tests.notifications.test_push import register
from tests.outbox.helpers import deliver_outbox

NEUTRAL = "Alice is not available for conversations right now."
PARTNER_PAGES = [
    "/home/",
    "/practices/",
    "/practices/start/validation-practice/",
    "/content/cards/",
    "/rituals/today/",
    "/rituals/together/",
    "/therapist/care/",
    "/accounts/profile/",
    "/safety/",
    "/safety/support/",
    "/safety/therapist/",
    "/help/",
]
_TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+')


def _normalised(client: Client, path: str) -> str:
    return _TOKENS.sub(r"\1…", client.get(path).content.decode())


def _step_back_from_the_support_page(alice: object) -> None:
    client = client_for(alice)
    client.post("/safety/check/", {q.key: questions.YES for q in questions.QUESTIONS})
    assert client.post("/safety/break/", {"next": "/safety/support/"}).status_code == 302


def _ordinary_break_from_settings(alice: object) -> None:
    assert client_for(alice).post("/safety/break/").status_code == 302


@pytest.mark.parametrize(
    "take_break", [_step_back_from_the_support_page, _ordinary_break_from_settings]
)
def test_the_partner_sees_only_the_neutral_words(
    alice, bob, bob_client, library, take_break
) -> None:
    take_break(alice)
    for path in ("/home/", "/practices/", "/practices/start/validation-practice/"):
        page = bob_client.get(path).content.decode()
        assert NEUTRAL in page, path
        for private in ("stepped back", "Step back", "safety check", "afraid"):
            assert private not in page, (path, private)


def test_the_partners_pages_are_identical_after_a_step_back_and_an_ordinary_break(
    alice, bob, library
) -> None:
    bob_client = client_for(bob)
    _ordinary_break_from_settings(alice)
    ordinary = {path: _normalised(bob_client, path) for path in PARTNER_PAGES}
    services.break_end(user=alice)
    ConversationBreak.objects.all().delete()
    # This time after a check that signalled danger, from the support page.
    _step_back_from_the_support_page(alice)
    stepped = {path: _normalised(bob_client, path) for path in PARTNER_PAGES}
    for path in PARTNER_PAGES:
        assert stepped[path] == ordinary[path], path


@pytest.mark.parametrize("answer", [questions.NO, questions.YES])
def test_the_partners_pages_do_not_change_when_the_other_answers_the_check(
    alice, bob, library, answer
) -> None:
    bob_client = client_for(bob)
    before = {path: _normalised(bob_client, path) for path in PARTNER_PAGES}
    client = client_for(alice)
    response = client.post("/safety/check/", {q.key: answer for q in questions.QUESTIONS})
    assert response.status_code == 302
    after = {path: _normalised(bob_client, path) for path in PARTNER_PAGES}
    for path in PARTNER_PAGES:
        assert after[path] == before[path], path


def test_no_invitation_reaches_a_person_on_a_break_and_none_can_be_sent(
    alice, bob, alice_client, bob_client, library, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # Bob asked before Alice stepped back: the invitation waits, out of her sight.
    with django_capture_on_commit_callbacks(execute=True):
        bob_client.post("/practices/start/validation-practice/", {"topic": "Sunday", "first": "me"})
    assert deliver_outbox() == ["sent"]
    mailoutbox.clear()
    services.break_start(user=alice)
    assert "would like to talk" not in alice_client.get("/home/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = bob_client.post(
            "/practices/start/validation-practice/", {"topic": "Again", "first": "me"}
        )
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    assert Conversation.objects.count() == 1
    assert deliver_outbox() == []
    assert mailoutbox == []
    # Ending the break brings the waiting invitation back.
    services.break_end(user=alice)
    assert "would like to talk" in client_for(alice).get("/home/").content.decode()


def test_no_partner_email_or_push_reaches_a_person_on_a_break(alice, push_service) -> None:
    register(alice, push_service.new_device())
    services.break_start(user=alice)
    assert pushes.notify("your-turn", recipient=alice, key="t:1", partner_name="Bob") == 0
    assert not OutgoingMessage.objects.exists()
    services.break_end(user=alice)
    availability.forget_cache(alice)
    assert pushes.notify("your-turn", recipient=alice, key="t:1", partner_name="Bob") == 1


def test_a_person_on_a_break_is_not_followed_by_the_partners_card_draws(
    alice, bob, couple, alice_client, library
) -> None:
    services.break_start(user=alice)
    content_services.card_draw(couple=couple, user=bob)
    assert alice_client.get("/content/cards/current/", {"since": "none."}).status_code == 204
    services.break_end(user=alice)
    assert client_for(alice).get("/content/cards/current/", {"since": "none."}).status_code == 200


def test_no_reminder_about_a_plan_together_reaches_either_partner_during_a_break(
    alice, bob, mailoutbox
) -> None:
    at = dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False):
        reminders.commitment_reminder_create(user=bob, local_time=dt.time(19, 0))
        services.break_start(user=alice)
    with time_machine.travel(at + dt.timedelta(hours=8, seconds=30), tick=False):
        reminder_sweep.reminders_sweep()
        status = reminder_send.reminder_deliver(delivery_id=ReminderDelivery.objects.get().pk)
    assert status == ReminderDelivery.Status.SKIPPED
    assert mailoutbox == []


def test_a_break_lasts_until_the_person_ends_it_and_starting_twice_keeps_one(alice) -> None:
    first = services.break_start(user=alice)
    assert services.break_start(user=alice).pk == first.pk
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=90), tick=False):
        availability.forget_cache(alice)
        assert availability.is_on_break(alice)
    services.break_end(user=alice)
    assert not availability.is_on_break(alice)
