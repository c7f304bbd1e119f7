"""Every practices URL for every role: the couple's conversation is theirs alone."""

from __future__ import annotations

import yaml

from couplesafe.content.models import Item, Version, checksum
from practices import services
from tests.matrix import ROLES, Row, World, private
from tests.practices.conftest import LIBRARY


def _version() -> Version:
    data = yaml.safe_load((LIBRARY / "practices" / "validation-practice.yaml").read_text())
    item = Item.objects.filter(kind="practice", key=data["key"], owner=None).first()
    if item is None:
        item = Item.objects.create(
            kind="practice", key=data["key"], title=data["title"], draft=data
        )
    if item.current_version is None:
        item.current_version = Version.objects.create(
            item=item, number=1, data=data, checksum=checksum(data)
        )
        item.save(update_fields=["current_version"])
    return item.current_version


def rows(world: World) -> list[Row]:
    version = _version()
    conv = services.conversation_start(
        user=world.alice, version=version, topic="Matrix", sender=world.alice
    )
    base = f"/practices/{conv.public_id}"
    both = ("alice",)
    logged_in = {role: 200 for role in ROLES} | {"anonymous": 302}
    return [
        Row("practices:list", "/practices/", logged_in),
        # Only people in a couple can start; everyone else learns nothing.
        Row(
            "practices:start", "/practices/start/validation-practice/", private(("alice", "carol"))
        ),
        Row(
            "practices:gentle", "/practices/gentle/", logged_in, method="POST", data={"text": "hi"}
        ),
        Row("practices:detail", f"{base}/", private(both)),
        Row("practices:version", f"{base}/version/?v=0", private(both)),
        # Not alice's turn to answer anything yet (bob has not accepted): a kind 409.
        Row(
            "practices:turn",
            f"{base}/turn/",
            private(both, alice=409),
            method="POST",
            data={"state_version": 1, "text": "hello"},
        ),
        # Alice started it, so only Bob accepts; she gets a kind refusal.
        Row("practices:accept", f"{base}/accept/", private(both, alice=409), method="POST"),
        Row(
            "practices:propose",
            f"{base}/propose/",
            private(both),
            method="POST",
            data={"when": ""},
        ),
        # Alice asked, so only Bob answers; her attempts are kind refusals (409).
        Row("practices:agree", f"{base}/agree/", private(both, alice=409), method="POST"),
        Row("practices:decline", f"{base}/decline/", private(both, alice=409), method="POST"),
        Row(
            "practices:mode",
            f"{base}/mode/",
            private(both, alice=409),
            method="POST",
            data={"mode": "sideways"},
        ),
        Row("practices:regroup", f"{base}/regroup/", private(both, alice=409), method="POST"),
        Row(
            "practices:switch",
            f"{base}/switch/",
            private(both, alice=409),
            method="POST",
            data={"state_version": 1, "choice": "swap"},
        ),
        Row("practices:pause", f"{base}/pause/", private(both)),
        Row("practices:resume", f"{base}/resume/", private(both, alice=409), method="POST"),
        Row("practices:transcript", f"{base}/transcript/", private(both)),
        Row("practices:note", f"{base}/note/", private(both)),
        Row("practices:delete", f"{base}/delete/", private(both)),
        Row(
            "practices:plan-reminder",
            f"{base}/plan-reminder/",
            private(both, alice=302),
            method="POST",
        ),
    ]
