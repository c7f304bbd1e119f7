"""End to end with a REAL Celery worker on Redis and a real SMTP server: a request records the
email, the worker sends it after the commit."""

from __future__ import annotations

import time
from typing import Any

import pytest

from couplesafe.outbox.models import OutgoingMessage
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.outbox.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition: Any, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_an_invite_email_is_sent_by_the_worker_after_the_request_commits(
    celery_worker_on_redis: Any, smtp_server: SmtpServer
) -> None:
    inviter = UserFactory(display_name="Sam")
    response = client_for(inviter).post("/accounts/invite/", {"email": "riley@example.com"})
    assert response.status_code == 302
    wait_for(lambda: OutgoingMessage.objects.filter(status="sent").exists())
    time.sleep(0.3)  # anything extra would arrive now
    [received] = smtp_server.messages()
    assert received["To"] == "riley@example.com"
    assert received["Subject"] == "Sam invited you to CoupleSafe"
