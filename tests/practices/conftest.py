"""Practice versions built straight from the shipped YAML, and helpers that drive a
conversation through its pages as two partners would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from couplesafe.content.models import Item, Version, checksum
from practices.models import Conversation

LIBRARY = Path(__file__).resolve().parents[2] / "couplesafe" / "content" / "library"


def practice_data(key: str) -> dict[str, Any]:
    return yaml.safe_load((LIBRARY / "practices" / f"{key}.yaml").read_text())


def publish(kind: str, key: str, data: dict[str, Any], number: int = 1) -> Version:
    item, _ = Item.objects.get_or_create(
        kind=kind, key=key, owner=None, defaults={"title": data.get("title", key), "draft": data}
    )
    version = Version.objects.create(item=item, number=number, data=data, checksum=checksum(data))
    item.current_version = version
    item.save(update_fields=["current_version"])
    return version


@pytest.fixture
def feelings(db) -> Version:
    data = yaml.safe_load((LIBRARY / "words" / "feelings.yaml").read_text())
    return publish("words", "feelings", data)


@pytest.fixture
def dialogue(db, feelings) -> Version:
    return publish("practice", "intentional-dialogue", practice_data("intentional-dialogue"))


@pytest.fixture
def repair(db, feelings) -> Version:
    return publish("practice", "repair-after-rupture", practice_data("repair-after-rupture"))


@pytest.fixture
def validation(db, feelings) -> Version:
    return publish("practice", "validation-practice", practice_data("validation-practice"))


def fresh(conv: Conversation) -> Conversation:
    return Conversation.objects.get(pk=conv.pk)


def start(
    client: Client, key: str, topic: str = "Weekend plans", first: str = "me"
) -> Conversation:
    response = client.post(f"/practices/start/{key}/", {"topic": topic, "first": first})
    assert response.status_code == 302, response.content.decode()[:2000]
    public_id = re.search(r"/practices/([0-9a-f-]{36})/", response["Location"]).group(1)
    return Conversation.objects.get(public_id=public_id)


def answer(
    client: Client, conv: Conversation, *, text: str = "", choice: str = "", **extra: Any
) -> Any:
    """Submit the current step as this client, with the state_version the page shows now."""
    data: dict[str, Any] = {"state_version": fresh(conv).state_version, **extra}
    if text:
        data["text"] = text
    if choice:
        data["choice"] = choice
    return client.post(f"/practices/{conv.public_id}/turn/", data)


def step_of(conv: Conversation) -> str:
    return fresh(conv).current_step_key
