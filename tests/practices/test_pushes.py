"""Pushes from asking for a good moment (issue #15): every answer buzzes the one who asked, an
agreed time that is near buzzes both, through the one outgoing path, and the rules of issue
#14 hold (a break silences a plan together for both; discreet pushes say nothing identifying).
What a phone would get is read from the stand-in push service, decrypted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from couplesafe.outbox.models import OutgoingMessage
from practices import scheduling
from practices.models import Conversation
from safety import services as safety
from safety.models import SafetyPreferences
from tests.conftest import client_for
from tests.notifications.test_push import register
from tests.outbox.helpers import deliver_outbox
from tests.practices.conftest import fresh, start

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
WHEN = "2026-12-02T20:00"  # typed in each person's zone (the fixtures' people: Europe/Berlin)


def titles(push_service, device) -> list[str]:  # type: ignore[no-untyped-def]
    return [p["title"] for p in push_service.payloads(device)]


def ok(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, (response.status_code, response.content.decode()[:1000])


@pytest.fixture
def phones(alice, bob, push_service):  # type: ignore[no-untyped-def]
    alice_phone, bob_phone = push_service.new_device("alice"), push_service.new_device("bob")
    register(alice, alice_phone)
    register(bob, bob_phone)
    return alice_phone, bob_phone


def _agreed(alice_client, bob_client) -> Conversation:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        conv = start(alice_client, "intentional-dialogue", topic="mk-topic-words")
        ok(bob_client.post(f"/practices/{conv.public_id}/propose/", {"when": WHEN}))
        ok(alice_client.post(f"/practices/{conv.public_id}/agree/"))
    conv = fresh(conv)
    assert conv.status == Conversation.Status.SCHEDULED
    return conv


def test_each_answer_buzzes_the_one_who_asked_once_with_only_what_happened(
    alice, bob, alice_client, bob_client, dialogue, push_service, phones
) -> None:
    alice_phone, bob_phone = phones
    conv = _agreed(alice_client, bob_client)
    deliver_outbox()
    # Bob answered with a time (Alice's phone); Alice agreed to it (Bob's phone).
    assert titles(push_service, alice_phone) == ["Bob answered about a time to talk"]
    assert titles(push_service, bob_phone) == [
        "Alice would like to talk",
        "Alice answered about a time to talk",
    ]
    for payload in push_service.payloads(alice_phone) + push_service.payloads(bob_phone):
        assert "mk-topic-words" not in str(payload)
        assert payload["url"] == f"/practices/{conv.public_id}/"
    # Delivering again sends nothing twice.
    assert deliver_outbox() == []


def test_now_is_good_and_not_this_topic_both_reach_the_asker(
    alice, bob, alice_client, bob_client, dialogue, push_service, phones
) -> None:
    alice_phone, _bob_phone = phones
    first = start(alice_client, "intentional-dialogue")
    ok(bob_client.post(f"/practices/{first.public_id}/accept/", {"mode": "apart"}))
    second = start(alice_client, "intentional-dialogue")
    ok(bob_client.post(f"/practices/{second.public_id}/decline/"))
    deliver_outbox()
    assert titles(push_service, alice_phone) == ["Bob is ready to talk now", "Bob answered"]
    bodies = [p["body"] for p in push_service.payloads(alice_phone)]
    assert bodies == ["Open CoupleSafe to begin.", "Open CoupleSafe to see their answer."]


def test_an_agreed_time_that_is_near_reminds_both_by_email_and_push_once(
    alice,
    bob,
    alice_client,
    bob_client,
    dialogue,
    push_service,
    phones,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    alice_phone, bob_phone = phones
    conv = _agreed(alice_client, bob_client)
    assert conv.agreed_for is not None
    deliver_outbox()
    mailoutbox.clear()
    before = {p.name: len(push_service.payloads(p)) for p in phones}
    with time_machine.travel(conv.agreed_for - dt.timedelta(minutes=11), tick=False):
        assert scheduling.agreed_reminders_send() == 0  # not near yet
    with time_machine.travel(conv.agreed_for - dt.timedelta(minutes=9), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert scheduling.agreed_reminders_send() == 1
            assert scheduling.agreed_reminders_send() == 0  # claimed once
        assert sorted(deliver_outbox()) == ["sent"] * 4
    assert titles(push_service, alice_phone)[before["alice"] :] == ["Your talk with Bob is soon"]
    assert titles(push_service, bob_phone)[before["bob"] :] == ["Your talk with Alice is soon"]
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.com", "bob@example.com"]
    for message in mailoutbox:
        # 20:00 in Berlin, where both live; never the topic.
        assert "20:00" in message.subject and "20:00, your time" in message.body
        assert "mk-topic-words" not in message.body + message.subject


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_during_a_break_neither_partner_is_reminded_of_an_agreed_time(
    alice, bob, alice_client, bob_client, dialogue, push_service, phones, mailoutbox, who
) -> None:
    conv = _agreed(alice_client, bob_client)
    assert conv.agreed_for is not None
    deliver_outbox()
    mailoutbox.clear()
    OutgoingMessage.objects.all().delete()
    safety.break_start(user={"alice": alice, "bob": bob}[who])
    with time_machine.travel(conv.agreed_for - dt.timedelta(minutes=5), tick=False):
        assert scheduling.agreed_reminders_send() == 0
    assert not OutgoingMessage.objects.exists()
    assert fresh(conv).reminded_at is not None  # claimed: not announced late after the break
    safety.break_end(user={"alice": alice, "bob": bob}[who])
    with time_machine.travel(conv.agreed_for - dt.timedelta(minutes=4), tick=False):
        assert scheduling.agreed_reminders_send() == 0


def test_a_discreet_person_gets_a_neutral_push_and_email_for_an_agreed_time(
    alice, bob, alice_client, bob_client, dialogue, push_service, phones, mailoutbox
) -> None:
    _alice_phone, bob_phone = phones
    SafetyPreferences.objects.create(user=bob, discreet_email=True)
    conv = _agreed(alice_client, bob_client)
    assert conv.agreed_for is not None
    with time_machine.travel(conv.agreed_for - dt.timedelta(minutes=5), tick=False):
        assert scheduling.agreed_reminders_send() == 1
    deliver_outbox()
    for payload in push_service.payloads(bob_phone):
        assert payload == {
            "title": "A note from your practice app",
            "body": "Something is waiting for you.",
            "url": f"/practices/{conv.public_id}/",
            "tag": "note",
            "plain": True,
        }
    bobs = [m for m in mailoutbox if m.to == ["bob@example.com"]]
    assert bobs and all(m.subject == "A note from your practice app" for m in bobs)
    for message in bobs:
        assert "Alice" not in message.body and "CoupleSafe" not in message.body


NUDGE = "Get a nudge when Bob answers?"


def test_the_first_conversation_offers_a_nudge_when_the_partner_answers(
    alice, bob, alice_client, bob_client, dialogue
) -> None:
    conv = start(alice_client, "intentional-dialogue")
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert NUDGE in page and "data-push-on" in page and "js/push.js" in page
    # Only on the full page: the live region's updates do not carry it.
    partial = alice_client.get(f"/practices/{conv.public_id}/", HTTP_HX_REQUEST="true")
    assert NUDGE not in partial.content.decode()
    # Never to the one asked, and not once the partner answered.
    assert "Get a nudge" not in bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    ok(bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"}))
    assert NUDGE not in alice_client.get(f"/practices/{conv.public_id}/").content.decode()


def test_no_nudge_after_the_first_conversation_with_a_device_or_without_push(
    alice, bob, alice_client, dialogue, push_service
) -> None:
    first = start(alice_client, "intentional-dialogue")
    # An hour ago (a second ask within 30 s would be taken for a double click).
    Conversation.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    second = start(alice_client, "intentional-dialogue")
    assert NUDGE not in alice_client.get(f"/practices/{second.public_id}/").content.decode()
    assert NUDGE in alice_client.get(f"/practices/{first.public_id}/").content.decode()
    with override_settings(VAPID_PRIVATE_KEY=""):
        assert NUDGE not in alice_client.get(f"/practices/{first.public_id}/").content.decode()
    register(alice, push_service.new_device())
    assert NUDGE not in client_for(alice).get(f"/practices/{first.public_id}/").content.decode()
