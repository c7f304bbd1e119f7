"""What two people do in the compose check, step by step, through the web port only.

Each step finds forms by their button text and fills fields by name, the way the pages show
them; when the app's pages change, this file is the one to adapt.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from browser import Browser, CheckFailed, MailCatcher, Page
from stack import log

PASSWORD = "a calm river at dawn 2026"
REMINDER_SUBJECT = "check-in"
PRACTICE = "appreciation-dialogue"  # its first step: the one who started writes a few words
FIRST_WORDS = "I have an appreciation for you. Is now a good time?"
LIVE_EVENTS = "/live/events/"  # the event server's stream (couplesafe/lib/stream.py)
STREAM_WITHIN = 10  # seconds for a partner's move to reach the other's open stream


@dataclass
class Person:
    browser: Browser
    name: str
    email: str
    time_zone: str


def expect_path(page: Page, path: str, step: str) -> None:
    if page.path != path:
        raise CheckFailed(
            f"{step}: ended on {page.url}, not {path}. Page says: {page.text[:400]!r}"
        )


def sign_up(person: Person, mail: MailCatcher) -> None:
    page = person.browser.get("/accounts/signup/")
    page = person.browser.submit(
        page,
        button="Create account",
        fill={
            "display_name": person.name,
            "email": person.email,
            "password": PASSWORD,
            "time_zone": person.time_zone,
        },
    )
    confirm_email_if_asked(person, page, mail)
    expect_path(person.browser.get("/home/"), "/home/", f"{person.name} signs up")


def confirm_email_if_asked(person: Person, page: Page, mail: MailCatcher) -> None:
    """If sign-up asks to confirm the address by email (it did not sign the person in, or the
    page asks), follow the link the email carries."""
    if page.path == "/home/" and not re.search(r"confirm|verify", page.text, re.I):
        return
    message = mail.wait_for(person.email, "", seconds=90)[0]
    links = re.findall(r"https?://[^\s\"'<>]+", mail.body(message["ID"]))
    wanted = [link for link in links if re.search(r"confirm|verif", link, re.I)]
    if not wanted:
        raise CheckFailed(f"The email to {person.email} has no confirmation link: {links}")
    path = re.sub(r"^https?://[^/]+", "", wanted[0])
    page = person.browser.get(path)
    # The link may confirm at once, or show a button that does (mail scanners open links).
    own = [f for f in page.forms() if f.method == "post" and f.action in {"", path}]
    if own and own[0].buttons:
        person.browser.submit(page, action=own[0].action, button=own[0].buttons[0][2])


def log_in(person: Person) -> None:
    browser = Browser(person.browser.host, person.browser.port, name=person.name)
    page = browser.get("/accounts/login/")
    page = browser.submit(
        page, button="Log in", fill={"username": person.email, "password": PASSWORD}
    )
    expect_path(page, "/home/", f"{person.name} logs in")
    person.browser = browser


def still_signed_in(person: Person) -> None:
    page = person.browser.get("/home/")
    expect_path(page, "/home/", f"{person.name}'s session")


def pair(inviter: Person, partner: Person) -> None:
    page = inviter.browser.get("/accounts/invite/")
    page = inviter.browser.submit(page, button="Create invitation", fill={"email": ""})
    found = re.search(r'href="(/accounts/invite/accept/[^"]+/)"', page.body)
    if not found:
        raise CheckFailed(f"No invitation link on the invite page: {page.text[:400]!r}")
    page = partner.browser.get(found.group(1))
    page = partner.browser.submit(page, button="Accept and pair up")
    expect_path(page, "/home/", f"{partner.name} accepts the invitation")
    home = inviter.browser.get("/home/")
    if partner.name not in home.text:
        raise CheckFailed(f"{inviter.name}'s home page does not name {partner.name} after pairing")


def start_conversation(starter: Person, partner: Person, mail: MailCatcher) -> None:
    page = starter.browser.get(f"/practices/start/{PRACTICE}/")
    page = starter.browser.submit(
        page, button=f"Ask {partner.name}", fill={"topic": "Weekend plans", "first": "me"}
    )
    found = re.fullmatch(r"/practices/([0-9a-f-]{36})/", page.path)
    if not found:
        raise CheckFailed(f"Starting a practice ended on {page.url}: {page.text[:400]!r}")
    conversation = page.path
    # The partner hears of it by email (worker → SMTP) and answers "now, apart" on the
    # conversation's own page (the home page links there: one consent, issue #13). Apart, each
    # writes on their own phone; together, they would speak aloud and nobody types.
    mail.wait_for(partner.email, "would like to talk", seconds=120)
    # The starter's open page listens to the event stream, as its EventSource would: through
    # the same published port, so /live/ must reach the event server (a 204 would mean the
    # page only polls). Open (and subscribed) before the partner moves.
    stream = starter.browser.events(LIVE_EVENTS)
    try:
        stream.wait_for_open(seconds=30)
        answer = partner.browser.get(conversation)
        answered = time.monotonic()
        partner.browser.submit(answer, action=f"{conversation}accept/", button="Apart")
        change = stream.wait_for("change", seconds=STREAM_WITHIN)
        heard = time.monotonic() - answered
    finally:
        stream.close()
    if change != {"topic": "conversation", "ref": found.group(1)}:
        raise CheckFailed(f"{starter.name}'s stream said {change}, not this conversation")
    log(
        f"{starter.name}'s open page heard that {partner.name} said yes through the event "
        f"stream ({heard:.2f} s after {partner.name} sent the answer, page load included)"
    )
    page = starter.browser.get(conversation)
    starter.browser.submit(
        page, action=f"{conversation}turn/", button="Send", fill={"text": FIRST_WORDS}
    )
    seen = partner.browser.get(conversation)
    if FIRST_WORDS not in seen.text:
        raise CheckFailed(
            f"{partner.name} does not see {starter.name}'s words: {seen.text[:400]!r}"
        )


def set_reminder_soon(person: Person) -> tuple[str, str]:
    """A daily check-in reminder at the person's local time one to two minutes from now."""
    now = dt.datetime.now(ZoneInfo(person.time_zone))
    at = (now + dt.timedelta(minutes=2)).strftime("%H:%M")
    page = person.browser.get("/rituals/reminders/")
    page = person.browser.submit(
        page,
        button="Save",
        fill={
            "enabled": "on",
            "local_time": at,
            "weekdays": [str(d) for d in range(7)],
            "paused_until": "",
        },
    )
    if "saved" not in page.text:
        raise CheckFailed(f"{person.name}'s reminder was not saved: {page.text[:400]!r}")
    return at, person.time_zone


def due_epoch(local_time: str, time_zone: str) -> float:
    """The next moment the clock in `time_zone` shows `local_time`, as a Unix time."""
    zone = ZoneInfo(time_zone)
    now = dt.datetime.now(zone)
    hour, minute = map(int, local_time.split(":"))
    due = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if due < now - dt.timedelta(minutes=5):
        due += dt.timedelta(days=1)
    return due.timestamp() if due > now else time.time()
