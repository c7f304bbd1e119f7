"""Error reports (Sentry, opt-in) leave without bodies, cookies, words or personal fields."""

from __future__ import annotations

import sentry_sdk
from sentry_sdk.transport import Transport

from couplesafe.lib.error_reports import scrub


class Capture(Transport):
    """Sentry's own transport interface, keeping envelopes instead of sending them."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict] = []  # type: ignore[type-arg]

    def capture_envelope(self, envelope) -> None:  # type: ignore[no-untyped-def]
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


def test_a_reported_error_carries_no_words_or_personal_fields(alice) -> None:
    from django.test import Client

    transport = Capture()
    sentry_sdk.init(
        dsn="https://public@sentry.example/1",
        transport=transport,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
    )
    try:
        client = Client(raise_request_exception=False)
        client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
        # Built at run time: the event quotes source lines around the raise, not values.
        secret_words = " ".join(["I felt", "so alone", "last night"])
        try:
            raise ValueError("boom")
        except ValueError:
            with sentry_sdk.new_scope() as scope:
                scope.set_user({"id": alice.pk, "email": alice.email, "username": "alice"})
                scope.set_context("form", {"text": secret_words})
                sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert transport.events
    event = transport.events[0]
    text = str(event)
    assert secret_words not in text
    assert event["user"] == {"id": alice.pk}
    assert alice.email not in str(event["user"])


def test_scrub_drops_bodies_cookies_query_strings_and_frame_variables() -> None:
    event = {
        "request": {
            "method": "POST",
            "url": "https://x.example/accounts/invite/accept/TOKEN/",
            "query_string": "email=alice@example.com",
            "data": {"text": "private words"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Request-ID": "r1", "Referer": "/x?y"},
        },
        "user": {"id": 7, "email": "alice@example.com", "ip_address": "1.2.3.4"},
        "extra": {"words": "private words"},
        "breadcrumbs": {
            "values": [{"category": "query", "message": "SELECT 'private words'", "data": {}}]
        },
        "exception": {
            "values": [{"stacktrace": {"frames": [{"vars": {"text": "private words"}}]}}]
        },
    }
    cleaned = scrub(event)
    text = str(cleaned)
    for secret in ("private words", "alice@example.com", "TOKEN", "sessionid", "1.2.3.4"):
        assert secret not in text
    assert cleaned["request"] == {"method": "POST", "headers": {"X-Request-ID": "r1"}}
    assert cleaned["user"] == {"id": 7}
