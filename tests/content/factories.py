"""Small, valid content built straight through the publish service (no files needed)."""

from __future__ import annotations

import copy
from typing import Any

from couplesafe.content import services
from couplesafe.content.models import Card, Item, Version

PRACTICE: dict[str, Any] = {
    "key": "tiny-talk",
    "title": "Tiny Talk",
    "kind": "dialogue",
    "summary": "A very short talk.",
    "for_whom": "For anyone.",
    "minutes": 10,
    "why": "Small steps help.",
    "steps": [
        {
            "key": "share",
            "actor": "sender",
            "title": "Share",
            "instructions": "Say one thing.",
            "waiting": "{name} is writing.",
            "input": "text",
            "stems": ["I feel…"],
        },
        {
            "key": "check",
            "actor": "sender",
            "title": "Did they get it?",
            "instructions": "Tell them.",
            "waiting": "{name} is reading.",
            "input": "confirm",
            "confirm_labels": {"yes": "Yes", "no": "Almost"},
            "branches": {"no": "share"},
            "next": "thanks",
        },
        {
            "key": "thanks",
            "actor": "both",
            "title": "Thank each other",
            "instructions": "Say thanks.",
            "waiting": "Waiting for {name}.",
            "input": "text",
            "stems": ["Thank you."],
            "then": "end",
        },
    ],
}


def practice_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(PRACTICE)
    data.update(changes)
    return data


def deck_data(key: str = "tiny-deck", cards: int = 6) -> dict[str, Any]:
    categories = ["connect", "communicate", "create"]
    depths = ["light", "deeper", "tender"]
    return {
        "key": key,
        "title": "Tiny deck",
        "categories": {name: f"{name} cards" for name in categories},
        "cards": [
            {
                "key": f"{key}-{n:03d}",
                "category": categories[n % 3],
                "depth": depths[(n // 3) % 3],
                "text": f"Question {n} of {key}?",
            }
            for n in range(cards)
        ],
    }


def publish(kind: str, data: dict[str, Any], owner: Any = None) -> Item:
    item = Item.objects.create(
        kind=kind, key=data["key"], title=data["title"], draft=data, owner=owner
    )
    services.item_publish(item=item)
    item.refresh_from_db()
    return item


def make_practice(owner: Any = None, **changes: Any) -> Item:
    return publish(Item.Kind.PRACTICE, practice_data(**changes), owner)


def make_deck(owner: Any = None, key: str = "tiny-deck", cards: int = 6) -> Item:
    return publish(Item.Kind.DECK, deck_data(key, cards), owner)


def first_card(deck: Item) -> Card:
    card = deck.cards.order_by("position").first()
    assert card is not None
    return card


def current(item: Item) -> Version:
    assert item.current_version is not None
    return item.current_version
