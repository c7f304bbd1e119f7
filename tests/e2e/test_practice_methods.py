"""Every practice, on two phones, through every branch, together in one room and apart; and
"not now" → an agreed time → the reminder → the dialogue at that time.

The driver reads the conversation's current step from the database and acts on the page of
the partner whose turn it is, the way that person would (typing or "Done, I said it", feeling
words, the answer buttons). Branches: a question that can lead back round is answered that way
on its first visit and forward after; a question whose answers both lead forward is answered
"no" apart and "yes" together, so the two modes take every branch between them.

With PRACTICE_SHOTS=<folder> set, every step is also photographed at 390 and 1280 px.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practices import engine, scheduling
from practices.models import Conversation, Turn
from tests.content.shipped import shipped_practices
from tests.e2e.conftest import check_a11y, log_in
from tests.factories import PASSWORD, CoupleFactory

LIVE = 5_000
SHOTS = os.environ.get("PRACTICE_SHOTS", "")
MODE_BUTTON = {"together": "Together in one room", "apart": "Apart, each on our phone"}


def posted(response) -> bool:
    # The conversation's own actions, not the gentle check that runs while typing.
    url = response.url
    return response.request.method == "POST" and "/practices/" in url and "/gentle/" not in url


def shot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def couple(new_partner_page):
    CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        first__time_zone="Europe/Berlin",
        second__display_name="Leo",
        second__email="leo@example.com",
        second__time_zone="America/New_York",
    )
    maya, leo = new_partner_page(), new_partner_page()
    log_in(maya, "maya@example.com", PASSWORD)
    log_in(leo, "leo@example.com", PASSWORD)
    return maya, leo


def invite(maya, key: str, topic: str) -> Conversation:
    maya.goto(f"/practices/start/{key}/")
    maya.get_by_label("What would you like to talk about?").fill(topic)
    maya.get_by_role("button", name="Ask Leo").click()
    expect(maya.get_by_role("heading", name="Waiting for Leo")).to_be_visible()
    return Conversation.objects.order_by("-id").first()


def choose(practice, step, visits: int, mode: str) -> str:
    here = practice.number(step.key)
    back = [
        answer
        for answer, _ in step.answers()
        if practice.after(step.key, answer) not in {engine.SWITCH, engine.END}
        and practice.number(practice.after(step.key, answer)) <= here
    ]
    if back:
        return back[0] if visits == 1 else next(a for a, _ in step.answers() if a not in back)
    return "no" if mode == "apart" else "yes"


def act(page, practice, step, mode: str, visits: int) -> str:
    """Do this person's part of the step on their page; returns the answer chosen."""
    if step.input == "confirm":
        answer = choose(practice, step, visits, mode)
        label = dict(step.answers())[answer]
        page.get_by_role("button", name=label, exact=True).click()
        return answer
    if step.input == "none":
        page.get_by_role("button", name="I'm ready").click()
        return "ready"
    spoken = mode == "together" and step.actor != "each_private"
    if step.input == "feelings" and (not spoken or visits == 1):
        page.locator("details.feeling-group summary").first.click()
        page.locator("details.feeling-group input[type=checkbox]").first.check()
    if not spoken:
        if step.input == "text":
            page.locator("#current-step textarea").fill(f"My words for {step.title}.")
        page.get_by_role("button", name="Send").click()
    else:
        page.get_by_role("button", name="Done, I said it").click()
    return ""


def drive(maya, leo, conv: Conversation, mode: str, label: str) -> Counter[tuple[str, str]]:
    """Run the conversation to its end; returns (step, answer) pairs taken."""
    practice = conv.version.practice
    pages = {conv.started_by_id: maya, conv.couple.partner_of(conv.started_by).pk: leo}
    taken: Counter[tuple[str, str]] = Counter()
    visits: Counter[str] = Counter()
    seen: set[tuple[str, int]] = set()
    checked: set[str] = set()
    url = f"/practices/{conv.public_id}/"
    for _ in range(200):
        conv = Conversation.objects.get(pk=conv.pk)
        if conv.status == Conversation.Status.COMPLETED:
            return taken
        if conv.current_step_key == engine.SWITCH:
            maya.goto(url)
            expect(maya.get_by_role("heading", name="You've finished a round")).to_be_visible()
            shot(maya, f"{label}-switch")
            with maya.expect_response(posted):
                maya.get_by_role("button", name="Finish for today").click()
            continue
        step = practice.step(conv.current_step_key)
        if (step.key, conv.visit) not in seen:
            seen.add((step.key, conv.visit))
            visits[step.key] += 1
        answered = set(
            Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                "author_id", flat=True
            )
        )
        receiver = conv.couple.partner_of(conv.sender)
        person = engine.waiting_for(
            step, sender_id=conv.sender_id, receiver_id=receiver.pk, answered=answered
        )[0]
        page = pages[person]
        page.goto(url)
        expect(page.get_by_role("heading", name=step.title, level=2)).to_be_visible()
        kind = f"{step.input}-{mode}"
        if kind not in checked:
            checked.add(kind)
            check_a11y(page)
        shot(page, f"{label}-{sum(visits.values()):02d}-{step.key}")
        with page.expect_response(posted):
            answer = act(page, practice, step, mode, visits[step.key])
        taken[(step.key, answer)] += 1
    raise AssertionError(f"{label} did not end")


