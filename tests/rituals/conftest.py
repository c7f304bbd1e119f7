from __future__ import annotations

import pytest

from couplesafe.content.models import Item, Version, checksum

FEELINGS = {
    "key": "feelings",
    "title": "Feeling words",
    "groups": [
        {"key": "glad", "label": "Glad", "words": ["happy", "grateful", "proud"]},
        {"key": "calm", "label": "Calm", "words": ["peaceful", "relieved", "safe"]},
        {"key": "tired", "label": "Tired", "words": ["tired", "drained", "flat"]},
    ],
}
CHECKIN = {
    "key": "checkin",
    "title": "Daily check-in",
    "mood_scale": [
        {"value": 1, "label": "Heavy", "hint": "A hard day"},
        {"value": 2, "label": "Low", "hint": "Running a bit low"},
        {"value": 3, "label": "Okay", "hint": "Somewhere in the middle"},
        {"value": 4, "label": "Good", "hint": "Mostly good today"},
        {"value": 5, "label": "Bright", "hint": "Feeling light and well"},
    ],
    "questions": [
        {"key": "space-01", "kind": "space", "text": "What's taking up space for you today?"},
        {"key": "need-01", "kind": "need", "text": "What's one thing you need today?"},
    ],
}


def publish(kind: str, key: str, data: dict) -> Item:
    item, _ = Item.objects.get_or_create(
        kind=kind, key=key, owner=None, defaults={"title": data["title"], "draft": data}
    )
    if item.current_version is None:
        version = Version.objects.create(item=item, number=1, data=data, checksum=checksum(data))
        item.current_version = version
        item.save(update_fields=["current_version"])
    return item


@pytest.fixture
def ritual_content(db):
    """The feeling words and check-in questions, as published content Versions."""
    publish("words", "feelings", FEELINGS)
    publish("checkin", "checkin", CHECKIN)
