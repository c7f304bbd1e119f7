"""Every shipped practice, driven through its pages by two partners, down every branch: each
"almost" / "not quite" loop, "is there more?", an earlier-time echo or memory, the apology
accepted and "I need a little more time", and swapping roles, in both modes, with a switch of
mode half-way. The browser walks (tests/e2e/test_practice_walks.py) take one full path per
practice per mode; the branches are proved here, where a step costs milliseconds.

The walker reads the content, not a script: where a question branches, it takes the answer it
has taken least often so far (so a loop is entered once and then left), and it starts another
conversation of the same practice until every answer of every question has been given.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client

from couplesafe.content.schema import Practice
from practices import engine
from practices.models import Conversation, Turn
from tests.practices.conftest import fresh, practice_data, publish, start

PRACTICES = [
    "intentional-dialogue",
    "frustration-to-longing",
    "appreciation-dialogue",
    "validation-practice",
    "repair-after-rupture",
    "quick-repair",
    "bridge-crossing",
]


def ok(response: Any) -> None:
    assert response.status_code == 302, (response.status_code, response.content.decode()[:3000])


class Walk:
    """Two partners answering whatever the current step asks of them."""

    def __init__(self, practice: Practice, clients: dict[int, Client]) -> None:
        self.practice = practice
        self.clients = clients
        self.taken: Counter[tuple[str, str]] = Counter()
        self.visited: set[str] = set()
        self.seen: set[tuple[str, bool]] = set()
        self.swaps = 0

    def choose(self, key: str) -> str:
        step = self.practice.step(key)
        options = [value for value, _label in engine.choices(step)]
        # Least taken first; on a tie "no" first, so a loop is entered before it is left.
        return min(options, key=lambda value: (self.taken[(key, value)], value != "no"))

    def answer(self, conv: Conversation, person: int) -> None:
        key = conv.current_step_key
        step = self.practice.step(key)
        data: dict[str, Any] = {"state_version": conv.state_version}
        spoken = conv.mode == "together" and step.actor != "each_private"
        if step.input == "text":
            if not spoken:  # together, typing is optional: said aloud, nothing typed
                data["text"] = f"words for {key}"
        elif step.input == "feelings":
            if not spoken:
                data["text"] = "tender"
        else:
            data["choice"] = self.choose(key) if step.input == "confirm" else "ready"
            self.taken[(key, data["choice"])] += 1
        if (key, spoken) not in self.seen:  # each step's page once per mode is enough
            self.seen.add((key, spoken))
            page = self.clients[person].get(f"/practices/{conv.public_id}/").content.decode()
            assert step.title.replace("'", "&#x27;") in page, (key, page[:3000])
            if spoken and step.input in {"text", "feelings"}:
                assert "Done, I said it" in page and "A short note to remember" in page
        ok(self.clients[person].post(f"/practices/{conv.public_id}/turn/", data))
        self.visited.add(key)

    def run(self, conv: Conversation, *, switch_mode_at: str = "") -> Conversation:
        """Answer until the conversation is completed (at most a few hundred moves)."""
        for _ in range(400):
            conv = fresh(conv)
            if conv.status == Conversation.Status.COMPLETED:
                return conv
            assert conv.status == Conversation.Status.ACTIVE, conv.status
            sender = conv.sender_id
            receiver = next(pk for pk in self.clients if pk != sender)
            if conv.current_step_key == engine.SWITCH:
                swap = self.swaps == 0  # swap once, then finish
                self.swaps += swap
                ok(
                    self.clients[sender].post(
                        f"/practices/{conv.public_id}/switch/",
                        {
                            "state_version": conv.state_version,
                            "choice": "swap" if swap else "finish",
                        },
                    )
                )
                continue
            if switch_mode_at and conv.current_step_key == switch_mode_at:
                other = "apart" if conv.mode == "together" else "together"
                ok(
                    self.clients[receiver].post(
                        f"/practices/{conv.public_id}/mode/", {"mode": other}
                    )
                )
                switch_mode_at = ""
                continue
            step = self.practice.step(conv.current_step_key)
            answered = set(
                Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                    "author_id", flat=True
                )
            )
            todo = engine.waiting_for(
                step, sender_id=sender, receiver_id=receiver, answered=answered
            )
            self.answer(conv, todo[0])
        raise AssertionError("the conversation never ended")


def branch_edges(practice: Practice) -> set[tuple[str, str]]:
    return {
        (step.key, value)
        for step in practice.steps
        if step.input == "confirm"
        for value, _label in engine.choices(step)
    }


@pytest.mark.parametrize("mode", ["apart", "together"])
@pytest.mark.parametrize("key", PRACTICES)
def test_every_branch_of_every_practice_in_both_modes(
    key: str, mode: str, alice, bob, alice_client, bob_client, feelings
) -> None:
    publish("practice", key, practice_data(key))
    practice = Practice.model_validate(practice_data(key))
    walk = Walk(practice, {alice.pk: alice_client, bob.pk: bob_client})
    edges = branch_edges(practice)
    conversations = 0
    while conversations == 0 or (not edges <= set(walk.taken) and conversations < 4):
        conv = start(alice_client, key, topic=f"{key} {conversations}")
        ok(bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": mode}))
        walk.swaps = 0
        conv = walk.run(conv)
        conversations += 1
        turns = list(Turn.objects.filter(conversation=conv))
        # Together, words are said aloud and kept as "said aloud"; private writing stays written.
        spoken = {
            t.spoken for t in turns if practice.step(t.step_key).input in {"text", "feelings"}
        }
        if mode == "together" and any(s.actor != "each_private" for s in practice.steps):
            assert True in spoken
        if mode == "apart":
            assert spoken <= {False}
        transcript = alice_client.get(f"/practices/{conv.public_id}/transcript/")
        assert transcript.status_code == 200
        if True in spoken:
            assert "said aloud" in transcript.content.decode().lower()
    assert edges <= set(walk.taken), f"never taken: {sorted(edges - set(walk.taken))}"
    assert walk.visited == {s.key for s in practice.steps}, (
        f"never visited: {sorted({s.key for s in practice.steps} - walk.visited)}"
    )
    if any(s.then == "switch_roles" for s in practice.steps):
        # Swapping roles gave the other partner their turn as the speaker.
        senders = set(
            Turn.objects.filter(conversation__couple=alice.active_couple, round=2)
            .filter(step_key=practice.steps[0].key)
            .values_list("author_id", flat=True)
        )
        first = practice.steps[0]
        if first.actor == "sender":
            assert senders == {bob.pk}


@pytest.mark.parametrize("key", ["intentional-dialogue", "repair-after-rupture", "bridge-crossing"])
def test_switching_mode_half_way_keeps_the_conversation_going(
    key: str, alice, bob, alice_client, bob_client, feelings
) -> None:
    publish("practice", key, practice_data(key))
    practice = Practice.model_validate(practice_data(key))
    conv = start(alice_client, key)
    ok(bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "together"}))
    middle = practice.steps[len(practice.steps) // 2].key
    walk = Walk(practice, {alice.pk: alice_client, bob.pk: bob_client})
    conv = walk.run(conv, switch_mode_at=middle)
    assert conv.mode == "apart"
    turns = Turn.objects.filter(conversation=conv).order_by("id")
    modes = [t.spoken for t in turns if practice.step(t.step_key).input == "text"]
    written = [t.text for t in turns if not t.spoken and t.text]
    assert written, "after the switch, words are written"
    if any(s.actor != "each_private" for s in practice.steps[: len(practice.steps) // 2]):
        assert True in modes  # before it, said aloud
    page = alice_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    assert re.search(r"words for [a-z-]+", page)
