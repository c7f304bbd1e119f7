"""Optional two-step sign-in for partners."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import client_for
from tests.factories import PASSWORD


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _turn_on(alice) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(alice)
    page = client.get("/safety/two-step/").content.decode()
    assert "Scan this code with your app" in page
    device = TOTPDevice.objects.get(user=alice)
    response = client.post("/safety/two-step/", {"token": current_code(device)})
    assert response["Location"] == "/safety/"
    return client


def test_a_partner_turns_on_two_step_sign_in_and_every_sign_in_then_asks_for_the_code(
    alice,
) -> None:
    already = client_for(alice)
    this_one = _turn_on(alice)
    assert this_one.get("/home/").status_code == 200  # the session that just gave a code
    # A session signed in before must now give a code before any page.
    response = already.get("/rituals/today/")
    assert response.status_code == 302
    assert response["Location"] == "/safety/two-step/verify/?next=%2Frituals%2Ftoday%2F"
    fresh = Client()
    fresh.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert fresh.get("/home/")["Location"].startswith("/safety/two-step/verify/")
    assert fresh.get("/help/").status_code == 200  # help is never held back
    wrong = fresh.post("/safety/two-step/verify/", {"token": "000000", "next": "/home/"})
    assert "That code did not match" in wrong.content.decode()
    # A minute later (past the pause after a wrong code, and a new code from the app).
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=90), tick=False):
        device = TOTPDevice.objects.get(user=alice, confirmed=True)
        right = fresh.post(
            "/safety/two-step/verify/", {"token": current_code(device), "next": "/home/"}
        )
        assert right["Location"] == "/home/"
        assert fresh.get("/home/").status_code == 200


def test_a_code_that_is_not_six_digits_is_refused_kindly(alice) -> None:
    client = client_for(alice)
    client.get("/safety/two-step/")
    response = client.post("/safety/two-step/", {"token": "12ab"})
    assert "The code is six digits" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_turning_it_off_stops_asking(alice) -> None:
    client = _turn_on(alice)
    client.post("/safety/two-step/off/")
    assert not TOTPDevice.objects.filter(user=alice).exists()
    fresh = Client()
    fresh.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert fresh.get("/home/").status_code == 200
