"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), which can be stopped and started.

`SmtpServer.received` holds the raw bytes of every message as they crossed the wire, so a
test can parse exactly what a mail provider would get. `refuse` makes it answer RCPT with a
given SMTP code (a 550 "no such user", a 421 "try later").
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, smtp: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.server.attempts += 1
        if self.server.refuse:
            return self.server.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        self.server.received.append(bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[bytes] = []
        self.refuse = ""
        self.attempts = 0  # recipients offered (RCPT commands), refused or not
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def mailer(self) -> dict[str, dict[str, Any]]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
            for raw in self.received
        ]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A running SMTP server that Django's default mailer points at."""
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailer
    try:
        yield server
    finally:
        server.stop()
