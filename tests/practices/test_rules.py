"""Every rule of a guided conversation: turns, staleness, privacy, pauses, pinning, deletion."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.utils import timezone

from couplesafe.accounts import services as account_services
from couplesafe.lib import registry
from couplesafe.outbox.models import OutgoingMessage
from practices.models import Conversation, Pause, ReflectionNote, Turn
from tests.outbox.helpers import deliver_outbox
from tests.practices.conftest import answer, fresh, practice_data, publish, start, step_of


def active(alice_client, bob_client, key: str = "intentional-dialogue") -> Conversation:
    conv = start(alice_client, key, topic="Sunday mornings")
    assert bob_client.post(f"/practices/{conv.public_id}/accept/").status_code == 302
    return fresh(conv)


def test_only_the_current_actor_can_answer_and_the_other_gets_a_kind_message(
    alice_client, bob_client, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    response = answer(bob_client, conv, text="Can I go first?")
    assert response.status_code == 409
    page = response.content.decode()
    assert "It&#x27;s your partner&#x27;s turn right now" in page or "your partner's turn" in page
    assert "Can I go first?" in page  # kept, not lost
    assert not Turn.objects.exists()


def test_a_stale_page_gets_409_and_keeps_the_typed_text(alice_client, bob_client, dialogue) -> None:
    conv = active(alice_client, bob_client)
    stale = fresh(conv).state_version
    answer(alice_client, conv, text="I feel rushed.")
    answer(bob_client, conv, text="You feel rushed. Did I get that?")
    # Alice's second tab still shows the old step.
    response = alice_client.post(
        f"/practices/{conv.public_id}/turn/",
        {"state_version": stale, "text": "Words from the old tab"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Words from the old tab" in fragment
    assert Turn.objects.count() == 2


def test_a_double_click_records_one_answer(alice_client, bob_client, dialogue) -> None:
    conv = active(alice_client, bob_client)
    state = fresh(conv).state_version
    data = {"state_version": state, "text": "Is now a good time?"}
    first = alice_client.post(f"/practices/{conv.public_id}/turn/", data)
    second = alice_client.post(f"/practices/{conv.public_id}/turn/", data)
    assert (first.status_code, second.status_code) == (302, 409)
    assert Turn.objects.count() == 1


def test_in_a_step_for_both_the_partner_finishing_first_does_not_make_my_page_stale(
    alice_client, bob_client, repair
) -> None:
    conv = active(alice_client, bob_client, "repair-after-rupture")
    page_state = fresh(conv).state_version
    assert answer(alice_client, conv, choice="ready").status_code == 302
    response = bob_client.post(
        f"/practices/{conv.public_id}/turn/", {"state_version": page_state, "choice": "ready"}
    )
    assert response.status_code == 302
    assert step_of(conv) == "felt"
    again = bob_client.post(
        f"/practices/{conv.public_id}/turn/", {"state_version": page_state, "choice": "ready"}
    )
    assert again.status_code == 409


def test_repair_keeps_each_ones_words_private_until_both_have_written(
    alice_client, bob_client, alice, bob, repair
) -> None:
    conv = active(alice_client, bob_client, "repair-after-rupture")
    answer(alice_client, conv, choice="ready")
    answer(bob_client, conv, choice="ready")
    assert answer(alice_client, conv, feelings=["hurt", "lonely"]).status_code == 302
    bob_page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "hurt, lonely" not in bob_page
    bob_transcript = bob_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    assert "hurt, lonely" not in bob_transcript
    alice_page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "hurt, lonely" in alice_page  # her own words, always
    assert "Bob is still choosing their feelings" in alice_page
    answer(bob_client, conv, feelings=["anxious"])
    assert step_of(conv) == "my-side"
    bob_page = bob_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "hurt, lonely" in bob_page
    # Then each side privately, then turns; the repair ends with both plans.
    answer(alice_client, conv, text="From where I stood, dinner went cold.")
    assert (
        "dinner went cold"
        not in bob_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    )
    answer(bob_client, conv, text="I was stuck on a call.")
    assert (
        "dinner went cold"
        in bob_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    )
    # Each side is written once: the partner says it back, no second writing of it.
    answer(bob_client, conv, text="You felt alone. That makes sense.")
    answer(alice_client, conv, choice="no")
    assert step_of(conv) == "sender-clarify"
    answer(alice_client, conv, text="And unimportant.")
    answer(bob_client, conv, text="Alone and unimportant.")
    answer(alice_client, conv, choice="yes")
    answer(alice_client, conv, text="You were stuck. Makes sense.")
    answer(bob_client, conv, choice="yes")
    assert step_of(conv) == "set-up"
    answer(alice_client, conv, text="Old stuff about being forgotten.")
    answer(bob_client, conv, text="A long week of deadlines.")
    answer(alice_client, conv, text="Now I understand the pressure.")
    answer(bob_client, conv, text="I see why it hurt.")
    answer(alice_client, conv, text="My part was going silent. I'm sorry.")
    answer(bob_client, conv, choice="no")  # "I need a little more time" is an answer too
    answer(bob_client, conv, text="My part was not texting. I'm sorry.")
    answer(alice_client, conv, choice="yes")
    assert step_of(conv) == "plan"
    answer(bob_client, conv, text="Next time, I will text.")
    answer(alice_client, conv, text="Next time, I will say it sooner.")
    conv = fresh(conv)
    assert conv.status == Conversation.Status.COMPLETED
    done = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Turn it into a reminder" in done


def test_a_repair_plan_becomes_a_daily_reminder_without_words(
    alice_client, bob_client, alice, repair
) -> None:
    from rituals.models import ReminderSchedule

    conv = active(alice_client, bob_client, "repair-after-rupture")
    no_plan = alice_client.post(
        f"/practices/{conv.public_id}/plan-reminder/", {"local_time": "08:30"}
    )
    assert no_plan.status_code == 302
    assert not ReminderSchedule.objects.filter(user=alice).exists()
    Turn.objects.create(
        conversation=conv, author=alice, step_key="plan", visit=999, text="I will text."
    )
    response = alice_client.post(
        f"/practices/{conv.public_id}/plan-reminder/", {"local_time": "08:30"}
    )
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(user=alice)
    assert schedule.kind == "commitment" and schedule.local_time == dt.time(8, 30)


def test_either_partner_can_pause_and_both_see_a_break_screen_without_words(
    alice_client, bob_client, alice, bob, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    answer(alice_client, conv, text="A private sentence about Sundays")
    assert (
        bob_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 30}).status_code == 302
    )
    assert fresh(conv).status == Conversation.Status.PAUSED
    for client in (alice_client, bob_client):
        page = client.get(f"/practices/{conv.public_id}/").content.decode()
        assert "Taking a break" in page and 'class="breath"' in page
        assert "A private sentence" not in page and "Sunday mornings" not in page
    refused = answer(bob_client, conv, choice="yes")
    assert refused.status_code == 409 and Turn.objects.count() == 1
    # Alice did not ask for the break: she can carry on only once the return time has come.
    early = alice_client.post(f"/practices/{conv.public_id}/resume/")
    assert early.status_code == 409
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert alice_client.post(f"/practices/{conv.public_id}/resume/").status_code == 302
    conv = fresh(conv)
    assert conv.status == Conversation.Status.ACTIVE
    pause = Pause.objects.get()
    assert pause.paused_by == bob and pause.ended_at is not None


def test_the_pauser_can_come_back_whenever_they_are_ready(
    alice_client, bob_client, alice, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    alice_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 1440})
    assert Pause.objects.get().return_at - Pause.objects.get().started_at == dt.timedelta(hours=24)
    assert alice_client.post(f"/practices/{conv.public_id}/resume/").status_code == 302
    assert fresh(conv).status == Conversation.Status.ACTIVE


def test_a_break_lasts_from_twenty_minutes_to_a_day(alice_client, bob_client, dialogue) -> None:
    conv = active(alice_client, bob_client)
    short = alice_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 19})
    assert short.status_code == 200 and "at least 20 minutes" in short.content.decode()
    long = alice_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 24 * 60 + 1})
    assert long.status_code == 200 and "within 24 hours" in long.content.decode()
    assert not Pause.objects.exists()
    assert (
        alice_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 20}).status_code == 302
    )


def test_a_conversation_keeps_the_version_it_started_with(
    alice_client, bob_client, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    changed = practice_data("intentional-dialogue")
    changed["steps"][0]["title"] = "A brand new first step"
    publish("practice", "intentional-dialogue", changed, number=2)
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "Share one thing" in page and "A brand new first step" not in page
    newer = start(alice_client, "intentional-dialogue")
    assert newer.version.number == 2 and fresh(conv).version == dialogue


def test_the_poll_answers_204_until_something_changes_then_the_fresh_region(
    alice_client, bob_client, dialogue, django_assert_num_queries
) -> None:
    conv = active(alice_client, bob_client)
    url = f"/practices/{conv.public_id}/version/"
    state = fresh(conv).state_version
    unchanged = bob_client.get(url, {"v": state}, HTTP_HX_REQUEST="true")
    assert unchanged.status_code == 204 and unchanged.content == b""
    answer(alice_client, conv, text="Is now good?")
    changed = bob_client.get(url, {"v": state}, HTTP_HX_REQUEST="true")
    body = changed.content.decode()
    assert changed.status_code == 200 and "<html" not in body
    assert "Alice finished “Share one thing”." in body  # the aria-live announcement
    assert f"v={state + 1}" in body
    assert "Say it back" in body


def test_strangers_get_404_on_the_poll_and_the_page(
    carol_client, alice_client, bob_client, theo, dialogue
) -> None:
    from tests.conftest import client_for

    conv = active(alice_client, bob_client)
    for client in (carol_client, client_for(theo)):
        assert client.get(f"/practices/{conv.public_id}/version/", {"v": 0}).status_code == 404
        assert client.get(f"/practices/{conv.public_id}/").status_code == 404
        assert client.post(f"/practices/{conv.public_id}/delete/").status_code == 404
    assert Conversation.objects.filter(pk=conv.pk).exists()


def test_the_page_and_actions_answer_htmx_with_a_fragment(
    alice_client, bob_client, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    page = alice_client.get(
        f"/practices/{conv.public_id}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in page and 'id="conversation-live"' in page
    full = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "<html" in full and 'aria-live="polite"' in full
    sent = alice_client.post(
        f"/practices/{conv.public_id}/turn/",
        {"state_version": fresh(conv).state_version, "text": "Now?"},
        HTTP_HX_REQUEST="true",
    )
    assert sent.status_code == 200 and "<html" not in sent.content.decode()
    assert "Bob is saying back what they heard." in sent.content.decode()


def test_wrong_methods_get_405(alice_client, dialogue, bob_client) -> None:
    conv = active(alice_client, bob_client)
    assert alice_client.get(f"/practices/{conv.public_id}/turn/").status_code == 405
    assert alice_client.post(f"/practices/{conv.public_id}/version/").status_code == 405
    assert alice_client.post(f"/practices/{conv.public_id}/").status_code == 405
    assert alice_client.get(f"/practices/{conv.public_id}/resume/").status_code == 405
    assert alice_client.get("/practices/gentle/").status_code == 405


def test_anonymous_people_are_sent_to_log_in(client, alice_client, bob_client, dialogue) -> None:
    conv = active(alice_client, bob_client)
    for url in (
        f"/practices/{conv.public_id}/",
        f"/practices/{conv.public_id}/version/",
        "/practices/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_private_note_is_never_shown_to_the_partner(
    alice_client, bob_client, alice, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    assert alice_client.get(f"/practices/{conv.public_id}/note/").status_code == 200
    alice_client.post(f"/practices/{conv.public_id}/note/", {"text": "I was nervous today."})
    assert ReflectionNote.objects.get(author=alice).text == "I was nervous today."
    assert (
        "I was nervous today."
        in alice_client.get(f"/practices/{conv.public_id}/transcript/").content.decode()
    )
    for url in ("/", "transcript/", "note/"):
        assert (
            "I was nervous"
            not in bob_client.get(
                f"/practices/{conv.public_id}/{url}".replace("//", "/")
            ).content.decode()
        )
    alice_client.post(f"/practices/{conv.public_id}/note/", {"text": ""})
    assert not ReflectionNote.objects.exists()


def test_either_partner_can_delete_for_both_after_confirming(
    alice_client, bob_client, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    confirm = bob_client.get(f"/practices/{conv.public_id}/delete/")
    assert "for both of you" in confirm.content.decode()
    assert Conversation.objects.filter(pk=conv.pk).exists()
    assert bob_client.post(f"/practices/{conv.public_id}/delete/").status_code == 302
    assert not Conversation.objects.filter(pk=conv.pk).exists()
    assert alice_client.get(f"/practices/{conv.public_id}/").status_code == 404


def test_the_partner_can_suggest_another_time(alice_client, bob_client, dialogue) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bad = bob_client.post(f"/practices/{conv.public_id}/propose/", {"when": ""})
    assert bad.status_code == 200 and "Please choose a day and time." in bad.content.decode()
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert (
        bob_client.post(f"/practices/{conv.public_id}/propose/", {"when": when}).status_code == 302
    )
    assert (
        fresh(conv).proposed_for is not None and fresh(conv).status == Conversation.Status.INVITED
    )
    assert "Bob suggested" in alice_client.get(f"/practices/{conv.public_id}/").content.decode()


def test_leaving_replaces_the_leavers_turns_with_a_removed_marker(
    alice_client, bob_client, alice, bob, couple, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    answer(alice_client, conv, text="Alice's words")
    answer(bob_client, conv, text="Bob's mirror")
    answer(alice_client, conv, choice="no")
    answer(alice_client, conv, text="More of Alice's words")
    ReflectionNote.objects.create(conversation=conv, author=alice, text="mine")
    ReflectionNote.objects.create(conversation=conv, author=bob, text="his")
    exported = next(h for h in registry.data_handlers() if h.name == "practices").export(alice)
    assert exported["conversations"][0]["my_private_note"] == "mine"
    assert "his" not in str(exported)
    account_services.couple_leave(user=alice)
    alice_turns = Turn.objects.filter(author=alice)
    assert alice_turns.count() == 3 and all(t.removed and t.text == "" for t in alice_turns)
    assert Turn.objects.get(author=bob, step_key="mirror").text == "Bob's mirror"
    assert list(ReflectionNote.objects.values_list("text", flat=True)) == ["his"]
    assert fresh(conv).topic == ""


def test_home_shows_the_invitation_and_nav_has_conversations(
    alice_client, bob_client, dialogue
) -> None:
    conv = start(alice_client, "intentional-dialogue")
    bob_home = bob_client.get("/home/").content.decode()
    assert (
        "Alice would like to talk" in bob_home
        and f"/practices/{conv.public_id}/" in bob_home
        and "Answer: now, later, or not this topic" in bob_home
    )
    alice_home = alice_client.get("/home/").content.decode()
    assert "Is now a good time?" not in alice_home and "Intentional Dialogue" in alice_home
    assert 'href="/practices/"' in alice_home
    listing = alice_client.get("/practices/").content.decode()
    # The list shows what is under way; a new one starts from the practice library.
    assert "Intentional Dialogue" in listing and 'href="/content/practices/"' in listing
    library = alice_client.get("/content/practices/").content.decode()
    assert "/practices/start/intentional-dialogue/" in library


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": __import__("django.conf", fromlist=["settings"]).settings.CELERY_BROKER_URL,
        "KEY_PREFIX": "practices-tests",
    }
}


def poll_url(page: str) -> str:
    import html
    import re

    return html.unescape(re.search(r'hx-get="([^"]+/version/[^"]+)"', page).group(1))


def test_with_a_shared_cache_an_unchanged_poll_needs_no_database_at_all(
    alice_client,
    bob_client,
    carol_client,
    dialogue,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
) -> None:
    settings.CACHES = REDIS_CACHE
    conv = active(alice_client, bob_client)
    url = poll_url(bob_client.get(f"/practices/{conv.public_id}/").content.decode())
    assert "&t=" in url
    bob_client.get(url)  # the first poll may fill the cache from the database
    with django_assert_num_queries(0):
        assert bob_client.get(url).status_code == 204
    # Bob's token is no use to anyone else's session: Carol goes the full way, to a 404.
    assert carol_client.get(url).status_code == 404
    # A change reaches Bob at once.
    answer(alice_client, conv, text="Is now good?")
    changed = bob_client.get(url)
    assert changed.status_code == 200 and "Say it back" in changed.content.decode()
    # After a delete for both, the poll is a 404 again, not a cached 204.
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(f"/practices/{conv.public_id}/delete/")
    assert bob_client.get(poll_url(changed.content.decode())).status_code == 404


def test_an_expired_poll_token_gets_a_fresh_region_with_a_new_token(
    alice_client, bob_client, dialogue, settings
) -> None:
    settings.CACHES = REDIS_CACHE
    conv = active(alice_client, bob_client)
    url = poll_url(bob_client.get(f"/practices/{conv.public_id}/").content.decode())
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        response = bob_client.get(url)
    assert response.status_code == 200
    assert poll_url(response.content.decode()) != url


def test_the_partners_break_screen_offers_to_carry_on_once_the_return_time_comes(
    alice_client, bob_client, dialogue
) -> None:
    conv = active(alice_client, bob_client)
    bob_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 20})
    page = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    assert "I&#x27;m ready to carry on" not in page and "I'm ready to carry on" not in page
    url = poll_url(page)
    assert "wait=1" in url
    assert alice_client.get(url).status_code == 204
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=21)):
        later = alice_client.get(url)
    assert later.status_code == 200 and "ready to carry on" in later.content.decode()


def test_words_being_typed_survive_a_break_in_the_page(alice_client, bob_client, dialogue) -> None:
    conv = active(alice_client, bob_client)
    before = alice_client.get(f"/practices/{conv.public_id}/").content.decode()
    bob_client.post(f"/practices/{conv.public_id}/pause/", {"minutes": 20})
    during = alice_client.get(
        f"/practices/{conv.public_id}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    box_id = f'id="v{fresh(conv).visit}-text"'
    # The same preserved box is in both, so htmx carries the typed words across the break.
    assert box_id in before and box_id in during and 'hx-preserve="true"' in during


def test_a_double_click_on_ask_sends_one_invitation(
    alice_client, dialogue, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = start(alice_client, "intentional-dialogue")
        second = start(alice_client, "intentional-dialogue")
    deliver_outbox()
    assert first == second and Conversation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_mail_server_failure_does_not_stop_the_invitation(
    alice_client, bob_client, dialogue, settings, django_capture_on_commit_callbacks, caplog
) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        conv = start(alice_client, "intentional-dialogue")
    assert "Alice would like to talk" in bob_client.get("/home/").content.decode()
    assert fresh(conv).status == Conversation.Status.INVITED
    # The invitation email waits in the outbox; the send fails there, recorded, not lost.
    assert deliver_outbox() == ["failed"]
    message = OutgoingMessage.objects.get(kind="conversation_invite")
    assert "Connection" in message.error and message.to == "bob@example.com"
    assert "Weekend plans" not in caplog.text and "bob@example.com" not in caplog.text


def test_a_conversation_invitation_to_a_person_whose_name_has_a_line_break_arrives(
    alice, bob, alice_client, dialogue, smtp_server, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    type(alice).objects.filter(pk=alice.pk).update(display_name="Alice\nMarie")
    type(bob).objects.filter(pk=bob.pk).update(display_name="Bob\r\nLee")
    with django_capture_on_commit_callbacks(execute=True):
        start(alice_client, "intentional-dialogue")
    assert deliver_outbox() == ["sent"]
    [received] = smtp_server.messages()
    assert received["To"] == "bob@example.com"
    assert received["Subject"] == "Alice Marie would like to talk with you on CoupleSafe"


def test_a_partner_whose_address_is_unconfirmed_is_asked_on_the_page_but_not_by_email(
    alice, bob, alice_client, dialogue, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    type(bob).objects.filter(pk=bob.pk).update(email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = start(alice_client, "intentional-dialogue")  # asserts the redirect
    assert fresh(conversation).status == Conversation.Status.INVITED
    assert not OutgoingMessage.objects.filter(kind="conversation_invite").exists()


def test_asking_for_a_conversation_buzzes_the_partners_phone_without_any_words(
    alice_client, bob, dialogue, push_service, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from couplesafe.outbox.models import PushSubscription

    phone = push_service.new_device()
    data = phone.subscription_json()
    PushSubscription.objects.create(
        user=bob,
        endpoint=data["endpoint"],
        p256dh=data["keys"]["p256dh"],
        auth=data["keys"]["auth"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        conv = start(alice_client, "intentional-dialogue", topic="SECRET-TOPIC-MARKER")
    deliver_outbox()
    [payload] = push_service.payloads(phone)
    assert payload["title"] == "Alice would like to talk"
    assert payload["url"] == f"/practices/{conv.public_id}/"
    assert "SECRET-TOPIC-MARKER" not in str(payload)


def test_home_starts_the_quick_repair_and_todays_practice_in_one_tap(
    alice, alice_client, bob_client, library
) -> None:
    from practices.home import NOT_DAILY

    seen = set()
    for day in range(7):
        with time_machine.travel(dt.datetime(2026, 3, 1 + day, 12, tzinfo=dt.UTC), tick=False):
            home = alice_client.get("/home/").content.decode()
            # Both partners get the same practice on the same date.
            assert re.search(r"Today's practice: ([^<]+)<", home).group(1) in (
                bob_client.get("/home/").content.decode()
            )
        assert 'href="/practices/start/quick-repair/">Quick repair (5 minutes)' in home
        seen.add(re.search(r'href="/practices/start/([a-z-]+)/">Today', home).group(1))
    assert len(seen) > 1 and not seen & NOT_DAILY  # it changes from day to day, never a repair
    assert alice_client.get("/practices/start/quick-repair/").status_code == 200


def test_feeling_words_being_picked_stay_when_the_partner_answers_first(
    alice_client, bob_client, repair
) -> None:
    conv = start(alice_client, "repair-after-rupture")
    bob_client.post(f"/practices/{conv.public_id}/accept/", {"mode": "apart"})
    for client in (alice_client, bob_client):
        answer(client, conv, choice="ready")
    assert step_of(conv) == "felt"
    url = f"/practices/{conv.public_id}/"
    groups = re.compile(r'<div id="(v\d+-feeling-groups)" hx-preserve="true">')
    before = groups.search(alice_client.get(url).content.decode()).group(1)
    answer(bob_client, conv, text="tired")
    # The region Alice's page fetches after Bob's answer keeps the same preserved element,
    # so htmx leaves her open groups and ticked words as they were.
    region = alice_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert groups.search(region).group(1) == before
