"""Helpers for the tests that prove a list's page costs the same at 10× the data: how many
queries a GET runs and how many stored words it decrypts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from couplesafe.lib import crypto


@dataclass
class Cost:
    queries: int
    decrypted: int
    body: str


@contextmanager
def counting_decryptions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts real decryptions (values that hold ciphertext) while the block runs."""
    real = crypto.decrypt
    count = [0]

    def counted(stored: str) -> str:
        if stored.startswith(crypto.PREFIX):
            count[0] += 1
        return real(stored)

    with monkeypatch.context() as patch:
        patch.setattr(crypto, "decrypt", counted)
        yield count


def cost(client: Client, url: str, monkeypatch: pytest.MonkeyPatch, **extra: object) -> Cost:
    client.get(url, **extra)  # warm: a first look may record something once
    with counting_decryptions(monkeypatch) as decrypted, CaptureQueriesContext(connection) as q:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return Cost(len(q.captured_queries), decrypted[0], response.content.decode())
