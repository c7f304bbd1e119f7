"""Wrong method → 405 on every foundation page (the fourth line of djangoproject.com's triplet)."""

from __future__ import annotations

import pytest

from couplesafe.accounts import services
from tests.conftest import client_for

WRONG_METHODS = [
    ("/", "POST"),
    ("/home/", "POST"),
    ("/help/", "POST"),
    ("/healthz", "POST"),
    ("/accounts/signup/", "PUT"),
    ("/accounts/login/", "PUT"),
    ("/accounts/logout/", "GET"),
    ("/accounts/profile/", "DELETE"),
    ("/accounts/password/", "PUT"),
    ("/accounts/password/reset/", "PUT"),
    ("/accounts/password/reset/sent/", "POST"),
    ("/accounts/password/reset/MQ/bad-token/", "PUT"),
    ("/accounts/password/reset/done/", "POST"),
    ("/accounts/invite/", "PUT"),
    ("/accounts/invite/code/", "GET"),
    ("/accounts/invite/{public_id}/cancel/", "GET"),
    ("/accounts/invite/accept/{token}/", "PUT"),
    ("/accounts/couple/leave/", "DELETE"),
]


@pytest.mark.parametrize(("path", "method"), WRONG_METHODS)
def test_a_wrong_method_gets_405(solo, path, method) -> None:
    invite, token = services.invite_create(inviter=solo)
    url = path.format(public_id=invite.public_id, token=token)
    response = client_for(solo).generic(method, url)
    assert response.status_code == 405, url


@pytest.mark.parametrize(
    "path", ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
)
def test_public_pages_refuse_a_wrong_method_when_logged_out_too(client, db, path) -> None:
    assert client.generic("PATCH", path).status_code == 405
