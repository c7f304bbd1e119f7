"""The private check: offered gently, answered privately, kept encrypted, deletable."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.utils import timezone

from safety import questions, services
from safety.models import SafetyCheck

ALL_NO = {q.key: questions.NO for q in questions.QUESTIONS}


def test_the_check_is_offered_on_the_home_page_of_a_partner_who_joined_a_couple(
    alice_client,
) -> None:
    page = alice_client.get("/home/").content.decode()
    assert "A private moment, just for you" in page
    assert "/safety/check/" in page


def test_not_now_puts_the_offer_off_for_about_a_month(alice, alice_client) -> None:
    response = alice_client.post("/safety/check/later/")
    assert response.status_code == 302
    assert "A private moment" not in alice_client.get("/home/").content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(days=29), tick=False):
        assert not services.check_is_due(alice)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31), tick=False):
        assert services.check_is_due(alice)


def test_a_person_without_a_couple_or_a_therapist_is_not_offered_the_check(solo, theo) -> None:
    assert not services.check_is_due(solo)
    assert not services.check_is_due(theo)


def test_an_all_clear_check_thanks_the_person_and_goes_home(alice, alice_client) -> None:
    response = alice_client.post("/safety/check/", ALL_NO, follow=True)
    assert response.redirect_chain[-1][0] == "/home/"
    assert "Your answers stay private to you" in response.content.decode()
    assert questions.result_of(SafetyCheck.objects.get(user=alice).answers) == questions.CLEAR
    assert "A private moment" not in response.content.decode()


def test_an_answer_that_signals_danger_leads_to_the_calm_support_page(alice_client) -> None:
    answers = {**ALL_NO, "afraid": questions.SOMETIMES}
    response = alice_client.post("/safety/check/", answers, follow=True)
    page = response.content.decode()
    # The address says nothing about the answers: it is the same page anyone can open.
    assert response.redirect_chain[-1][0] == "/safety/support/"
    assert "Joint exercises are not recommended while you feel unsafe" in page
    assert "Step back for now" in page
    assert "check-in private" in page
    assert "Tell my therapist privately" in page
    # It never blocks: the page links on to the rest of the app like any other.
    assert 'href="/home/"' in page


def test_id_rather_not_say_is_always_an_answer_and_is_the_starting_choice(
    alice, alice_client
) -> None:
    page = alice_client.get("/safety/check/").content.decode()
    assert page.count("I&#x27;d rather not say") == len(questions.QUESTIONS)
    assert page.count('value="pass"') == len(questions.QUESTIONS)
    response = alice_client.post(
        "/safety/check/", {q.key: questions.PASS for q in questions.QUESTIONS}, follow=True
    )
    assert "Thank you for taking a moment" in response.content.decode()
    assert questions.result_of(SafetyCheck.objects.get(user=alice).answers) == questions.UNSURE


def test_a_made_up_answer_is_refused_kindly_and_keeps_the_other_answers(
    alice, alice_client
) -> None:
    answers = {**ALL_NO, "hurt": "maybe", "afraid": questions.YES}
    response = alice_client.post("/safety/check/", answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose one of the answers shown." in page
    assert 'value="yes" required id="id_afraid_2" checked' in page or (
        'name="afraid" value="yes"' in page and "checked" in page
    )
    assert not SafetyCheck.objects.exists()


def test_answers_are_encrypted_at_rest(alice) -> None:
    check = services.check_record(user=alice, answers={**ALL_NO, "controlled": questions.YES})
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM safety_safetycheck WHERE id = %s", [check.pk])
        raw = cursor.fetchone()[0]
    assert "controlled" not in raw and "yes" not in raw
    assert SafetyCheck.objects.get(pk=check.pk).answers["controlled"] == questions.YES


def test_the_person_can_read_and_delete_their_own_answers(alice, alice_client) -> None:
    check = services.check_record(user=alice, answers={**ALL_NO, "forced": questions.YES})
    page = alice_client.get("/safety/").content.decode()
    assert "Yes, often" in page
    alice_client.post(f"/safety/check/{check.public_id}/delete/")
    assert not SafetyCheck.objects.filter(pk=check.pk).exists()
    # Deleting does not make the check nag again straight away.
    assert not services.check_is_due(alice)


def test_a_partner_cannot_delete_the_others_answers(alice, bob_client) -> None:
    check = services.check_record(user=alice, answers=ALL_NO)
    assert bob_client.post(f"/safety/check/{check.public_id}/delete/").status_code == 404
    assert SafetyCheck.objects.filter(pk=check.pk).exists()


OFFER = "Before a conversation about something hard"


def test_the_check_is_offered_before_the_first_repair_conversation_without_holding_it_up(
    alice, alice_client, library
) -> None:
    start = "/practices/start/repair-after-rupture/"
    page = alice_client.get(start).content.decode()
    assert OFFER in page
    assert 'name="topic"' in page  # the practice itself is right there, never held back
    # "Not now" goes straight back to where they were, and it is not offered again.
    back = alice_client.post("/safety/check/later/", {"next": start, "moment": "hard-talk"})
    assert back["Location"] == start
    assert OFFER not in alice_client.get(start).content.decode()
    assert (
        OFFER not in alice_client.get("/practices/start/frustration-to-longing/").content.decode()
    )


def test_the_offer_shows_on_the_conversation_page_for_the_partner_who_was_invited(
    alice_client, bob_client, library
) -> None:
    from tests.practices.conftest import start

    conv = start(alice_client, "frustration-to-longing")
    assert OFFER in bob_client.get(f"/practices/{conv.public_id}/").content.decode()


def test_an_answered_check_this_month_means_no_offer_before_a_repair(
    alice, alice_client, library
) -> None:
    services.check_record(user=alice, answers=ALL_NO)
    page = alice_client.get("/practices/start/frustration-to-longing/").content.decode()
    assert OFFER not in page


def test_other_practices_never_show_the_offer(alice_client, library) -> None:
    assert OFFER not in alice_client.get("/practices/start/appreciation-dialogue/").content.decode()
