"""Sign-in protection for a shared phone: where you're signed in, sign out everywhere, and
an idle sign-out that background polling does not keep alive."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from safety.models import SafetyPreferences, SignedInDevice
from tests.conftest import client_for
from tests.factories import PASSWORD

PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


def _sign_in(user, user_agent: str = PHONE) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_each_sign_in_is_listed_with_a_plain_description(alice) -> None:
    phone = _sign_in(alice)
    _sign_in(alice, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/133.0")
    page = phone.get("/safety/devices/").content.decode()
    assert "Chrome on Android" in page and "Firefox on Mac" in page
    assert "This one" in page
    assert SignedInDevice.objects.filter(user=alice).count() == 2


def test_sign_out_everywhere_ends_every_session_of_the_person_only(alice, bob) -> None:
    phone, laptop = _sign_in(alice), _sign_in(alice)
    bob_client = client_for(bob)
    response = phone.post("/safety/devices/sign-out-everywhere/")
    assert response["Location"] == "/accounts/login/"
    assert laptop.get("/home/").status_code == 302
    assert phone.get("/home/").status_code == 302
    assert bob_client.get("/home/").status_code == 200
    assert not SignedInDevice.objects.filter(user=alice).exists()


def test_logging_out_removes_the_device_from_the_list(alice) -> None:
    client = client_for(alice)
    assert SignedInDevice.objects.filter(user=alice).count() == 1
    client.post("/accounts/logout/")
    assert not SignedInDevice.objects.filter(user=alice).exists()


def test_an_idle_session_is_signed_out_after_the_chosen_time(alice) -> None:
    start = timezone.now()
    client = client_for(alice)
    client.post("/safety/", {"idle_minutes": "5"})
    assert SafetyPreferences.objects.get(user=alice).idle_minutes == 5
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        assert client.get("/home/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=8), tick=False):
        assert client.get("/home/").status_code == 200  # four minutes after the last visit
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        response = client.get("/home/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/home/").status_code == 302


def test_background_polling_does_not_keep_an_idle_session_alive(alice) -> None:
    start = timezone.now()
    client = client_for(alice)
    client.post("/safety/", {"idle_minutes": "5"})
    for minute in (2, 4):
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            client.get("/content/cards/current/", HTTP_HX_REQUEST="true")
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        response = client.get("/content/cards/current/", HTTP_HX_REQUEST="true")
    assert response.headers.get("HX-Redirect") == "/accounts/login/"


def test_a_new_idle_setting_reaches_the_persons_other_sessions(alice) -> None:
    start = timezone.now()
    other = client_for(alice)
    client_for(alice).post("/safety/", {"idle_minutes": "15"})
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert other.get("/home/").status_code == 302


def test_without_an_idle_setting_sessions_stay(alice) -> None:
    start = timezone.now()
    client = client_for(alice)
    with time_machine.travel(start + dt.timedelta(days=3), tick=False):
        assert client.get("/home/").status_code == 200
    assert Session.objects.exists()


def test_the_page_carries_the_idle_timer_only_when_the_person_chose_one(alice) -> None:
    client = client_for(alice)
    assert "data-idle-minutes" not in client.get("/home/").content.decode()
    client.post("/safety/", {"idle_minutes": "15"})
    assert 'data-idle-minutes="15"' in client.get("/home/").content.decode()


def test_reading_or_typing_keeps_the_session_through_the_still_here_ping(alice) -> None:
    start = timezone.now()
    client = client_for(alice)
    client.post("/safety/", {"idle_minutes": "5"})
    for minute in (3, 6, 9):
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            assert client.get("/safety/still-here/").status_code == 204
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        assert client.get("/home/").status_code == 200
