from __future__ import annotations

import pytest

from tests.rights.markers import plant


@pytest.fixture
def planted(alice, bob, carol, dave, theo):
    """Markers in every model with personal words: alice's and bob's in their couple, carol's
    in hers, and theo's therapist notes about alice and bob."""
    couple, other = alice.active_couple, carol.active_couple
    return {
        "alice": plant(
            owner=alice, couple=couple, tag="alice", role="partner", partner=bob, partner_tag="bob"
        ),
        "bob": plant(
            owner=bob, couple=couple, tag="bob", role="partner", partner=alice, partner_tag="alice"
        ),
        "carol": plant(
            owner=carol, couple=other, tag="carol", role="partner", partner=dave, partner_tag="dave"
        ),
        "theo": plant(owner=theo, couple=couple, tag="theo", role="therapist"),
    }


# Who answers whom in the planted rows (a reply to an appreciation is the partner's words).
PARTNER_TAG = {"alice": "bob", "bob": "alice", "carol": "dave", "theo": "nobody"}
