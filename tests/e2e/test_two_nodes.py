"""Two web nodes behave as one: HAProxy (round-robin, no stickiness) in front of two nodes,
each a gunicorn and an event server, with two Celery workers, one PostgreSQL and one Redis.

Two partners in two browsers, every request of theirs balanced across both nodes: a dialogue
asked for, accepted and completed, a card drawn, a check-in. Each move reaches the other
partner's open page (home, conversation, cards, Together) through the event stream: the
regions' timed polls are switched off while the stream is open, so nothing else could carry
it. Latencies are printed; the 1-second p95 target is measured in bench/live_latency.py.
"""

from __future__ import annotations

import re
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from practices.models import Conversation
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, CoupleFactory
from tests.live.servers import (
    BIN,
    event_server_args,
    free_port,
    gunicorn_args,
    running,
    server_env,
    wait_for_port,
)

pytestmark = pytest.mark.django_db(transaction=True)

BOUND = 3.0  # s: PRODUCT.md's promise; the stream is what carries each move (see above)

HAPROXY_CFG = """
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
frontend couplesafe
    bind 127.0.0.1:{lb}
    acl live path_beg /live/
    use_backend events if live
    default_backend web
backend web
    balance roundrobin
    http-response set-header X-Served-By %[srv_name]
    server web1 127.0.0.1:{web1}
    server web2 127.0.0.1:{web2}
backend events
    balance roundrobin
    http-response set-header X-Served-By %[srv_name]
    server events1 127.0.0.1:{events1}
    server events2 127.0.0.1:{events2}
"""


@pytest.fixture
def cluster(transactional_db, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.fail("The two-node test needs HAProxy (apt-get install haproxy; .ci/run does).")
    ports = {name: free_port() for name in ("lb", "web1", "web2", "events1", "events2")}
    env = server_env(
        CACHE_URL=server_env()["CELERY_BROKER_URL"],
        DB_POOL_MAX="2",
        MAIL_URL=f"file://{tmp_path / 'mail'}",
        AXES_ENABLED="0",
    )
    config = tmp_path / "haproxy.cfg"
    config.write_text(HAPROXY_CFG.format(**ports))
    with ExitStack() as stack:
        # Everything starts at once (a loaded machine takes a while to import Django), then
        # the test waits for every port.
        listening = {}
        for node in ("1", "2"):
            for name, args in (
                (f"web{node}", gunicorn_args(ports[f"web{node}"], workers=1)),
                (f"events{node}", event_server_args(ports[f"events{node}"])),
            ):
                listening[ports[name]] = stack.enter_context(
                    running(args, port=None, env=env, log=tmp_path / f"{name}.log")
                )
            worker = [str(BIN / "celery"), "-A", "couplesafe", "worker", "--pool=solo"]
            stack.enter_context(
                running(
                    [*worker, f"--hostname=live{node}@%h", "--without-heartbeat"],
                    port=None,
                    env=env,
                    log=tmp_path / f"worker{node}.log",
                )
            )
        for port, process in listening.items():
            wait_for_port(port, process)
            # The first request imports every view and template: not a move to be timed.
            httpx.get(f"http://127.0.0.1:{port}/live/events/", timeout=120)
        stack.enter_context(running([haproxy, "-db", "-f", str(config)], port=ports["lb"], env=env))
        yield f"http://127.0.0.1:{ports['lb']}"


class Partner:
    """A browser on a device of its own, and the same session for posting moves."""

    def __init__(self, browser: Any, base: str, email: str) -> None:
        self.context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base)
        self.context.set_default_timeout(30_000)
        self.page: Page = self.context.new_page()
        self.served_by: set[str] = set()
        self.page.on("response", self._seen)
        log_in(self.page, email, PASSWORD)
        cookies = {c["name"]: c["value"] for c in self.context.cookies()}
        self.http = httpx.Client(
            base_url=base,
            cookies=cookies,
            headers={"X-CSRFToken": cookies["csrftoken"], "Referer": base + "/"},
            event_hooks={"response": [self._seen_http]},
        )

    def _seen(self, response: Any) -> None:
        if served := response.headers.get("x-served-by"):
            self.served_by.add(served)

    def _seen_http(self, response: httpx.Response) -> None:
        if served := response.headers.get("x-served-by"):
            self.served_by.add(served)

    def open(self, path: str) -> None:
        self.page.goto(path)
        # The page's event stream is open (static/js/app.js marks it on <html>).
        self.page.wait_for_selector("html[data-live-stream=open]", state="attached")

    def post(self, path: str, data: dict[str, Any]) -> httpx.Response:
        response = self.http.post(path, data=data)
        assert response.status_code in {200, 302}, (path, response.status_code)
        return response


