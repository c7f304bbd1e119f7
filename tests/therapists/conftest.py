from __future__ import annotations

import pytest

from tests.therapists.helpers import make_link, therapist_client


@pytest.fixture
def theo_link(theo, alice, bob):  # type: ignore[no-untyped-def]
    """Theo linked to Alice and Bob, both consented."""
    return make_link(theo, alice, bob)


@pytest.fixture
def theo_client(theo):  # type: ignore[no-untyped-def]
    return therapist_client(theo)


@pytest.fixture
def tara_client(tara):  # type: ignore[no-untyped-def]
    return therapist_client(tara)
