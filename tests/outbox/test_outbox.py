"""The one outgoing path: recorded, sent by a task after commit, retried, visible, never lost.

These tests talk to a real SMTP server on 127.0.0.1 (aiosmtpd) and read the raw bytes it got.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from couplesafe.accounts.models import Invite
from couplesafe.lib import emails
from couplesafe.outbox import services, tasks
from couplesafe.outbox.models import OutgoingMessage
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.outbox.helpers import deliver_outbox
from tests.outbox.smtp import SmtpServer

pytestmark = pytest.mark.django_db


def invite_by_email(user: Any, capture: Any) -> Any:
    with capture(execute=True):
        return client_for(user).post("/accounts/invite/", {"email": "riley@example.com"})


def test_an_email_invite_while_the_mail_server_is_down_is_saved_and_queued_for_retry(
    solo: Any, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    smtp_server.stop()  # the mail server dies
    response = invite_by_email(solo, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Invite.objects.filter(inviter=solo, email="riley@example.com").exists()
    message = OutgoingMessage.objects.get(kind="invite")
    assert message.status == "queued" and message.to == "riley@example.com"

    # The task's first try meets the dead server: the row goes back to the queue for a retry.
    with pytest.raises(services.TransientSendError):
        services.message_deliver(message_id=message.pk, retries_left=3)
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 1
    assert "Connection" in message.error

    smtp_server.start()  # back up: the retry sends it, once
    assert services.message_deliver(message_id=message.pk, retries_left=2) == "sent"
    [received] = smtp_server.messages()
    assert received["To"] == "riley@example.com"
    assert "/accounts/invite/accept/" in received.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_nothing_is_sent_inside_the_request(
    solo: Any, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    invite_by_email(solo, django_capture_on_commit_callbacks)
    assert smtp_server.received == []
    assert OutgoingMessage.objects.get().status == "queued"


def test_a_task_delivered_twice_sends_one_email(solo: Any, smtp_server: SmtpServer) -> None:
    from couplesafe.accounts import services as accounts

    accounts.invite_create(inviter=solo, email="riley@example.com")
    message = OutgoingMessage.objects.get()
    tasks.send_message.apply(args=[message.pk])
    tasks.send_message.apply(args=[message.pk])  # re-delivered by the broker
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.finished_at


def test_the_task_retries_a_dead_server_a_bounded_number_of_times_then_records_failed(
    solo: Any, smtp_server: SmtpServer
) -> None:
    from couplesafe.accounts import services as accounts

    smtp_server.stop()
    accounts.invite_create(inviter=solo, email="riley@example.com")
    message = OutgoingMessage.objects.get()
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == services.MAX_ATTEMPTS
    assert "ConnectionRefused" in message.error


def test_a_permanent_refusal_fails_at_once_and_a_busy_mailbox_is_retried(
    solo: Any, smtp_server: SmtpServer
) -> None:
    from couplesafe.accounts import services as accounts

    accounts.invite_create(inviter=solo, email="riley@example.com")
    message = OutgoingMessage.objects.get()
    smtp_server.refuse = "450 Mailbox busy, try again later"
    with pytest.raises(services.TransientSendError):
        services.message_deliver(message_id=message.pk, retries_left=1)
    smtp_server.refuse = "550 No such user here"
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 2
    assert "SMTPRecipientsRefused" in message.error and "550" in message.error


def test_list_unsubscribe_is_a_plain_header_in_the_raw_message(
    theo: Any, smtp_server: SmtpServer
) -> None:
    unsubscribe = "http://testserver/therapist/digest/stop/" + "eyJ1c2VyIjoiMTIzNDU2In0" * 4 + "/"
    emails.send_therapist_digest(
        recipient=theo, completions=[], link_url="http://testserver/", unsubscribe_url=unsubscribe
    )
    deliver_outbox()
    [raw] = smtp_server.received
    header_block = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = header_block.replace(b"\r\n", b"\n").split(b"\n")
    [line] = [line for line in lines if line.startswith(b"List-Unsubscribe:")]
    assert line == b"List-Unsubscribe: <" + unsubscribe.encode() + b">"
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{unsubscribe}>"


def test_plain_text_parts_are_plain_text_by_construction(db: Any, smtp_server: SmtpServer) -> None:
    UserFactory(email="siobhan@example.com", display_name="Siobhán O'Brien")
    Client().post("/accounts/password/reset/", {"email": "siobhan@example.com"})
    deliver_outbox()
    [received] = smtp_server.messages()
    text = received.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = received.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Hello Siobhán O'Brien," in text and "&#x27;" not in text and "&amp;" not in text
    assert "O&#x27;Brien" in html  # the HTML part is still escaped


def test_emails_render_times_in_the_recipients_time_zone(db: Any) -> None:
    moment = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    completions = [{"couple": "A & B", "title": "Daily check-in", "completed_at": moment}]
    berlin = UserFactory(time_zone="Europe/Berlin")
    angeles = UserFactory(time_zone="America/Los_Angeles")
    context = {"name": "T", "completions": completions, "link_url": "", "unsubscribe_url": ""}
    assert (
        "(2 Dec)" in emails.render("therapist-digest", recipient=berlin, context=context).body_text
    )
    assert (
        "(1 Dec)" in emails.render("therapist-digest", recipient=angeles, context=context).body_text
    )
    assert timezone.get_current_timezone_name() == "UTC"  # the override ended with the render


def test_a_partner_facing_email_is_not_recorded_when_the_hook_says_no(alice: Any, bob: Any) -> None:
    bob.is_active = False
    bob.save()
    assert services.partner_messages_allowed(bob) is False
    emails.send_conversation_invite(recipient=bob, partner_name="Alice", path="/x/")
    assert not OutgoingMessage.objects.exists()


def test_the_sweep_requeues_lost_tasks_and_records_interrupted_sends(solo: Any) -> None:
    from couplesafe.accounts import services as accounts

    start = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        accounts.invite_create(inviter=solo, email="one@example.com")
    lost = OutgoingMessage.objects.get()
    stuck = OutgoingMessage.objects.create(
        kind="invite", to="two@example.com", status="sending", sending_at=start
    )
    result = services.outbox_sweep(now=start + dt.timedelta(hours=1))
    assert (result.requeued, result.interrupted) == (1, 1)
    lost.refresh_from_db()
    stuck.refresh_from_db()
    assert lost.status == "queued" and lost.enqueued_at == start + dt.timedelta(hours=1)
    assert stuck.status == "failed" and "Interrupted" in stuck.error


def test_the_admin_shows_each_message_with_its_state_but_not_its_body(
    solo: Any, smtp_server: SmtpServer
) -> None:
    from couplesafe.accounts import services as accounts

    smtp_server.refuse = "550 No such user here"
    _, token = accounts.invite_create(inviter=solo, email="riley@example.com")
    deliver_outbox()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(staff)
    page = client.get("/admin/outbox/outgoingmessage/").content.decode()
    assert "riley@example.com" in page and "Failed" in page
    message = OutgoingMessage.objects.get()
    detail = client.get(f"/admin/outbox/outgoingmessage/{message.pk}/change/").content.decode()
    assert "550" in detail and token not in detail

    smtp_server.refuse = ""
    client.post(
        "/admin/outbox/outgoingmessage/",
        {"action": "send_again", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 0
    assert deliver_outbox() == ["sent"]
