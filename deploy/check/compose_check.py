"""bin/compose-check, after the images are built: bring the stack up as compose describes it,
wait for every health check, then prove it works through the web container's published port
only (and the mail catcher's HTTP listing), and tear everything down.

The steps a person takes are in people.py, so a change in the app's forms is a change there.
"""

from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import sys
import time
from pathlib import Path

import people
from browser import Browser, CheckFailed, MailCatcher
from stack import Stack, log

HOST = "127.0.0.1"
BACKING = ["db", "redis", "mailpit"]  # third-party services (local stand-ins here)
ONE_SHOT = "migrate"
HEALTHY_WITHIN = 300  # seconds, per group of services (a loaded 2-core machine is slow)
MIGRATE_WITHIN = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def secret_environment(web_port: int, mail_port: int) -> dict[str, str]:
    """Fresh secrets for this run only, handed to compose through the environment."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "POSTGRES_PASSWORD": secrets.token_hex(24),
        "WEB_PORT": str(web_port),
        "MAILPIT_PORT": str(mail_port),
        "SITE_URL": f"https://{HOST}:{web_port}",
        "ALLOWED_HOSTS": f"{HOST},localhost",
    }


def bring_up(stack: Stack) -> None:
    """In dependency order, each step waiting for the one before (podman 4.3 cannot wait for
    `service_healthy` itself; docker compose does the same from depends_on)."""
    app = [s for s in stack.services() if s not in BACKING and s != ONE_SHOT]
    stack.up(*BACKING)
    stack.wait_healthy(BACKING, seconds=HEALTHY_WITHIN)
    stack.run_once(ONE_SHOT, seconds=MIGRATE_WITHIN)
    stack.up(*app)
    stack.wait_healthy(app, seconds=HEALTHY_WITHIN)


def prove(stack: Stack, web: tuple[str, int], mail: MailCatcher) -> None:
    stamp = time.strftime("%H%M%S")
    alex = people.Person(
        Browser(*web, name="Alex"), "Alex", f"alex-{stamp}@example.com", "Europe/Berlin"
    )
    sam = people.Person(
        Browser(*web, name="Sam"), "Sam", f"sam-{stamp}@example.com", "America/New_York"
    )

    for person in (alex, sam):
        people.sign_up(person, mail)
        log(f"{person.name} signed up")
    people.pair(alex, sam)
    log("Alex and Sam are a couple")
    people.start_conversation(alex, sam, mail)
    log("a conversation started; Sam saw Alex's words")

    # Reminders due in one to two minutes. The worker stops before they are due and starts
    # again after beat has queued sweeps for them: each arrives once, none is lost or doubled.
    due = {person.email: people.set_reminder_soon(person) for person in (alex, sam)}
    log(f"reminders set for {sorted(set(due.values()))} (local times); stopping the worker")
    stack.compose_cmd("stop", "worker", timeout=120)
    wait_until = max(people.due_epoch(t, tz) for t, tz in due.values()) + 75
    while time.time() < wait_until:
        time.sleep(5)
    for person in (alex, sam):
        early = mail.messages_to(person.email, people.REMINDER_SUBJECT)
        if early:
            raise CheckFailed(f"A reminder reached {person.email} while the worker was stopped")
    log("due time passed with the worker stopped: no reminder sent; starting the worker")
    stack.compose_cmd("start", "worker", timeout=120)
    stack.wait_healthy(["worker"], seconds=HEALTHY_WITHIN)
    for person in (alex, sam):
        mail.wait_for(person.email, people.REMINDER_SUBJECT, seconds=180)
    log("both reminders arrived; waiting through another sweep for doubles")
    time.sleep(70)
    for person in (alex, sam):
        count = len(mail.messages_to(person.email, people.REMINDER_SUBJECT))
        if count != 1:
            raise CheckFailed(f"{person.email} got {count} reminders, not exactly one")
    log("each reminder arrived exactly once (beat → worker → SMTP)")

    stack.compose_cmd("restart", "web", timeout=120)
    # The proxy's own health check passes once it routes to web again.
    stack.wait_healthy(["web", "proxy"], seconds=HEALTHY_WITHIN)
    people.still_signed_in(alex)
    log("web restarted; Alex's session is still valid")

    # A second `up` on the volumes the first one made: migrate runs again and all starts.
    stack.compose_cmd("down", "--timeout", "20", timeout=300)
    bring_up(stack)
    people.log_in(sam)
    people.still_signed_in(alex)
    log("second up on existing volumes: migrated, healthy, data and sessions kept")


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that a CI timeout or Ctrl-C still tears the stack down


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    web_port, mail_port = free_port(), free_port()
    stack = Stack(
        project=os.environ.get("COMPOSE_CHECK_PROJECT", "couplesafe-check"),
        files=["docker-compose.yml", "compose.standins.yml"],
        env=secret_environment(web_port, mail_port),
        compose=os.environ.get("PODMAN_COMPOSE", "podman-compose"),
    )
    started = time.monotonic()
    ok = False
    try:
        stack.down()  # what a crashed earlier run may have left
        log(f"bringing the stack up (web on {HOST}:{web_port}, mail listing on {HOST}:{mail_port})")
        bring_up(stack)
        prove(stack, (HOST, web_port), MailCatcher(HOST, mail_port))
        ok = True
    except CheckFailed as failure:
        log(f"FAILED: {failure}")
    except KeyboardInterrupt:
        log("interrupted")
    finally:
        log("tearing down")
        try:
            stack.down()
            log("nothing left: no containers, networks or volumes of this project")
        except CheckFailed as failure:
            log(f"FAILED teardown: {failure}")
            ok = False
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    log(f"{'PASSED' if ok else 'FAILED'} in {minutes} min {seconds} s (after the image builds)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
