"""The flow of #13: one consent, agreeing on a time end to end, not now honoured, together or
apart, a step counter that only counts up, coaching only where content asks, a way back
after a break."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import strip_tags

from practices import scheduling
from practices.forms import ProposeForm
from practices.models import Conversation, Turn
from tests.outbox.helpers import deliver_outbox
from tests.practices.conftest import answer, fresh, practice_data, publish, start, step_of

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def repair_phrases(db):
    import yaml

    from tests.practices.conftest import LIBRARY

    data = yaml.safe_load((LIBRARY / "words" / "repair-phrases.yaml").read_text())
    return publish("words", "repair-phrases", data)


@pytest.fixture
def quick(db, feelings):
    return publish("practice", "quick-repair", practice_data("quick-repair"))


def zones(alice, bob, mine: str, theirs: str) -> None:
    alice.time_zone, bob.time_zone = mine, theirs
    alice.save(update_fields=["time_zone"])
    bob.save(update_fields=["time_zone"])


def ok(response) -> None:
    assert response.status_code == 302, (response.status_code, response.content.decode()[:2000])


def test_one_consent_the_invited_partner_says_now_and_the_dialogue_begins(
    alice_client, bob_client, dialogue
) -> None:
    conv = start(alice_client, "intentional-dialogue", topic="Sunday mornings")
    page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Is now a good time?" in page and "Sunday mornings" in page
    assert page.count("Sunday mornings") == 1  # the starter's words, once
    assert "Not this topic for now" in page and "Later: suggest a time" in page
    ok(bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"}))
    conv = fresh(conv)
    assert conv.status == Conversation.Status.ACTIVE and conv.mode == "apart"
    # No second "is now a good time?": the first step is the method's own first step.
    assert conv.current_step_key == "send"
    assert "Share one thing" in alice_client.get(f"/practices/{conv.public_id}/").content.decode()


def test_the_starter_cannot_answer_their_own_invitation(alice_client, dialogue) -> None:
    conv = start(alice_client, "intentional-dialogue")
    refused = alice_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    assert refused.status_code == 409
    assert "Your partner answers this invitation." in refused.content.decode()
    assert fresh(conv).status == Conversation.Status.INVITED


def test_a_time_typed_in_berlin_is_read_on_the_berlin_clock() -> None:
    with time_machine.travel(NOW, tick=False):
        form = ProposeForm({"when": "2026-12-03T10:00"}, tz_name="Europe/Berlin")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["when"] == dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-11-30T10:00", "That time has already passed. Please choose one still to come."),
        (
            "2027-01-15T10:00",
            "Please choose a time within the next 30 days, so the conversation stays fresh.",
        ),
        ("soon", "Please choose a day and time, like 2026-12-03 19:30."),
    ],
)
def test_times_in_the_past_or_more_than_30_days_ahead_are_refused_kindly(
    typed: str, message: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        form = ProposeForm({"when": typed}, tz_name="Europe/Berlin")
        assert not form.is_valid()
        assert form.errors["when"] == [message]


def test_a_time_skipped_by_the_clocks_changing_is_refused_kindly() -> None:
    with time_machine.travel(dt.datetime(2027, 3, 20, 12, 0, tzinfo=dt.UTC), tick=False):
        form = ProposeForm({"when": "2027-03-28T02:30"}, tz_name="Europe/Berlin")
        assert not form.is_valid()
        assert "The clocks change" in form.errors["when"][0]


def test_agreeing_on_a_time_end_to_end_with_both_clocks_and_a_reminder_for_both(
    alice, bob, alice_client, bob_client, dialogue, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    zones(alice, bob, "America/New_York", "Europe/Berlin")
    with time_machine.travel(NOW, tick=False):
        conv = start(alice_client, "intentional-dialogue", topic="Sunday mornings")
        mailoutbox.clear()
        # Bob (Berlin) suggests 20:00 his time; the page keeps what he typed on a bad try.
        bad = bob_client.post(f"/practices/{conv.public_id}/propose/", {"when": "2026-11-01T20:00"})
        assert bad.status_code == 200 and "already passed" in bad.content.decode()
        ok(bob_client.post(f"/practices/{conv.public_id}/propose/", {"when": "2026-12-02T20:00"}))
        conv = fresh(conv)
        assert conv.proposed_for == dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
        assert conv.proposed_by == bob and conv.status == Conversation.Status.INVITED
        # Alice sees it on her clock, with Bob's beside it, and can accept, move or decline.
        page = strip_tags(alice_client.get(f"/practices/{conv.public_id}/").content.decode())
        assert "Bob suggested a time" in page
        assert "Wednesday 2 December, 14:00" in page and "20:00 on Wednesday for Bob" in page
        assert "Yes, that time works" in page and "Suggest another time" in page
        # Bob waits: no buttons to answer his own suggestion.
        bob_page = strip_tags(bob_client.get(f"/practices/{conv.public_id}/").content.decode())
        assert "You suggested this time." in bob_page and "Yes, that time works" not in bob_page
        assert (
            "Wednesday 2 December, 20:00" in bob_page and "14:00 on Wednesday for Alice" in bob_page
        )
        assert bob_client.post(f"/practices/{conv.public_id}/agree/").status_code == 409
        ok(alice_client.post(f"/practices/{conv.public_id}/agree/"))
        conv = fresh(conv)
        assert conv.status == Conversation.Status.SCHEDULED
        assert conv.agreed_for == dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
        home = strip_tags(alice_client.get("/home/").content.decode())
        assert "agreed for Wednesday 2 December, 14:00 (your time)" in home
        assert "That's 20:00 for Bob." in home
        assert scheduling.agreed_reminders_send() == 0  # not yet
    with time_machine.travel(conv.agreed_for + dt.timedelta(seconds=30), tick=False):
        deliver_outbox()  # what was already queued (the invitation to Bob)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert scheduling.agreed_reminders_send() == 1
            assert scheduling.agreed_reminders_send() == 0  # claimed once, never twice
        deliver_outbox()
        assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.com", "bob@example.com"]
        for message in mailoutbox:
            assert "Sunday" not in message.body and "Sunday" not in message.subject
            assert f"/practices/{conv.public_id}/" in message.body
        page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
        assert "It's the time you agreed" in page
        # The dialogue at that time: either of them begins.
        ok(bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "together"}))
        assert fresh(conv).status == Conversation.Status.ACTIVE
        assert fresh(conv).mode == "together"


def test_not_this_topic_for_now_sets_it_aside_kindly_for_both(
    alice_client, bob_client, dialogue
) -> None:
    conv = start(alice_client, "intentional-dialogue")
    ok(bob_client.post(f"/practices/{conv.public_id}/decline/"))
    assert fresh(conv).status == Conversation.Status.DECLINED
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "would rather not talk about this topic for now" in page
    assert (
        bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"}).status_code
        == 409
    )
    assert "Not for now" in alice_client.get("/practices/").content.decode()


def test_the_step_counter_counts_up_through_loops(alice_client, bob_client, dialogue) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    seen = []
    for client, kwargs in [
        (alice_client, {"text": "I feel rushed."}),
        (bob_client, {"text": "You feel rushed?"}),
        (alice_client, {"choice": "no"}),  # back round: correct, then mirror again
        (alice_client, {"text": "And alone."}),
        (bob_client, {"text": "Rushed and alone?"}),
        (alice_client, {"choice": "yes"}),
        (alice_client, {"choice": "yes"}),  # is there more? yes: share again
    ]:
        ok(answer(client, conv, **kwargs))
        page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
        seen.append(int(page.split("Step ", 1)[1].split(" ", 1)[0].split("<", 1)[0]))
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert step_of(conv) == "send" and "going round again" in page
    ok(answer(alice_client, conv, text="More about it."))
    page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert step_of(conv) == "mirror" and "going round again" not in page  # out of the loop


def test_together_in_one_room_words_are_said_aloud_and_recorded_without_them(
    alice_client, bob_client, dialogue
) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "together"})
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Done, I said it" in page and "Sit facing each other" in page
    assert "A short note to remember" in page
    ok(answer(alice_client, conv, text=""))  # said aloud, nothing typed
    listener = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Say back what you heard, out loud" in listener and "Said aloud" in listener
    # Switch mid-way: now apart, the next step asks for typed words again.
    ok(bob_client.post(f"/practices/{conv.public_id}/mode/", {"mode": "apart"}))
    refused = answer(bob_client, conv, text="")
    assert refused.status_code == 200 and "Please write a few words" in refused.content.decode()
    ok(answer(bob_client, conv, text="You feel rushed. Did I get that?"))
    first, second = Turn.objects.order_by("id")
    assert first.spoken and first.text == "" and not second.spoken
    transcript = alice_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    assert "Said aloud" in transcript


def test_gentle_coaching_only_on_steps_content_marks(alice_client, bob_client, dialogue) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    sharing = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Check my wording" in sharing and 'hx-post="/practices/gentle/"' in sharing
    answer(alice_client, conv, text="I feel rushed.")
    mirror = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Check my wording" not in mirror and 'hx-post="/practices/gentle/"' not in mirror
    # "you always make me laugh" in a mirror is sent as it is, with no tip.
    checked = answer(bob_client, conv, text="You always make me laugh", action="check")
    assert checked.status_code == 302 and "A gentle idea" not in checked.content.decode()


def test_repair_phrases_are_in_reach_and_a_break_ends_with_ready_to_go_on(
    alice_client, bob_client, dialogue, repair_phrases
) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Say it another way" in page and "Could we stop here for a moment?" in page
    ok(alice_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 20}))
    ok(alice_client.post(f"/practices/{conv.public_id}/resume/"))
    for client in (alice_client, bob_client):
        assert "Ready to go on?" in client.get(f"/practices/{conv.public_id}/").content.decode()
    assert answer(alice_client, conv, text="Back to it").status_code == 409
    ok(alice_client.post(f"/practices/{conv.public_id}/regroup/"))
    assert fresh(conv).regrouping
    assert (
        "Waiting for Bob to be ready too"
        in alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    )
    ok(bob_client.post(f"/practices/{conv.public_id}/regroup/"))
    assert not fresh(conv).regrouping
    ok(answer(alice_client, conv, text="Back to it"))


def test_the_quick_repair_takes_four_small_steps_for_both(alice_client, bob_client, quick) -> None:
    conv = start(alice_client, "quick-repair")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    ok(answer(alice_client, conv, feelings=["hurt"]))
    ok(answer(bob_client, conv, feelings=["tired"]))
    for key, words in [
        ("own-part", "My part was snapping."),
        ("phrase", "Can we start this morning over?"),
        ("wish", "A slower breakfast."),
    ]:
        assert step_of(conv) == key
        ok(answer(alice_client, conv, text=words))
        ok(answer(bob_client, conv, text=words))
    conv = fresh(conv)
    assert conv.status == Conversation.Status.COMPLETED
    assert Turn.objects.filter(conversation=conv).count() == 8
    assert timezone.now() - conv.completed_at < dt.timedelta(minutes=1)
