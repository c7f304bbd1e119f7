"""The URL × role matrix. Each app's tests/<app>/matrix.py has `rows(world) -> list[Row]`.

tests/test_url_matrix.py walks every URL pattern and fails when one has no row, then checks
every row's expected status for every role it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

ROLES = ("anonymous", "alice", "carol", "solo", "theo", "tara")

LOGIN_REDIRECT = 302


@dataclass
class Row:
    name: str  # the URL name with namespace, e.g. "accounts:profile"
    url: str
    expect: dict[str, int]
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)
    # Where an anonymous 302 must point (most pages send strangers to log in).
    anonymous_redirect: str = "/accounts/login/"


@dataclass
class World:
    alice: Any
    bob: Any
    carol: Any
    dave: Any
    solo: Any
    theo: Any
    tara: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            user = getattr(self, role)
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            for prepare in CLIENT_PREPARERS:
                prepare(client, user)
        return client


# Apps whose views need more than a login (a therapist's verified second factor) append here.
CLIENT_PREPARERS: list[Any] = []


def private(allowed: str | tuple[str, ...] = "alice", **overrides: int) -> dict[str, int]:
    """The usual expectation for a couple's page: anonymous → login, allowed → 200,
    everyone else → 404 (strangers never learn that a thing exists)."""
    allowed_roles = (allowed,) if isinstance(allowed, str) else allowed
    expect = {role: 404 for role in ROLES}
    expect["anonymous"] = LOGIN_REDIRECT
    for role in allowed_roles:
        expect[role] = 200
    expect.update(overrides)
    return expect
