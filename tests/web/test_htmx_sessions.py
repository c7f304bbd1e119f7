"""htmx requests after a session ended, Vary, history restores and no-store."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}
CONV = uuid.UUID(
    "5e7c1d2a-0b6f-4c1e-9a3d-2f8b7c6d5e4f"
)  # fixed: parallel workers collect the same ids


@pytest.mark.parametrize(
    ("method", "url", "page"),
    [
        ("get", f"/practices/{CONV}/version/?v=3", f"/practices/{CONV}/"),
        ("post", f"/practices/{CONV}/turn/", f"/practices/{CONV}/"),
        ("get", "/content/cards/current/", "/content/cards/"),
        ("post", "/content/cards/draw/", "/content/cards/"),
        ("get", "/therapist/couples/?show=all", "/therapist/couples/?show=paused"),
    ],
)
def test_an_htmx_request_after_the_session_ended_is_sent_to_log_in(db, method, url, page) -> None:
    response = getattr(Client(), method)(
        url,
        {"text": "what I was typing"} if method == "post" else None,
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        **HTMX,
    )
    assert response.status_code == 401
    assert response["X-Session-Ended"] == "1"
    target = urlsplit(response["HX-Redirect"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query)["next"] == [page]
    assert b"<form" not in response.content  # never a login page inside the fragment


def test_a_next_from_another_site_is_not_used(db) -> None:
    response = Client().get(
        "/content/cards/current/", HTTP_HX_CURRENT_URL="https://evil.example/steal", **HTMX
    )
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/content/cards/current/"]


def test_an_ordinary_request_after_the_session_ended_still_redirects(db) -> None:
    response = Client().get("/content/cards/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_pages_vary_on_hx_request_and_signed_in_pages_are_not_stored(alice_client) -> None:
    for url in ("/home/", "/content/cards/", "/rituals/today/", "/accounts/profile/"):
        response = alice_client.get(url)
        assert "HX-Request" in response["Vary"], url
        assert "no-store" in response["Cache-Control"], url
    public = Client().get("/help/")
    assert "HX-Request" in public["Vary"]
    assert "no-store" not in public.get("Cache-Control", "")


def test_a_history_restore_gets_the_whole_page(theo, db) -> None:
    from tests.therapists.helpers import therapist_client

    client = therapist_client(theo)
    fragment = client.get("/therapist/couples/?show=paused", **HTMX)
    assert b"<html" not in fragment.content
    restored = client.get(
        "/therapist/couples/?show=paused", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert b"<html" in restored.content
    assert "no-store" in restored["Cache-Control"]


def test_a_login_answer_is_not_stored_either(alice) -> None:
    from tests.factories import PASSWORD

    response = Client().post(
        "/accounts/login/", {"username": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_says_the_session_ended_when_sent_back(db) -> None:
    page = Client().get("/accounts/login/?next=/practices/")
    assert "Please log in to go on where you were" in page.content.decode()
