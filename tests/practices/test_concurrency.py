"""Real concurrent submissions on PostgreSQL: threads, each with its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from practices import engine, scheduling, services
from practices.models import Conversation, Turn
from tests.conftest import client_for
from tests.practices.conftest import fresh

pytestmark = pytest.mark.django_db(transaction=True)


def post_together(jobs: list[tuple[object, str, dict]]) -> list[int]:
    """Fire every (client, url, data) at the same moment; return the status codes."""
    barrier = threading.Barrier(len(jobs))
    results: list[int] = [0] * len(jobs)

    def run(index: int, client, url: str, data: dict) -> None:
        try:
            barrier.wait()
            results[index] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def active_conversation(alice, bob, version) -> Conversation:
    conv = services.conversation_start(user=alice, version=version, topic="Race", sender=alice)
    scheduling.conversation_accept(mode="apart", conversation=conv, user=bob)
    return fresh(conv)


def test_a_burst_of_clicks_on_one_step_records_exactly_one_turn(alice, bob, dialogue) -> None:
    conv = active_conversation(alice, bob, dialogue)
    url = f"/practices/{conv.public_id}/turn/"
    data = {"state_version": conv.state_version, "text": "Is now a good time?"}
    statuses = post_together([(client_for(alice), url, data) for _ in range(4)])
    assert sorted(statuses) == [302, 409, 409, 409]
    assert Turn.objects.filter(conversation=conv).count() == 1
    assert fresh(conv).current_step_key == "mirror"
    assert fresh(conv).state_version == conv.state_version + 1


def test_both_partners_answering_a_shared_step_at_once_move_it_on_exactly_once(
    alice, bob, validation
) -> None:
    conv = active_conversation(alice, bob, validation)
    # Walk to the closing step that both answer.
    for user, text, choice in [
        (alice, "On my mind", ""),
        (bob, "Mirror", ""),
        (alice, "", "yes"),
        (bob, "Makes sense", ""),
        (alice, "", "yes"),
    ]:
        services.turn_submit(
            conversation=conv,
            user=user,
            state_version=fresh(conv).state_version,
            text=text,
            choice=choice,
        )
    conv = fresh(conv)
    assert conv.current_step_key == "close"
    url = f"/practices/{conv.public_id}/turn/"
    data = {"state_version": conv.state_version, "text": "Thank you"}
    alice_client, bob_client = client_for(alice), client_for(bob)
    statuses = post_together(
        [
            (alice_client, url, data),
            (bob_client, url, data),
            (alice_client, url, data),
            (bob_client, url, data),
        ]
    )
    assert statuses.count(302) == 2 and statuses.count(409) == 2
    assert Turn.objects.filter(conversation=conv, step_key="close").count() == 2
    conv = fresh(conv)
    # The round moved on exactly once: to the offer to swap, so both partners get a turn.
    assert conv.status == Conversation.Status.ACTIVE
    assert conv.current_step_key == engine.SWITCH


def test_a_pause_and_an_answer_at_the_same_moment_leave_a_consistent_state(
    alice, bob, dialogue
) -> None:
    conv = active_conversation(alice, bob, dialogue)
    base = f"/practices/{conv.public_id}"
    statuses = post_together(
        [
            (
                client_for(alice),
                f"{base}/turn/",
                {"state_version": conv.state_version, "text": "Now?"},
            ),
            (client_for(bob), f"{base}/pause/", {"minutes": 20}),
        ]
    )
    conv = fresh(conv)
    assert conv.status == Conversation.Status.PAUSED
    turns = Turn.objects.filter(conversation=conv).count()
    # Either the answer landed before the pause, or it was refused with the words kept.
    assert (tuple(statuses), turns) in {((302, 302), 1), ((409, 302), 0)}