@pytest.mark.parametrize("key", sorted(shipped_practices()))
def test_each_practice_runs_through_every_branch_in_both_modes(
    new_partner_page, library, key: str
) -> None:
    maya, leo = couple(new_partner_page)
    taken: Counter[tuple[str, str]] = Counter()
    for mode in ("apart", "together"):
        conv = invite(maya, key, f"Trying {key} {mode}")
        leo.goto(f"/practices/{conv.public_id}/")
        with leo.expect_response(posted):
            leo.get_by_role("button", name=MODE_BUTTON[mode]).click()
        taken += drive(maya, leo, conv, mode, f"{key}-{mode}")
        done = Conversation.objects.get(pk=conv.pk)
        assert done.status == Conversation.Status.COMPLETED and done.mode == mode
        spoken = Turn.objects.filter(conversation=done, spoken=True).exists()
        assert spoken == (mode == "together")
        maya.goto(f"/practices/{conv.public_id}/")
        expect(maya.get_by_role("heading", name="You finished this conversation")).to_be_visible()
        shot(maya, f"{key}-{mode}-done")
    practice = conv.version.practice
    for step in practice.steps:
        for answer, _ in step.answers():
            assert (step.key, answer) in taken, f"{key}: {step.key} → {answer} never taken"


def test_not_now_then_an_agreed_time_a_reminder_and_the_dialogue_then(
    new_partner_page, library, mailoutbox
) -> None:
    maya, leo = couple(new_partner_page)
    conv = invite(maya, "intentional-dialogue", "Sunday mornings")
    leo.goto("/home/")
    leo.get_by_role("link", name="Answer: now, later, or not this topic").click()
    check_a11y(leo)
    shot(leo, "agree-invitation")
    leo.get_by_text("Later: suggest a time").click()
    # Leo types on his own clock (New York); the time is 20 minutes from now there.
    later = timezone.localtime(timezone.now() + dt.timedelta(minutes=20), leo_zone())
    leo.get_by_label("Suggest a time").fill(later.strftime("%Y-%m-%dT%H:%M"))
    leo.get_by_role("button", name="Suggest this time").click()
    expect(leo.get_by_text("You suggested this time.")).to_be_visible()
    check_a11y(leo)
    shot(leo, "agree-suggested")

    expect(maya.get_by_role("heading", name="Leo suggested a time")).to_be_visible(timeout=LIVE)
    berlin = later.astimezone(maya_zone())
    expect(maya.get_by_text(f"{later.strftime('%H:%M')} on")).to_be_visible()
    expect(maya.locator(".agreed-time")).to_contain_text(berlin.strftime("%H:%M"))
    check_a11y(maya)
    shot(maya, "agree-answer")
    maya.get_by_role("button", name="Yes, that time works").click()
    expect(maya.get_by_role("heading", name="A time is agreed")).to_be_visible()
    expect(leo.get_by_role("heading", name="A time is agreed")).to_be_visible(timeout=LIVE)
    leo.goto("/home/")
    expect(leo.get_by_text("(your time)")).to_be_visible()
    check_a11y(leo)
    shot(leo, "agree-home")

    agreed = Conversation.objects.get(pk=conv.pk).agreed_for
    assert scheduling.agreed_reminders_send(now=agreed) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["leo@example.com", "maya@example.com"]
    Conversation.objects.filter(pk=conv.pk).update(agreed_for=timezone.now())
    leo.goto(f"/practices/{conv.public_id}/")
    expect(leo.get_by_role("heading", name="It's the time you agreed")).to_be_visible()
    shot(leo, "agree-time-has-come")
    leo.get_by_role("button", name="Apart, each on our phone").click()
    expect(maya.get_by_role("heading", name="Share one thing")).to_be_visible(timeout=LIVE)
    maya.locator("#current-step textarea").fill("I'd love slower Sunday mornings.")
    maya.get_by_role("button", name="Send").click()
    expect(leo.get_by_role("heading", name="Say it back")).to_be_visible(timeout=LIVE)
    expect(leo.get_by_text("I'd love slower Sunday mornings.")).to_be_visible()
    check_a11y(leo)


def test_not_this_topic_for_now_is_honoured(new_partner_page, library) -> None:
    maya, leo = couple(new_partner_page)
    conv = invite(maya, "frustration-to-longing", "The dishes")
    leo.goto(f"/practices/{conv.public_id}/")
    leo.get_by_role("button", name="Not this topic for now").click()
    expect(leo.get_by_role("heading", name="Set aside for now")).to_be_visible()
    expect(maya.get_by_role("heading", name="Set aside for now")).to_be_visible(timeout=LIVE)
    expect(maya.get_by_text("it isn't a no to you")).to_be_visible()
    check_a11y(maya)
    shot(maya, "declined")


def leo_zone():
    import zoneinfo

    return zoneinfo.ZoneInfo("America/New_York")


def maya_zone():
    import zoneinfo

    return zoneinfo.ZoneInfo("Europe/Berlin")
