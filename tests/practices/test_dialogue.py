"""The whole Intentional Dialogue, driven by two clients through every step and loop."""

from __future__ import annotations

from practices import engine
from practices.models import Conversation, Turn
from tests.outbox.helpers import deliver_outbox
from tests.practices.conftest import answer, fresh, start, step_of


def ok(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, (response.status_code, response.content.decode()[:3000])


def test_intentional_dialogue_runs_every_step_and_loop_with_two_partners(
    alice_client, bob_client, alice, bob, dialogue, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        conv = start(alice_client, "intentional-dialogue", topic="Sunday mornings")
    deliver_outbox()
    assert conv.status == Conversation.Status.INVITED
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bob@example.com"]
    assert "Sunday" not in mailoutbox[0].body and "Sunday" not in mailoutbox[0].subject

    home = bob_client.get("/home/").content.decode()
    assert "Is now a good time?" in home
    ok(bob_client.post(f"/practices/{conv.public_id}/accept/"))
    assert fresh(conv).status == Conversation.Status.ACTIVE

    ok(answer(alice_client, conv, text="Could we talk about Sundays?"))
    assert step_of(conv) == "ready"
    ok(answer(bob_client, conv, choice="yes"))
    ok(answer(alice_client, conv, text="I feel rushed on Sunday mornings."))
    ok(answer(bob_client, conv, text="You feel rushed. Did I get that?"))
    # "Almost": the correction loops back to the mirror.
    ok(answer(alice_client, conv, choice="no"))
    assert step_of(conv) == "correct"
    ok(answer(alice_client, conv, text="Rushed and a bit alone."))
    assert step_of(conv) == "mirror"
    ok(answer(bob_client, conv, text="Rushed and alone. Did I get that?"))
    ok(answer(alice_client, conv, choice="yes"))
    assert step_of(conv) == "more"
    # "Is there more? Yes" goes back to sharing.
    ok(answer(alice_client, conv, choice="yes"))
    assert step_of(conv) == "send"
    ok(answer(alice_client, conv, text="And I miss our slow breakfasts."))
    ok(answer(bob_client, conv, text="You miss slow breakfasts. Did I get that?"))
    ok(answer(alice_client, conv, choice="yes"))
    ok(answer(alice_client, conv, choice="no"))
    assert step_of(conv) == "summary"
    ok(answer(bob_client, conv, text="So you feel rushed and miss breakfasts."))
    ok(answer(bob_client, conv, text="That makes sense, given our busy weeks."))
    assert step_of(conv) == "empathy"
    ok(answer(bob_client, conv, feelings=["lonely", "tired"], text="maybe sad"))
    ok(answer(alice_client, conv, choice="no"))
    assert step_of(conv) == "empathy-correct"
    ok(answer(alice_client, conv, text="More like lonely."))
    assert step_of(conv) == "empathy"
    ok(answer(bob_client, conv, feelings=["lonely"]))
    ok(answer(alice_client, conv, choice="yes"))
    assert step_of(conv) == "thanks"
    # Both thank each other; the step waits for the second one.
    ok(answer(bob_client, conv, text="Thank you for trusting me."))
    assert step_of(conv) == "thanks"
    ok(answer(alice_client, conv, text="Thank you for listening."))
    assert step_of(conv) == engine.SWITCH

    # Switch roles: Bob now speaks, round 2 starts from the first step.
    state = fresh(conv).state_version
    ok(
        bob_client.post(
            f"/practices/{conv.public_id}/switch/", {"state_version": state, "choice": "swap"}
        )
    )
    conv = fresh(conv)
    assert conv.sender == bob and conv.round == 2 and conv.current_step_key == "appointment"
    ok(answer(bob_client, conv, text="My turn to share?"))
    assert step_of(conv) == "ready"
    empathy = Turn.objects.filter(conversation=conv, step_key="empathy").first()
    assert empathy is not None and empathy.text == "lonely, tired\nmaybe sad"

    # Round 2, straight through to the end, then finish.
    ok(answer(alice_client, conv, choice="yes"))
    ok(answer(bob_client, conv, text="I feel tired after work."))
    ok(answer(alice_client, conv, text="You're tired. Did I get that?"))
    ok(answer(bob_client, conv, choice="yes"))
    ok(answer(bob_client, conv, choice="no"))
    ok(answer(alice_client, conv, text="Tired after work."))
    ok(answer(alice_client, conv, text="Makes sense."))
    ok(answer(alice_client, conv, feelings=["tired"]))
    ok(answer(bob_client, conv, choice="yes"))
    ok(answer(alice_client, conv, text="Thanks."))
    ok(answer(bob_client, conv, text="Thanks to you."))
    state = fresh(conv).state_version
    ok(
        alice_client.post(
            f"/practices/{conv.public_id}/switch/", {"state_version": state, "choice": "finish"}
        )
    )
    conv = fresh(conv)
    assert conv.status == Conversation.Status.COMPLETED and conv.completed_at is not None
    assert Turn.objects.filter(conversation=conv).count() == 34  # 22 in round one, 12 in round two

    page = bob_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    assert "I feel rushed on Sunday mornings." in page
    assert "Yes, that&#x27;s it" in page or "Yes, that's it" in page


def test_the_listener_sees_what_is_happening_and_the_speaker_sees_the_form(
    alice_client, bob_client, alice, bob, dialogue
) -> None:  # type: ignore[no-untyped-def]
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/")
    bob_page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Alice is asking whether now is a good time to talk." in bob_page
    assert 'name="text"' not in bob_page
    alice_page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Ask for a good moment" in alice_page and 'name="text"' in alice_page
    assert "Could we have a dialogue about…?" in alice_page


def test_empty_words_are_refused_kindly_and_nothing_is_recorded(
    alice_client, bob_client, dialogue
) -> None:  # type: ignore[no-untyped-def]
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/")
    response = answer(alice_client, conv, text="   ")
    assert response.status_code == 200
    assert "Please write a few words before sending." in response.content.decode()
    assert not Turn.objects.exists()
