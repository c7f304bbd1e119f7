"""The event stream: a partner's move reaches every open page of the person as a signal with
no words, and the stream ends at once when its scope ends."""

from __future__ import annotations

import asyncio
import queue
import uuid

import httpx
import pytest
from django.test import Client

from couplesafe.accounts.services import couple_leave
from couplesafe.lib import live, stream
from rituals.checkins import checkin_record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partners_check_in_reaches_every_open_tab_without_words(alice, bob, open_stream) -> None:  # type: ignore[no-untyped-def]
    tab_one = open_stream(client_for(alice))
    tab_two = open_stream(client_for(alice))
    checkin_record(user=bob, mood=4, feelings=["calm"], space_text="A private sentence")
    for tab in (tab_one, tab_two):
        assert tab.next() == ("change", {"topic": "checkin"})


def test_a_stranger_hears_nothing_of_a_couple(alice, bob, carol, open_stream) -> None:  # type: ignore[no-untyped-def]
    strangers = open_stream(client_for(carol))
    mine = open_stream(client_for(alice))
    checkin_record(user=bob, mood=2, feelings=[])
    assert mine.next() == ("change", {"topic": "checkin"})
    with pytest.raises(queue.Empty):
        strangers.next(timeout=0.5)


def test_logging_out_ends_that_sessions_streams_at_once(alice, open_stream) -> None:  # type: ignore[no-untyped-def]
    browser = client_for(alice)
    other_device = open_stream(client_for(alice))
    tab = open_stream(browser)
    browser.post("/accounts/logout/")
    assert tab.next() == ("end", {})
    assert tab.closed.wait(2)
    # The same person's other device keeps its stream.
    assert not other_device.closed.wait(0.3)
    # Reconnecting with the ended session gets no stream (204 tells EventSource to stop).
    assert open_stream(browser).response.status_code == 204


def test_ending_the_couple_ends_both_partners_streams(alice, bob, open_stream) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = open_stream(client_for(alice)), open_stream(client_for(bob))
    couple_leave(user=bob)
    for tab in (mine, theirs):
        assert tab.next() == ("end", {})
        assert tab.closed.wait(2)


def test_ending_a_therapist_link_ends_the_streams_on_it(alice, bob, theo, open_stream) -> None:  # type: ignore[no-untyped-def]
    from therapists.models import CareConsent, CareLink
    from therapists.services import link_end

    link = CareLink.objects.create(therapist=theo, couple=alice.active_couple)
    for person in (alice, bob):
        CareConsent.objects.create(link=link, user=person)
    therapist_tab, partner_tab = open_stream(client_for(theo)), open_stream(client_for(bob))
    link_end(link=link, user=alice)
    for tab in (therapist_tab, partner_tab):
        assert tab.next() == ("end", {})
        assert tab.closed.wait(2)


def test_no_stream_for_a_stranger_or_outside_the_event_server(alice, open_stream) -> None:  # type: ignore[no-untyped-def]
    assert open_stream(None).response.status_code == 204
    # Under WSGI (gunicorn, the test client) the view never holds a worker: 204, poll instead.
    assert client_for(alice).get("/live/events/").status_code == 204
    assert Client().get("/live/events/").status_code == 204


def test_a_closed_tab_leaves_no_listener_behind() -> None:
    """What the ASGI server does when the browser goes away: the response is cancelled."""

    async def scenario() -> None:
        channels = [live.user_channel(10**9), live.session_channel(uuid.uuid4().hex)]
        tab = stream._stream(channels)
        assert ": open" in await anext(tab)
        hub = stream.hub()
        assert hub.streams() == 1
        reading = asyncio.ensure_future(anext(tab))
        await asyncio.sleep(0.05)
        reading.cancel()  # the disconnect
        with pytest.raises(asyncio.CancelledError):
            await reading
        await tab.aclose()
        assert hub.streams() == 0 and not hub.listeners
        assert hub.task is not None
        hub.task.cancel()

    asyncio.run(scenario())


def test_a_stream_opened_while_the_database_cannot_answer_gets_a_503_not_a_500(alice) -> None:  # type: ignore[no-untyped-def]
    """A burst of page opens can find the pool empty (the live bench saw 500s: a middleware
    loaded the person before the view could answer 503). Here the event server's database is
    unreachable outright (these tests keep sessions in it): a 503, which the page answers by
    polling."""
    from tests.live.conftest import session_cookie
    from tests.live.servers import event_server_args, free_port, running, server_env

    client = client_for(alice)
    port = free_port()
    env = server_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nowhere")
    with running(event_server_args(port), port=port, env=env):
        response = httpx.get(
            f"http://127.0.0.1:{port}/live/events/", cookies=session_cookie(client), timeout=30
        )
    assert response.status_code == 503
