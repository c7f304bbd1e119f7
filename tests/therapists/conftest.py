from __future__ import annotations

import pytest

from tests.therapists.helpers import make_link, therapist_client


@pytest.fixture
def theo_link(theo, alice, bob):
    """Theo linked to Alice and Bob, both consented."""
    return make_link(theo, alice, bob)


@pytest.fixture
def theo_client(theo):
    return therapist_client(theo)


@pytest.fixture
def tara_client(tara):
    return therapist_client(tara)
