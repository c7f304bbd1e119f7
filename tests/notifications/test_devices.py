"""Settings → Notifications: turning push on per device, listing and removing devices."""

from __future__ import annotations

import json
from typing import Any

import pytest

from couplesafe.outbox.models import PushSubscription
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SUBSCRIPTION = {
    "endpoint": "https://push.example/send/abc",
    "keys": {"p256dh": "BPublicKey", "auth": "authsecret"},
    "name": "Alice's phone",
}


def add(client: Any, body: object) -> Any:
    return client.post(
        "/notifications/devices/", data=json.dumps(body), content_type="application/json"
    )


def test_a_device_is_added_listed_and_removed(alice: Any) -> None:
    client = client_for(alice)
    assert add(client, SUBSCRIPTION).status_code == 201
    assert add(client, SUBSCRIPTION).status_code == 201  # the same browser again: one device
    [device] = PushSubscription.objects.filter(user=alice)
    page = client.get("/notifications/").content.decode()
    assert "Alice&#x27;s phone" in page and "Turn on notifications on this device" in page
    removed = client.post(f"/notifications/devices/{device.public_id}/remove/")
    assert removed.status_code == 302
    assert not PushSubscription.objects.exists()


def test_someone_elses_device_cannot_be_removed(alice: Any, carol: Any) -> None:
    add(client_for(alice), SUBSCRIPTION)
    device = PushSubscription.objects.get()
    response = client_for(carol).post(f"/notifications/devices/{device.public_id}/remove/")
    assert response.status_code == 404
    assert PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        None,
        "text",
        {"endpoint": "http://push.example/plain-http", "keys": {"p256dh": "k", "auth": "a"}},
        {"endpoint": "https://push.example/x", "keys": {"p256dh": "k"}},
        {"endpoint": "https://push.example/x" + "y" * 1000, "keys": {"p256dh": "k", "auth": "a"}},
    ],
)
def test_a_bad_subscription_gets_a_kind_400(alice: Any, body: object) -> None:
    response = add(client_for(alice), body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_the_settings_page_shows_the_private_calendar_address(alice: Any) -> None:
    page = client_for(alice).get("/notifications/").content.decode()
    assert "webcal://testserver/calendar/" in page
    assert "Make a new private address" in page
