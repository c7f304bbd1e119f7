"""Each practice on two phones (390 px), one full path apart and one together in one room, with
a switch of mode half-way through one of them.

The walker follows the content: for each step it waits until both phones show the same moment
of the conversation (the live region's data-moment, no sleeps), checks the step's title on the
phone of whoever answers, and answers as a person would there (types, taps a feeling, says it
aloud and taps "Done, I said it", or taps an answer). Where a question loops, the walk apart
takes the loop once ("Almost", "Not quite", "I need a little more time"); every other branch is
proved at the engine level (tests/practices/test_every_branch.py), where it costs milliseconds.

Axe checks each kind of screen once per mode (the first time it appears). With
PRACTICE_SHOTS=<folder>, every screen is photographed at 390 and 1280 px.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from couplesafe.content.schema import Practice, Step
from practices import engine, selectors, services
from practices.models import Conversation, Turn
from tests.e2e.conftest import check_a11y
from tests.factories import CoupleFactory

LIVE = 5_000
SHOTS = os.environ.get("PRACTICE_SHOTS", "")
# The loops the walk apart takes once, per practice (the rest: engine tests).
LOOPS = {
    "intentional-dialogue": {"check"},
    "frustration-to-longing": {"check", "echo-ask"},
    "appreciation-dialogue": {"check"},
    "validation-practice": {"validate-check"},
    "repair-after-rupture": {"receiver-response"},
    "quick-repair": set(),
    "bridge-crossing": {"more-questions", "memory-ask"},
}
_checked: set[tuple[str, ...]] = set()
STREAM_OPEN = """Object.defineProperty(window, "coupleSafeLiveOpen", {
    get: () => true, set: () => {}, configurable: false,
});"""
POLL_NOW = """() => {
    const live = document.querySelector("#conversation-live[data-poll]");
    if (live && window.htmx) window.htmx.trigger(live, "poll-now");
}"""


def a11y_once(page: Page, *kind: str) -> None:
    if kind not in _checked:
        _checked.add(kind)
        check_a11y(page)


def shot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


@pytest.fixture
def phones(browser, live_server, library):
    """Maya (Berlin) and Leo (New York), each signed in on their own 390 px phone."""
    pair = CoupleFactory(
        first__display_name="Maya",
        first__email="maya@example.com",
        first__time_zone="Europe/Berlin",
        second__display_name="Leo",
        second__email="leo@example.com",
        second__time_zone="America/New_York",
    )
    maya, leo = pair.first, pair.first.active_couple.partner_of(pair.first)
    pages, contexts = [], []
    for person in (maya, leo):
        # Signed in as the login page would (a session), without typing it each time: the
        # login flow itself has its own browser tests.
        client = Client()
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        # As with the event server in production: the stream counts as open, so the pages
        # make no timed polls, and the walk says when to fetch (Walk.both_at).
        context.add_init_script(STREAM_OPEN)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        pages.append(context.new_page())
    yield {maya.pk: pages[0], leo.pk: pages[1]}, maya, leo
    for context in contexts:
        context.close()


def acted(page: Page, before: int) -> None:
    """The phone that acted has the answer back (its live region is newer than `before`), so
    the next move is read after it."""
    page.wait_for_function(
        """(before) => {
            const live = document.querySelector("#conversation-live");
            const poll = live && live.getAttribute("hx-get");
            const seen = poll && /[?&]v=(\\d+)/.exec(poll);
            return live && (!poll || (seen && Number(seen[1]) > before));
        }""",
        arg=before,
        timeout=LIVE,
    )


def fresh(page: Page, version: int) -> None:
    """The page shows the conversation as it is now (a partner's answer to a step for both
    changes the version, not the moment): fetch it now rather than race the next poll."""
    if not page.locator(f'#conversation-live[hx-get*="v={version}&"]').count():
        page.evaluate(POLL_NOW)
        acted(page, version - 1)


class Walk:
    def __init__(self, key: str, pages: dict[int, Page], mode: str) -> None:
        self.key = key
        self.pages = pages
        self.mode = mode
        self.loops = set(LOOPS[key]) if mode == "apart" else set()
        self.names = {pk: ("maya" if i == 0 else "leo") for i, pk in enumerate(pages)}
        self.n = 0

    def moment(self, conv: Conversation) -> str:
        return f"{conv.visit}-{conv.status}-{conv.regrouping}"

    def both_at(self, conv: Conversation) -> None:
        """Both phones show this moment. In production the event server tells the partner's
        page to fetch its region at once ("poll-now", static/js/app.js); the test server is
        WSGI and has none, so the test plays its part instead of waiting for the 2-second
        poll. (That the partner's screen follows by itself is proven in test_practice_flow and
        test_two_nodes.)"""
        selector = f'#conversation-live[data-moment="{self.moment(conv)}"]'
        for page in self.pages.values():
            if not page.locator(selector).count():
                page.evaluate(POLL_NOW)
            page.wait_for_selector(selector, timeout=LIVE)

    def shoot(self, what: str) -> None:
        self.n += 1
        for pk, page in self.pages.items():
            shot(page, f"{self.key}-{self.mode}-{self.n:02d}-{what}-{self.names[pk]}")

    def choose(self, step: Step, practice: Practice) -> str:
        """Go on: the answer that leads furthest along (past a loop or an optional detour);
        for a loop this walk takes once, the nearest one (back round, or into the detour)."""
        ahead = sorted(
            engine.choices(step),
            key=lambda option: practice.number(practice.after(step.key, option[0])),
        )
        if step.key in self.loops:
            self.loops.discard(step.key)
            return ahead[0][0]
        return ahead[-1][0]

    def answer(self, conv: Conversation, person: int, practice: Practice) -> None:
        step = practice.step(conv.current_step_key)
        page = self.pages[person]
        fresh(page, conv.state_version)
        box = page.locator("#current-step")
        expect(page.locator("#step-heading")).to_have_text(step.title)
        spoken = conv.mode == "together" and step.actor != "each_private"
        a11y_once(page, step.input, conv.mode, "my-turn")
        if step.input in {"text", "feelings"} and not spoken:
            if step.input == "feelings":
                box.locator("details.feeling-group summary").first.click()
                box.locator("details.feeling-group[open] input[type=checkbox]").first.check()
            else:
                box.locator("textarea").fill(f"My words at {step.title}.")
            box.get_by_role("button", name="Send").click()
        elif step.input in {"text", "feelings"}:
            box.get_by_role("button", name="Done, I said it").click()
        elif step.input == "confirm":
            label = dict(engine.choices(step))[self.choose(step, practice)]
            box.get_by_role("button", name=label, exact=True).click()
        else:
            box.get_by_role("button", name="I'm ready").click()

    def run(self, conv: Conversation, *, switch_at: str = "") -> Conversation:
        practice = conv.version.practice
        swapped = False
        for _ in range(80):
            conv = Conversation.objects.get(pk=conv.pk)
            self.both_at(conv)
            if conv.status == Conversation.Status.COMPLETED:
                for page in self.pages.values():
                    expect(page.get_by_role("heading", name="You finished this conversation"))
                a11y_once(self.pages[conv.sender_id], "completed", conv.mode)
                self.shoot("done")
                return conv
            sender = conv.sender_id
            receiver = next(pk for pk in self.pages if pk != sender)
            if conv.current_step_key == engine.SWITCH:
                a11y_once(self.pages[receiver], "switch", conv.mode)
                self.shoot("switch")
                # One walk swaps roles and goes again (validation practice: short); the others
                # finish. Swapping in the others is proved at the engine level.
                swap = self.key == "validation-practice" and not swapped
                swapped = swapped or swap
                name = "Swap roles and go again" if swap else "Finish for today"
                self.pages[receiver].get_by_role("button", name=name).click()
                acted(self.pages[receiver], conv.state_version)
                continue
            if switch_at and conv.current_step_key == switch_at:
                page = self.pages[receiver]
                other = "apart" if conv.mode == "together" else "together"
                label = "We're apart now" if other == "apart" else "We're in the same room now"
                page.get_by_role("button", name=label).click()
                acted(page, conv.state_version)
                switch_at = ""
                self.mode = other
                continue
            step = practice.step(conv.current_step_key)
            answered = set(
                Turn.objects.filter(conversation=conv, visit=conv.visit).values_list(
                    "author_id", flat=True
                )
            )
            todo = engine.waiting_for(
                step, sender_id=sender, receiver_id=receiver, answered=answered
            )
            waiting = next((pk for pk in self.pages if pk not in todo), None)
            if waiting is not None and not answered:
                a11y_once(self.pages[waiting], "waiting", conv.mode)
            self.shoot(step.key)
            self.answer(conv, todo[0], practice)
            acted(self.pages[todo[0]], conv.state_version)
        raise AssertionError("the walk never ended")


def begin(pages: dict[int, Page], maya, leo, key: str, mode: str) -> Conversation:
    """Maya has asked (the start form has its own browser test); Leo says now is good,
    together in one room or apart, and both phones open the conversation."""
    version = selectors.practice_version(maya, key)
    conv = services.conversation_start(user=maya, version=version, topic=key, sender=maya)
    for page in pages.values():
        page.goto(f"/practices/{conv.public_id}/")
    answer = pages[leo.pk]
    label = "Together in one room" if mode == "together" else "Apart, each on our phone"
    answer.get_by_role("button", name=label).click()
    acted(answer, conv.state_version)
    return conv


def walk_both_modes(phones, key: str, *, switch_at: str = "") -> None:
    pages, maya, leo = phones
    for mode in ("apart", "together"):
        conv = begin(pages, maya, leo, key, mode)
        done = Walk(key, pages, mode).run(conv, switch_at=switch_at if mode == "together" else "")
        turns = Turn.objects.filter(conversation=done)
        if mode == "apart":
            assert not turns.filter(spoken=True).exists()
        elif not switch_at and any(s.actor != "each_private" for s in done.version.practice.steps):
            assert turns.filter(spoken=True).exists()


def test_intentional_dialogue_on_two_phones(phones) -> None:
    # Together, then apart from "Show it makes sense" on: the mode switch half-way.
    walk_both_modes(phones, "intentional-dialogue", switch_at="validate")
    _pages, maya, _leo = phones
    done = Conversation.objects.filter(couple=maya.active_couple).order_by("-id").first()
    assert done.mode == "apart"
    turns = Turn.objects.filter(conversation=done)
    assert turns.filter(spoken=True, step_key="send").exists()
    assert turns.filter(spoken=False, step_key="validate").exclude(text="").exists()


def test_frustration_to_longing_on_two_phones(phones) -> None:
    walk_both_modes(phones, "frustration-to-longing")


def test_appreciation_dialogue_on_two_phones(phones) -> None:
    walk_both_modes(phones, "appreciation-dialogue")


def test_validation_practice_on_two_phones(phones) -> None:
    walk_both_modes(phones, "validation-practice")
    _pages, maya, leo = phones
    done = Conversation.objects.filter(couple=maya.active_couple).order_by("-id").first()
    assert done.round == 2 and done.sender_id == leo.pk  # both got a turn as the speaker


def test_repair_after_rupture_on_two_phones(phones) -> None:
    walk_both_modes(phones, "repair-after-rupture")
    pages, maya, _leo = phones
    page = pages[maya.pk]
    page.get_by_role("button", name="Turn it into a reminder").click()
    expect(page.get_by_text("You'll get a gentle daily nudge")).to_be_visible()


def test_quick_repair_on_two_phones(phones) -> None:
    walk_both_modes(phones, "quick-repair")


def test_bridge_crossing_on_two_phones(phones) -> None:
    walk_both_modes(phones, "bridge-crossing")
