"""Reading a page writes nothing (issue #12: the home page used to resync reminders and
refresh homework on every GET; the dashboard wrote a row per couple on every GET)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_during(client, url: str, **extra) -> list[str]:
    client.get(url, **extra)  # the first look of a session may record it once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def test_the_signed_in_pages_write_nothing_on_get(alice_client) -> None:
    for url in (
        "/home/",
        "/practices/",
        "/rituals/today/",
        "/rituals/together/",
        "/rituals/appreciations/",
    ):
        assert writes_during(alice_client, url) == [], url
    assert (
        writes_during(alice_client, "/home/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="home-live")
        == []
    )
