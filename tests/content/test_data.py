"""Cards hold our words, not a person's: leaving keeps the couple's history but stops naming
the person who left; an export lists what they drew and marked."""

from __future__ import annotations

from couplesafe.content import services
from couplesafe.content.models import CardDraw, CardMark
from couplesafe.lib import registry


def handler() -> registry.DataHandler:
    return next(h for h in registry.data_handlers() if h.name == "content")


def test_the_export_lists_the_cards_a_person_drew_and_marked(couple, alice, bob, library) -> None:
    draw = services.card_draw(couple=couple, user=alice)
    services.card_mark_set(couple=couple, user=alice, card=draw.card, kind="talked", on=True)
    services.card_draw(couple=couple, user=bob)
    exported = handler().export(alice)
    assert [d["card"] for d in exported["cards_drawn"]] == [draw.card.key]
    assert exported["cards_marked"][0]["mark"] == "talked"


def test_forgetting_a_person_keeps_the_couples_cards_but_not_their_name(
    couple, alice, bob, library
) -> None:
    draw = services.card_draw(couple=couple, user=alice)
    services.card_mark_set(couple=couple, user=alice, card=draw.card, kind="favourite", on=True)
    bobs = services.card_draw(couple=couple, user=bob)
    handler().forget(user=alice, couple=couple)
    assert CardDraw.objects.get(pk=draw.pk).drawn_by is None
    assert CardMark.objects.get().marked_by is None
    assert CardDraw.objects.get(pk=bobs.pk).drawn_by == bob
