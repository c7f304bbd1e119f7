"""Publishing freezes a draft into an immutable version; a version in use never changes."""

from __future__ import annotations

import pytest

from couplesafe.content import selectors, services
from couplesafe.content.models import Item, Version
from couplesafe.content.validation import ContentError
from tests.content.factories import current, make_practice, practice_data


def test_a_version_keeps_its_wording_after_a_new_version_is_published(db) -> None:
    item = make_practice()
    v1 = current(item)
    v1_data = dict(v1.data)
    item.draft = practice_data(summary="Newer words.")
    item.save()
    v2 = services.item_publish(item=item)
    assert v2 is not None and v2.number == 2
    v1.refresh_from_db()
    assert v1.data == v1_data
    assert v1.data["summary"] == "A very short talk."
    assert v1.step("share").stems == ["I feel…"]
    assert selectors.practice_version("tiny-talk") == v2
    assert selectors.practice_version("tiny-talk").data["summary"] == "Newer words."


def test_a_session_pinned_to_v1_renders_v1_after_v2_is_published(library) -> None:
    """What practices does: keep the Version object (by id) it started on."""
    pinned_id = selectors.practice_version("intentional-dialogue").pk
    item = Item.objects.get(kind="practice", key="intentional-dialogue")
    draft = dict(item.draft)
    draft["steps"] = [dict(s) for s in draft["steps"]]
    draft["steps"][0]["instructions"] = "Brand new instructions."
    item.draft = draft
    item.save()
    services.item_publish(item=item)
    pinned = Version.objects.get(pk=pinned_id)
    assert pinned.number == 1
    assert pinned.step("send").instructions.startswith("Share one thing")
    assert selectors.practice_version("intentional-dialogue").step("send").instructions == (
        "Brand new instructions."
    )


def test_publishing_an_unchanged_draft_makes_no_new_version(db) -> None:
    item = make_practice()
    assert services.item_publish(item=item) is None
    assert item.versions.count() == 1


def test_a_draft_that_does_not_validate_cannot_be_published(db) -> None:
    item = make_practice()
    item.draft = practice_data(minutes=0)
    item.save()
    with pytest.raises(ContentError) as caught:
        services.item_publish(item=item)
    assert str(caught.value) == (
        "draft of practice: item 'tiny-talk', field 'minutes': "
        "must be a whole number of minutes between 1 and 240"
    )
    assert item.versions.count() == 1


def test_a_new_deck_version_updates_cards_and_retires_dropped_ones(db) -> None:
    from tests.content.factories import deck_data, make_deck

    deck = make_deck(cards=4)
    first = deck.cards.get(key="tiny-deck-000")
    data = deck_data(cards=3)
    data["cards"][0]["text"] = "A kinder question?"
    deck.draft = data
    deck.save()
    services.item_publish(item=deck)
    first.refresh_from_db()
    assert first.text == "A kinder question?"
    assert first.public_id == deck.cards.get(key="tiny-deck-000").public_id
    dropped = deck.cards.get(key="tiny-deck-003")
    assert dropped.retired_at is not None
    assert deck.cards.active().count() == 3


def test_the_item_passed_to_publish_sees_its_new_version(db) -> None:
    item = Item.objects.create(
        kind="practice", key="tiny-talk", title="Draft title", draft=practice_data()
    )
    version = services.item_publish(item=item)
    assert item.current_version == version
    assert item.title == "Tiny Talk"
