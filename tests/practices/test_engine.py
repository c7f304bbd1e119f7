"""The step engine and the gentle start-up check: pure functions, no database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from couplesafe.content.schema import Practice, Step
from practices import engine, gentle
from tests.practices.conftest import LIBRARY

SHIPPED = sorted(p.stem for p in (LIBRARY / "practices").glob("*.yaml"))


def steps(key: str) -> Practice:
    data = yaml.safe_load(Path(LIBRARY / "practices" / f"{key}.yaml").read_text())
    return Practice.model_validate(data)


def a_step(**fields: str) -> Step:
    base = {"key": "thanks", "title": "T", "instructions": "I", "waiting": "W", "input": "none"}
    return Step.model_validate({**base, **fields})


@pytest.mark.parametrize("key", SHIPPED)
def test_every_shipped_practice_can_be_run_by_the_engine(key: str) -> None:
    practice = steps(key)
    keys = {step.key for step in practice.steps}
    for step in practice.steps:
        for choice in [value for value, _ in engine.choices(step)] or [""]:
            move = engine.next_move(practice, step.key, choice)
            assert move.to in {engine.SWITCH, engine.END} or move.to in keys


def test_branches_win_then_next_then_the_following_step() -> None:
    dialogue = steps("intentional-dialogue")
    assert engine.next_move(dialogue, "check", "no").to == "correct"
    assert engine.next_move(dialogue, "check", "yes").to == "more"
    assert engine.next_move(dialogue, "correct").to == "mirror"
    assert engine.next_move(dialogue, "more", "yes").to == "send"
    assert engine.next_move(dialogue, "more", "no").to == "summary"
    assert engine.next_move(dialogue, "thanks").to == engine.SWITCH
    assert engine.next_move(steps("repair-after-rupture"), "plan").to == engine.END


def test_steps_for_both_wait_for_the_second_person() -> None:
    step = a_step(actor="both")
    assert engine.waiting_for(step, sender_id=1, receiver_id=2, answered=[2]) == [1]
    assert engine.waiting_for(step, sender_id=1, receiver_id=2, answered=[1, 2]) == []
    assert engine.actors(a_step(actor="receiver"), sender_id=1, receiver_id=2) == [2]


def test_waiting_words_name_the_partner() -> None:
    step = steps("intentional-dialogue").step("mirror")
    assert step.waiting_for("Bob") == "Bob is saying back what they heard."


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("You always leave the dishes.", "absolute"),
        ("you never listen to me", "absolute"),
        ("You're so selfish", "name"),
        ("That was stupid.", "name"),
        ("Whatever. Grow up.", "contempt"),
        ("🙄 fine", "contempt"),
        ("Oh great, thanks a lot.", "sarcasm"),
        ("Really?!", "sarcasm"),
        ("Why can't you just call?", "blame"),
    ],
)
def test_harsh_patterns_get_a_gentle_tip(text: str, kind: str) -> None:
    found = gentle.tips(text)
    assert kind in {tip.kind for tip in found}
    # Our own three-part form: one moment, how it left you, what would help.
    assert all("I felt" in tip.example and "What would help me" in tip.example for tip in found)


@pytest.mark.parametrize(
    "text",
    ["I feel lonely on Sundays and I need some time with you.", "I always love our walks.", ""],
)
def test_gentle_words_get_no_tip(text: str) -> None:
    assert gentle.tips(text) == []


def test_the_gentle_check_answers_with_a_tip_and_stores_nothing(alice_client, db) -> None:
    from practices.models import Turn

    response = alice_client.post(
        "/practices/gentle/", {"text": "You never help."}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "one moment, how it left you, and what would help" in body
    assert "you never" in body.lower()
    assert (
        alice_client.post("/practices/gentle/", {"text": "I feel tired."}).content.decode().strip()
        == ""
    )
    assert not Turn.objects.exists()


def test_check_my_wording_works_without_javascript_and_sends_nothing(
    alice_client, bob_client, dialogue
) -> None:
    from practices.models import Turn
    from tests.practices.conftest import fresh, start

    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/")
    response = alice_client.post(
        f"/practices/{conv.public_id}/turn/",
        {
            "state_version": fresh(conv).state_version,
            "text": "You always ignore me",
            "action": "check",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "A gentle idea" in page
    assert "You always ignore me" in page  # still in the box, ready to send or change
    assert not Turn.objects.exists()
