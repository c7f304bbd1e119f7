"""Every surface that shows a check-in, a shared conversation or a private note asks
couplesafe.visibility, and nothing else: with each rule allowing, planted markers show on each
surface; with the one rule function made to refuse, they vanish from every surface at once.
(Replacing the rule function is the test's probe, not a stand-in for a dependency.)"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client

from couplesafe import visibility
from couplesafe.accounts import data_rights
from couplesafe.visibility import Sight
from rituals import checkins
from tests.conftest import client_for
from tests.rituals.conftest import ritual_content  # noqa: F401 (a fixture)
from tests.therapists import data
from therapists.models import CareConsent, CareLink, SharedItem

CHECKIN = "MARKER-CHECKIN-v1"
TURN = "MARKER-TURN-v2"
NOTE = "MARKER-NOTE-v3"
MOOD = "1 (low) to 5 (good)"  # Bob's shared mood trend (its accessible label)
REVEALED = "has too"  # the home card once both have checked in


@pytest.fixture
def planted(theo_link: CareLink, alice: Any, bob: Any, ritual_content: Any) -> dict[str, Any]:  # noqa: F811
    checkins.checkin_record(user=alice, mood=4, feelings=[])
    theirs = checkins.checkin_record(user=bob, mood=2, feelings=[], space_text=CHECKIN)
    SharedItem.objects.create(link=theo_link, user=bob, kind="checkin", item_id=theirs.public_id)
    CareConsent.objects.filter(link=theo_link, user=bob).update(share_mood=True)
    conv = data.conversation(theo_link.couple, alice)
    data.turn(conv, alice, TURN)
    for partner in (alice, bob):
        SharedItem.objects.create(
            link=theo_link, user=partner, kind="conversation", item_id=conv.public_id
        )
    data.note(conv, bob, NOTE)
    return {"conversation": conv}


def surfaces(
    planted: dict[str, Any], link: CareLink, alice: Any, bob: Any, theo_client: Client
) -> dict[str, str]:
    alice_client, bob_client = client_for(alice), client_for(bob)
    c = link.couple.public_id
    archive = zipfile.ZipFile(io.BytesIO(data_rights.export_archive(user=bob)))
    exported = "".join(archive.read(name).decode() for name in archive.namelist())
    return {
        "home card": alice_client.get("/home/").text,
        "Together page": alice_client.get("/rituals/together/").text,
        "view as your therapist": alice_client.get(f"/therapist/care/{link.public_id}/view/").text,
        "therapist dashboard": theo_client.get("/therapist/couples/").text,
        "therapist couple page": theo_client.get(f"/therapist/couples/{c}/").text,
        "transcript (the note's author)": bob_client.get(
            f"/practices/{planted['conversation'].public_id}/transcript/"
        ).text,
        "export": json.dumps(exported),
    }


EXPECTED = {
    "home card": [REVEALED],
    "Together page": [CHECKIN],
    "view as your therapist": [CHECKIN, TURN],
    "therapist dashboard": [MOOD],
    "therapist couple page": [CHECKIN, TURN, MOOD],
    "transcript (the note's author)": [NOTE],
    "export": [CHECKIN, NOTE],
}


def test_every_surface_shows_what_the_rules_allow(
    planted: dict[str, Any], theo_link: CareLink, alice: Any, bob: Any, theo_client: Client
) -> None:
    pages = surfaces(planted, theo_link, alice, bob, theo_client)
    for surface, markers in EXPECTED.items():
        for marker in markers:
            assert marker in pages[surface], f"{marker} missing on {surface}"


def test_every_surface_goes_through_the_one_rule_function(
    planted: dict[str, Any],
    theo_link: CareLink,
    alice: Any,
    bob: Any,
    theo_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(visibility, "checkin_sight", lambda *a, **k: Sight.CHECKED_IN)
    monkeypatch.setattr(visibility, "conversation_shared_with_therapist", lambda *a: False)
    monkeypatch.setattr(visibility, "note_visible_to", lambda *a: False)
    pages = surfaces(planted, theo_link, alice, bob, theo_client)
    for surface, markers in EXPECTED.items():
        for marker in markers:
            assert marker not in pages[surface], f"{surface} decides {marker} on its own"
