#!/usr/bin/python3
"""A small mail catcher standing in for Mailpit where its image cannot be pulled.

`/mailpit` serves SMTP on :1025 (aiosmtpd) and HTTP on :8025 with the part of Mailpit's API
that bin/compose-check reads: GET /api/v1/messages (newest first), GET /api/v1/message/<ID>
(with Text and HTML bodies) and GET /readyz. `/mailpit readyz` is the health check, as in the
real image. Messages live in memory only.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import json
import sys
import threading
import urllib.request
from datetime import UTC, datetime
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SMTP_PORT = 1025
HTTP_PORT = 8025

_lock = threading.Lock()
_messages: list[dict[str, object]] = []
_ids = itertools.count(1)


def _addresses(value: str | None) -> list[dict[str, str]]:
    return [{"Name": name, "Address": addr} for name, addr in getaddresses([value or ""]) if addr]


def _body(message: email.message.EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


def store(raw: bytes) -> dict[str, object]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    text = _body(message, "plain")
    with _lock:
        record: dict[str, object] = {
            "ID": str(next(_ids)),
            "MessageID": str(message.get("Message-ID", "")),
            "From": (_addresses(message.get("From")) or [{"Name": "", "Address": ""}])[0],
            "To": _addresses(message.get("To")),
            "Subject": str(message.get("Subject", "")),
            "Created": datetime.now(UTC).isoformat(),
            "Snippet": " ".join(text.split())[:250],
            "Text": text,
            "HTML": _body(message, "html"),
        }
        _messages.append(record)
    return record


class SmtpHandler:
    async def handle_DATA(self, server, session, envelope) -> str:
        store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


SUMMARY_FIELDS = ("ID", "MessageID", "From", "To", "Subject", "Created", "Snippet")


class HttpHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/readyz", "/livez"):
            self._send(200, b"ok\n", "text/plain")
            return
        with _lock:
            messages = list(reversed(_messages))
        if path == "/api/v1/messages":
            summaries = [{key: m[key] for key in SUMMARY_FIELDS} for m in messages]
            payload = {"total": len(summaries), "count": len(summaries), "messages": summaries}
            self._send(200, json.dumps(payload).encode(), "application/json")
            return
        if path.startswith("/api/v1/message/"):
            wanted = path.rsplit("/", 1)[1]
            for message in messages:
                if message["ID"] == wanted:
                    self._send(200, json.dumps(message).encode(), "application/json")
                    return
        self._send(404, b"not found\n", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the check polls the listing every few seconds


def serve() -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(SmtpHandler(), hostname="0.0.0.0", port=SMTP_PORT)  # noqa: S104
    controller.start()
    print(f"mail catcher: SMTP on :{SMTP_PORT}, HTTP listing on :{HTTP_PORT}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", HTTP_PORT), HttpHandler).serve_forever()  # noqa: S104


def readyz() -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/readyz", timeout=3) as reply:
            return 0 if reply.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(readyz() if sys.argv[1:] == ["readyz"] else serve())
