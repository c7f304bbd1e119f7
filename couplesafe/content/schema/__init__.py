"""The typed shape of every library item (pydantic v2), shared by the loader, the admin's
publish and preview, and the conversation engine (practices/engine.py).

Every problem is raised as a pydantic custom error whose message is the editor-facing text
("must be non-empty text"); `validation.check` turns the first one into a ContentError naming
the file, the item and the field. The flow rules of a practice (which step follows which
answer) live here too, in `Practice.after`, so the engine and the admin preview cannot
disagree about them.

Split by job: `fields` (allowed values, problems, shared validators, the strict base model),
`practice` (steps and the flow rules), `library` (decks, word lists, the check-in).
"""

from __future__ import annotations

from couplesafe.content.schema.fields import (
    _KEY,
    ACTORS,
    ANSWERS,
    CARD_CATEGORIES,
    CARD_DEPTHS,
    END,
    INPUTS,
    MODES,
    PRACTICE_KINDS,
    QUESTION_KINDS,
    SWITCH,
    THEN,
    WAITING_PLACEHOLDERS,
    Key,
    Text,
    _Content,
    problem,
)
from couplesafe.content.schema.library import (
    Card,
    Checkin,
    Deck,
    Group,
    Mood,
    Question,
    Words,
)
from couplesafe.content.schema.practice import ConfirmLabels, ModeText, Practice, Step

__all__ = [
    "ACTORS",
    "ANSWERS",
    "CARD_CATEGORIES",
    "CARD_DEPTHS",
    "END",
    "INPUTS",
    "MODELS",
    "MODES",
    "PRACTICE_KINDS",
    "QUESTION_KINDS",
    "SWITCH",
    "THEN",
    "WAITING_PLACEHOLDERS",
    "_KEY",
    "Card",
    "Checkin",
    "ConfirmLabels",
    "Deck",
    "Group",
    "Key",
    "ModeText",
    "Mood",
    "Practice",
    "Question",
    "Step",
    "Text",
    "Words",
    "_Content",
    "problem",
]

MODELS: dict[str, type[_Content]] = {
    "practice": Practice,
    "deck": Deck,
    "words": Words,
    "checkin": Checkin,
}
