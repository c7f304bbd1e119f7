"""Therapist sign-up and the mandatory second factor (TOTP)."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from couplesafe.accounts.models import User
from tests.outbox.helpers import deliver_outbox
from therapists.models import TherapistProfile


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_up(client: Client, *, confirm: bool = True) -> Any:
    """Sign up, then (unless told not to) open the emailed confirmation link, as Ruth would."""
    from django.core import mail

    response = client.post(
        "/therapist/signup/",
        {
            "display_name": "Dr. Ruth",
            "practice_name": "Harbour Couples Practice",
            "email": "Ruth@Example.com",
            "password": "a quiet harbour at noon",
            "time_zone": "Europe/Berlin",
        },
    )
    if confirm:
        deliver_outbox()
        link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[-1].body)
        assert link
        client.post(link.group(1))
    return response


def test_signing_up_creates_a_therapist_and_leads_to_two_factor_setup(
    db: Any, mailoutbox: Any
) -> None:
    client = Client()
    response = sign_up(client, confirm=False)
    assert response.status_code == 302
    # The address is confirmed first (the same answer whether or not it has an account).
    assert response["Location"] == "/accounts/signup/sent/"
    deliver_outbox()
    confirm = re.search(r"http://testserver(/accounts/confirm/\S+/)", mailoutbox[-1].body)
    assert confirm
    assert client.post(confirm.group(1))["Location"] == "/therapist/two-factor/setup/"
    user = User.objects.get(email="ruth@example.com")
    assert user.is_therapist
    assert user.time_zone == "Europe/Berlin"
    assert TherapistProfile.objects.get(user=user).practice_name == "Harbour Couples Practice"
    # No couple data before the second factor.
    assert client.get("/therapist/couples/")["Location"].startswith("/therapist/two-factor/setup/")


def test_sign_up_errors_keep_what_was_typed(theo: Any) -> None:
    response = Client().post(
        "/therapist/signup/",
        {
            "display_name": "Dr. Ruth",
            "practice_name": "Harbour",
            "email": "theo@example.com",
            "password": "short",
            "time_zone": "Europe/Berlin",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "already an account" not in body  # never revealed (accounts/signup_views.py)
    assert 'value="Harbour"' in body


def test_two_factor_setup_shows_a_qr_code_and_accepts_the_current_code(db: Any) -> None:
    client = Client()
    sign_up(client)
    page = client.get("/therapist/two-factor/setup/").content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user__email="ruth@example.com")
    assert not device.confirmed
    wrong = client.post("/therapist/two-factor/setup/", {"token": "000000"})
    if current_code(device) != "000000":
        assert "did not match" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/therapist/two-factor/setup/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/therapist/couples/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/therapist/couples/").status_code == 200


def test_a_later_login_asks_for_the_code_before_the_dashboard(db: Any) -> None:
    first = Client()
    sign_up(first)
    first.get("/therapist/two-factor/setup/")
    device = TOTPDevice.objects.get(user__email="ruth@example.com")
    first.post("/therapist/two-factor/setup/", {"token": current_code(device)})
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.last_t = -1
    device.save()

    later = Client()
    later.post(
        "/accounts/login/", {"username": "ruth@example.com", "password": "a quiet harbour at noon"}
    )
    response = later.get("/therapist/couples/")
    assert response["Location"] == "/therapist/two-factor/verify/?next=%2Ftherapist%2Fcouples%2F"
    response = later.post(
        "/therapist/two-factor/verify/",
        {"token": current_code(device), "next": "/therapist/couples/"},
    )
    assert response["Location"] == "/therapist/couples/"
    assert later.get("/therapist/couples/").status_code == 200


def test_partners_cannot_reach_the_two_factor_pages(alice_client: Client) -> None:
    assert alice_client.get("/therapist/two-factor/setup/").status_code == 404
    assert alice_client.get("/therapist/two-factor/verify/").status_code == 404


def test_a_badly_typed_code_gets_a_specific_message(theo: Any) -> None:
    client = Client()
    client.force_login(theo, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/therapist/two-factor/setup/", {"token": "12ab"})
    assert "The code is six digits" in response.content.decode()
