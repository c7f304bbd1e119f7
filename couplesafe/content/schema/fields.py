"""The building blocks of the content schema: the allowed values, editor-facing problems, the
shared field validators (non-empty text, keys, choices) and the strict base model."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    model_validator,
)
from pydantic_core import PydanticCustomError

PRACTICE_KINDS = ("dialogue", "repair", "validation", "appreciation", "encounter", "check-in")
ACTORS = ("sender", "receiver", "both", "each_private")
INPUTS = ("text", "feelings", "confirm", "rating", "none")
THEN = ("switch_roles", "end")
ANSWERS = ("yes", "no")
MODES = ("together", "apart")
CARD_CATEGORIES = ("connect", "communicate", "create")
CARD_DEPTHS = ("light", "deeper", "tender")
QUESTION_KINDS = ("space", "need")
WAITING_PLACEHOLDERS = {"name"}

SWITCH = "_switch"  # after a round: the offer to swap roles
END = "_end"

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def problem(message: str, *, field: str = "", by_index: bool = False) -> PydanticCustomError:
    """An editor-facing problem. `field` is a label relative to where the error is raised
    ("stems", "branches.yes"); `by_index` names list items by position, not by key (used
    for problems with the key itself or with unknown fields)."""
    return PydanticCustomError(
        "content", "{problem}", {"problem": message, "field": field, "by_index": by_index}
    )


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise problem("must be non-empty text")
    return value


def _key(value: Any) -> Any:
    if not isinstance(value, str) or not _KEY.match(value):
        raise problem("must be a lowercase key of letters, digits and hyphens")
    return value


def _choice(allowed: tuple[str, ...]) -> BeforeValidator:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise problem(f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
        return value

    return BeforeValidator(check)


def _whole(low: int, high: int, message: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise problem(message)
        return value

    return BeforeValidator(check)


def _non_empty_list(value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise problem("must be a non-empty list")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Key = Annotated[str, BeforeValidator(_key)]


class _Content(BaseModel):
    """Unknown fields are refused with the list of known ones (a misspelt field is the most
    common editing mistake); models are immutable once read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise problem("expected a mapping of fields")
        allowed = sorted(field.alias or name for name, field in cls.model_fields.items())
        for name in data:
            if name not in allowed:
                raise problem(
                    f"unknown field (expected one of: {', '.join(allowed)})",
                    field=str(name),
                    by_index=True,
                )
        return data
