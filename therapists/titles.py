"""What homework is called, in the reader's language: the current title of the practice or
card set it names, through the content app's one lookup (`content.selectors.titles`, which
marks an English fallback), or a daily ritual's own name. The title saved when it was
given is shown only when its item is gone."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.utils import translation

from couplesafe.content import selectors as content
from couplesafe.content.models import Item, ShownText
from therapists.forms import RITUALS
from therapists.models import CareLink, Homework

ITEM_KINDS = {Homework.Kind.PRACTICE: Item.Kind.PRACTICE, Homework.Kind.CARDS: Item.Kind.DECK}


def homework_titles(homework: Iterable[Homework], *, language: str | None = None) -> None:
    """Set each homework's `shown_title` in `language` (default: the viewer's), unless it
    has one already. One query for the links, and one per kind of item and therapist."""
    given = [hw for hw in homework if "shown_title" not in hw.__dict__]
    if not given:
        return
    owner_of = dict(
        CareLink.objects.filter(pk__in={hw.link_id for hw in given}).values_list(
            "pk", "therapist_id"
        )
    )
    override = translation.override(language) if language else contextlib.nullcontext()
    with override:
        found: dict[tuple[str, int | None], dict[str, ShownText]] = {}
        for kind, item_kind in ITEM_KINDS.items():
            for owner in set(owner_of.values()):
                keys = {
                    hw.target for hw in given if hw.kind == kind and owner_of[hw.link_id] == owner
                }
                if keys:
                    found[(kind, owner)] = content.titles(item_kind, keys, owner_ids=[owner])
        rituals = dict(RITUALS)
        for hw in given:
            if hw.kind == Homework.Kind.RITUAL and hw.target in rituals:
                title = ShownText(str(rituals[hw.target]))
            else:
                mine = found.get((hw.kind, owner_of.get(hw.link_id)), {})
                title = mine.get(hw.target) or ShownText(hw.title)
            hw.__dict__["shown_title"] = title