def wait_version(page: Page, version: int | str) -> None:
    page.wait_for_function(
        """v => { const e = document.getElementById('conversation-live');
                  if (!e) return false;
                  const url = e.getAttribute('hx-get');
                  return url === null ? v === 'done'
                       : new URL(url, location.href).searchParams.get('v') === v; }""",
        arg=str(version),
        polling="raf",
    )


def test_two_nodes_behind_a_load_balancer_behave_as_one(browser, cluster, library) -> None:  # type: ignore[no-untyped-def]
    CoupleFactory(
        first__display_name="Ada",
        first__email="ada@example.com",
        second__display_name="Ben",
        second__email="ben@example.com",
    )
    ada, ben = (
        Partner(browser, cluster, "ada@example.com"),
        Partner(browser, cluster, "ben@example.com"),
    )
    seen: list[float] = []

    def move(who: Partner, path: str, data: dict[str, Any], arrived: Any) -> Any:
        started = time.monotonic()
        response = who.post(path, data)
        arrived()
        seen.append(time.monotonic() - started)
        assert seen[-1] <= BOUND, f"{path}: the partner saw it after {seen[-1]:.2f} s"
        return response

    # A conversation asked for shows on the partner's open home page.
    ben.open("/home/")
    ada.open("/home/")
    response = move(
        ada,
        "/practices/start/intentional-dialogue/",
        {"topic": "Sunday mornings", "first": "me"},
        lambda: ben.page.wait_for_selector("#home-live a[href*='/practices/']", state="attached"),
    )
    public_id = re.search(r"/practices/([0-9a-f-]{36})/", response.headers["location"]).group(1)  # type: ignore[union-attr]
    conv = Conversation.objects.get(public_id=public_id)
    url = f"/practices/{public_id}/"
    ada.open(url)
    ben.open(url)

    def version() -> int:
        return Conversation.objects.get(pk=conv.pk).state_version

    def say(who: Partner, **answer: Any) -> None:
        other = ben if who is ada else ada
        before = version()
        move(
            who,
            f"{url}turn/",
            {"state_version": before, **answer},
            lambda: wait_version(other.page, version()),
        )
        assert version() > before

    move(ben, f"{url}accept/", {}, lambda: wait_version(ada.page, version()))
    # One consent (issue #13): accepting is the "good moment"; the dialogue starts at sharing.
    say(ada, text="I feel rushed on Sunday mornings.")
    say(ben, text="You feel rushed. Did I get that?")
    say(ada, choice="yes")
    say(ada, choice="no")
    say(ben, text="So you feel rushed on Sundays.")
    say(ada, choice="yes")
    say(ben, text="That makes sense, given our busy weeks.")
    say(ben, feelings=["tired"])
    say(ada, choice="yes")
    say(ben, text="Thank you for trusting me.")
    say(ada, text="Thank you for listening.")
    move(
        ada,
        f"{url}switch/",
        {"state_version": version(), "choice": "finish"},
        lambda: wait_version(ben.page, "done"),
    )
    assert Conversation.objects.get(pk=conv.pk).status == Conversation.Status.COMPLETED

    # A card drawn shows on the partner's open cards page.
    ben.open("/content/cards/")
    move(
        ada,
        "/content/cards/draw/",
        {},
        lambda: ben.page.wait_for_selector("#current-card .deck-card-text"),
    )

    # A check-in shows on the partner's open Together page.
    ben.open("/rituals/together/")
    move(
        ada,
        "/rituals/today/",
        {"mood": 3},
        lambda: ben.page.wait_for_selector("#today-pair .pill"),
    )

    print(
        f"\n{len(seen)} moves seen by the partner: median {statistics.median(seen):.3f} s, "
        f"max {max(seen):.3f} s"
    )
    # Round-robin, no stickiness: each partner was served by both nodes, pages and streams.
    for partner in (ada, ben):
        assert {"web1", "web2"} <= partner.served_by, partner.served_by
    assert {"events1", "events2"} <= ada.served_by | ben.served_by
    # Both Celery workers share the one broker.
    from couplesafe import celery_app

    replies = celery_app.control.ping(timeout=5)
    assert {name.split("@")[0] for reply in replies for name in reply} >= {"live1", "live2"}
    for partner in (ada, ben):
        partner.http.close()
        partner.context.close()
