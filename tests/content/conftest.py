from __future__ import annotations

import pytest

from couplesafe.content import access


@pytest.fixture
def tara_links_alice(alice, bob, tara):
    """Stand-in for the therapists app: Tara is linked to Alice and Bob."""

    def resolver(user):
        return [tara.pk] if user.pk in (alice.pk, bob.pk) else []

    access.register_owner_resolver(resolver)
    yield
    access._resolvers.remove(resolver)
