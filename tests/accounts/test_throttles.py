"""Password checks cannot starve the server, re-confirmation is throttled like login, and the
client address is the one the deployment sees (TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client, RequestFactory

from couplesafe.accounts import hashers
from couplesafe.lib.client_address import client_ip
from tests.conftest import client_for
from tests.factories import PASSWORD


def test_logins_from_one_address_are_paused_before_any_password_is_hashed(
    db, settings, monkeypatch
) -> None:
    settings.PASSWORD_TRIES_PER_ADDRESS = 3
    checked = []
    from django.contrib.auth.hashers import MD5PasswordHasher

    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a: checked.append(1) or original(self, *a)
    )
    client = Client()
    for n in range(3):
        page = client.post(
            "/accounts/login/", {"username": f"nobody{n}@example.com", "password": "x" * 12}
        )
        assert page.status_code == 200
    hashed_before = len(checked)
    paused = client.post("/accounts/login/", {"username": "other@example.com", "password": "y"})
    assert paused.status_code == 429
    assert paused["Retry-After"]
    assert "paused them for about" in paused.content.decode()
    assert len(checked) == hashed_before  # no hashing for the refused try


@pytest.mark.parametrize(
    "path", ["/accounts/data/export/", "/accounts/couple/leave/", "/accounts/delete/"]
)
def test_password_reconfirmation_is_throttled_like_login(alice, settings, path) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = client_for(alice)
    for _ in range(3):
        page = client.post(path, {"password": "wrong password"})
        assert "That password is not right" in page.content.decode()
    page = client.post(path, {"password": PASSWORD})  # even the right one waits now
    assert "paused this for about" in page.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_password_change_old_password_is_throttled_like_login(alice, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    client = client_for(alice)
    data = {"new_password1": "a new calm sentence", "new_password2": "a new calm sentence"}
    for _ in range(2):
        page = client.post("/accounts/password/", {**data, "old_password": "wrong"})
        assert "That is not your current password" in page.content.decode()
    page = client.post("/accounts/password/", {**data, "old_password": PASSWORD})
    assert "paused this for about" in page.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_client_address_ignores_forwarded_headers_unless_proxies_are_trusted(
    settings,
) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # what our proxy saw; 6.6.6.6 was typed
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than configured: the direct peer
    assert client_ip(request) == "10.0.0.1"


def test_behind_the_proxy_one_persons_wrong_passwords_do_not_lock_out_another(
    alice, bob, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(4):
        Client().post(
            "/accounts/login/",
            {"username": "alice@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            **proxy,
        )
    # Bob types Alice's email from another home: a different client address, not locked.
    other = Client().post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.50",
        **proxy,
    )
    assert other.status_code == 302
    locked = Client().post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert locked.status_code == 429


def test_argon2_uses_owasp_parameters_and_bounded_slots(settings) -> None:
    settings.PASSWORD_HASHERS = ["couplesafe.accounts.hashers.BoundedArgon2PasswordHasher"]
    hasher = get_hasher("default")
    encoded = hasher.encode("a calm river", hasher.salt())
    assert "$argon2id$" in encoded and "m=19456,t=2,p=1" in encoded
    assert hasher.verify("a calm river", encoded)


def test_a_full_set_of_hashing_slots_gives_a_kind_busy_page(db, settings, monkeypatch) -> None:
    settings.PASSWORD_HASHERS = ["couplesafe.accounts.hashers.BoundedArgon2PasswordHasher"]
    settings.PASSWORD_HASH_WAIT = 0
    settings.PASSWORD_HASH_CONCURRENCY = 1
    hashers.forget_slots()
    slots = hashers._semaphore()
    slots.acquire()
    try:
        page = Client().post("/accounts/login/", {"username": "a@example.com", "password": "x"})
    finally:
        slots.release()
        hashers.forget_slots()
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "many people are logging in" in page.content.decode()
