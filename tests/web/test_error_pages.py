"""400, 403, CSRF, 404 and 500 pages: calm, in the base layout with the crisis link, with CSP."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from couplesafe import urls as root_urls


def boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


def forbidden(request):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [
    *root_urls.urlpatterns,
    path("test-boom/", boom),
    path("test-forbidden/", forbidden),
]
handler400 = root_urls.handler400
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500


def _assert_calm_page(response, heading: str) -> None:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert heading in body
    assert 'href="/help/"' in body  # the crisis-help footer
    assert "Content-Security-Policy" in response.headers
    assert "Traceback" not in body and "a bug" not in body


@pytest.fixture
def error_client(settings) -> Client:
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_404_page(error_client, db) -> None:
    response = error_client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_calm_page(response, "We could not find that page")


def test_500_page(error_client, db) -> None:
    response = error_client.get("/test-boom/")
    assert response.status_code == 500
    _assert_calm_page(response, "Something went wrong on our side")


def test_403_page(error_client, db) -> None:
    response = error_client.get("/test-forbidden/")
    assert response.status_code == 403
    _assert_calm_page(response, "This page is not open to you")


def test_400_page_for_a_nul_byte_in_the_address(error_client, db) -> None:
    response = error_client.get("/therapist/join/AB%00CDEFGH/")
    assert response.status_code == 400
    _assert_calm_page(response, "We could not read that")


def test_csrf_failure_says_what_happened_and_shows_what_was_typed(alice) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/rituals/appreciations/",
        {
            "text": "Thank you for the tea <3",
            "password": "secret words",
            "csrfmiddlewaretoken": "x",
        },
    )
    assert response.status_code == 403
    _assert_calm_page(response, "Your form was not sent")
    body = response.content.decode()
    assert "Thank you for the tea &lt;3" in body
    assert "secret words" not in body
    assert 'href="/rituals/appreciations/"' in body
