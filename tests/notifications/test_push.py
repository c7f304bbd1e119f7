"""Web Push through the one outgoing path, checked by a stand-in push service that verifies the
VAPID signature and decrypts each payload with the device's private key — what a phone gets."""

from __future__ import annotations

from typing import Any

import pytest

from couplesafe.lib import pushes
from couplesafe.outbox import services, tasks
from couplesafe.outbox.models import OutgoingMessage, PushSubscription
from tests.outbox.helpers import deliver_outbox
from tests.outbox.pushservice import Device, PushService

pytestmark = pytest.mark.django_db


def register(user: Any, device: Device) -> PushSubscription:
    data = device.subscription_json()
    return PushSubscription.objects.create(
        user=user,
        endpoint=data["endpoint"],
        p256dh=data["keys"]["p256dh"],
        auth=data["keys"]["auth"],
        name=device.name,
    )


def test_a_push_arrives_encrypted_signed_and_says_only_what_happened(
    bob: Any, push_service: PushService
) -> None:
    phone, laptop = push_service.new_device("phone"), push_service.new_device("laptop")
    register(bob, phone)
    register(bob, laptop)
    count = pushes.notify(
        "your-turn", recipient=bob, key="your-turn:c1:3", url="/practices/x/", partner_name="Alice"
    )
    assert count == 2
    assert deliver_outbox() == ["sent", "sent"]
    for device in (phone, laptop):
        assert push_service.payloads(device) == [
            {
                "title": "It's your turn",
                "body": "Alice is waiting for you in your conversation.",
                "url": "/practices/x/",
                "tag": "your-turn",
            }
        ]
    assert push_service.rejected == []
    assert PushSubscription.objects.filter(last_success_at__isnull=False).count() == 2


def test_at_most_one_push_per_event_and_device(bob: Any, push_service: PushService) -> None:
    phone = push_service.new_device()
    register(bob, phone)
    for _ in range(3):  # a double click, a retried request, a re-run task
        pushes.notify("card-drawn", recipient=bob, key="card-drawn:7", partner_name="Alice")
    deliver_outbox()
    tasks.send_message.apply(args=[OutgoingMessage.objects.get().pk])  # re-delivered task
    assert len(push_service.payloads(phone)) == 1
    assert OutgoingMessage.objects.count() == 1


def test_a_device_the_push_service_says_is_gone_is_removed(
    bob: Any, push_service: PushService
) -> None:
    phone = push_service.new_device()
    register(bob, phone)
    push_service.answers[phone.endpoint.rsplit("/", 1)[1]] = [410]
    pushes.notify("card-drawn", recipient=bob, key="card-drawn:8", partner_name="Alice")
    assert deliver_outbox() == ["failed"]
    assert not PushSubscription.objects.exists()
    message = OutgoingMessage.objects.get()  # the record of the attempt stays
    assert message.status == "failed" and "410" in message.error


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_retried_then_the_push_arrives_once(
    bob: Any, push_service: PushService, status: int
) -> None:
    phone = push_service.new_device()
    register(bob, phone)
    push_service.answers[phone.endpoint.rsplit("/", 1)[1]] = [status, status]
    pushes.notify("card-drawn", recipient=bob, key="card-drawn:9", partner_name="Alice")
    message = OutgoingMessage.objects.get()
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 3
    assert len(push_service.payloads(phone)) == 1


def test_a_push_service_that_stays_down_leaves_a_failed_record(
    bob: Any, push_service: PushService
) -> None:
    phone = push_service.new_device()
    register(bob, phone)
    push_service.answers[phone.endpoint.rsplit("/", 1)[1]] = [500] * 10
    pushes.notify("card-drawn", recipient=bob, key="card-drawn:10", partner_name="Alice")
    message = OutgoingMessage.objects.get()
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == services.MAX_ATTEMPTS
    assert PushSubscription.objects.exists()  # a 500 is not a goodbye


def test_a_discreet_person_gets_nothing_identifying(bob: Any, push_service: PushService) -> None:
    phone = push_service.new_device()
    register(bob, phone)
    bob.discreet_notifications = True  # the setting issue #14 adds to the person
    pushes.notify("your-turn", recipient=bob, key="your-turn:c2:1", partner_name="Alice")
    deliver_outbox()
    [payload] = push_service.payloads(phone)
    assert "Alice" not in str(payload) and "turn" not in str(payload)
    assert "CoupleSafe" not in str(payload)  # no app name on a lock screen either
    assert payload == {
        "title": "A note from your practice app",
        "body": "Something is waiting for you.",
        "url": "/",
        "tag": "note",
        "plain": True,  # the service worker shows no app icon
    }


def test_no_partner_push_to_someone_the_outgoing_hook_holds_back(
    bob: Any, push_service: PushService
) -> None:
    register(bob, push_service.new_device())
    bob.is_active = False
    assert pushes.notify("your-turn", recipient=bob, key="k", partner_name="Alice") == 0
    assert not OutgoingMessage.objects.exists()


def test_a_push_signed_with_another_key_would_be_refused(
    bob: Any, push_service: PushService
) -> None:
    # The stand-in really checks: a service that expects another server's key refuses us.
    push_service.server_key = "BAnother" + push_service.server_key[8:]
    phone = push_service.new_device()
    register(bob, phone)
    pushes.notify("card-drawn", recipient=bob, key="card-drawn:11", partner_name="Alice")
    assert deliver_outbox() == ["failed"]
    assert push_service.rejected == ["signed with another server's key"]
    assert push_service.payloads(phone) == []
