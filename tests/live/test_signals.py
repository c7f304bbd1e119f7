"""Which moves send which signal, to whom: read from Redis pub/sub as the event server does."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings

from couplesafe.lib import live
from tests.practices.conftest import answer, start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard() -> Iterator[list[tuple[str, dict[str, str]]]]:
    """Everything published on this run's live channels while the test runs."""
    client = redis.Redis.from_url(settings.LIVE_REDIS_URL)
    pubsub = client.pubsub()
    pubsub.psubscribe(live.pattern())
    pubsub.get_message(timeout=1)  # the subscription confirmation
    messages: list[tuple[str, dict[str, str]]] = []

    def drain() -> list[tuple[str, dict[str, str]]]:
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.1)
            if message and message["type"] == "pmessage":
                messages.append((message["channel"].decode(), json.loads(message["data"])))
        return messages

    yield drain  # type: ignore[misc]
    pubsub.close()
    client.close()


def test_a_conversation_asked_for_and_answered_signals_both_partners_without_words(
    alice, bob, alice_client, bob_client, library, heard
) -> None:  # type: ignore[no-untyped-def]
    conv = start(alice_client, "intentional-dialogue", topic="Sunday mornings")
    bob_client.post(f"/practices/{conv.public_id}/accept/")
    answer(alice_client, conv, text="Could we talk about Sundays?")
    messages = heard()  # type: ignore[operator]
    expected = {"topic": "conversation", "ref": str(conv.public_id)}
    for person in (alice, bob):
        to_them = [m for channel, m in messages if channel == live.user_channel(person.pk)]
        assert to_them == [expected, expected, expected]  # asked, accepted, answered
    assert "Sunday" not in json.dumps(messages)


def test_a_card_drawn_signals_the_couple_and_no_one_else(
    alice, bob, carol, alice_client, library, heard
) -> None:  # type: ignore[no-untyped-def]
    response = alice_client.post("/content/cards/draw/", {})
    assert response.status_code in {200, 302}
    channels = [channel for channel, m in heard() if m == {"topic": "cards"}]  # type: ignore[operator]
    assert sorted(channels) == sorted([live.user_channel(alice.pk), live.user_channel(bob.pk)])
    assert live.user_channel(carol.pk) not in channels


def test_home_answers_an_event_with_only_its_live_region(alice_client) -> None:  # type: ignore[no-untyped-def]
    page = alice_client.get("/home/").content.decode()
    assert 'id="home-live"' in page and "data-live-url=" in page
    region = alice_client.get(
        "/home/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="home-live"
    ).content.decode()
    assert region.lstrip().startswith('<div id="home-live"') and "<html" not in region
