"""Card decks, word lists and the daily check-in."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, model_validator

from couplesafe.content.schema.fields import (
    _KEY,
    CARD_CATEGORIES,
    CARD_DEPTHS,
    QUESTION_KINDS,
    Key,
    Text,
    _choice,
    _Content,
    _non_empty_list,
    _whole,
    problem,
)


def _tags(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(t, str) and _KEY.match(t) for t in value):
        raise problem("must be a list of lowercase tags")
    return value


class Card(_Content):
    key: Key
    category: Key
    depth: Annotated[Literal["light", "deeper", "tender"], _choice(CARD_DEPTHS)]
    text: Text
    follow_up: Text | None = None
    tags: Annotated[list[str], BeforeValidator(_tags)] = Field(default_factory=list)


def _categories(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        raise problem("must map each category to a short description")
    for name in value:
        if name not in CARD_CATEGORIES:
            raise problem(
                f"unknown category (expected one of: {', '.join(CARD_CATEGORIES)})",
                field=str(name),
            )
    return value


class Deck(_Content):
    key: Key
    title: Text
    description: Text | None = None
    categories: Annotated[dict[str, Text], BeforeValidator(_categories)]
    cards: Annotated[list[Card], BeforeValidator(_non_empty_list)]

    @model_validator(mode="before")
    @classmethod
    def _card_keys(cls, data: Any) -> Any:
        return _unique_keys(data, "cards")

    @model_validator(mode="after")
    def _card_categories(self) -> Self:
        for card in self.cards:
            if card.category not in self.categories:
                raise problem(
                    f"unknown category {card.category!r} "
                    f"(this deck has: {', '.join(self.categories)})",
                    field=f"cards.{card.key}.category",
                )
        return self


def _unique_keys(data: Any, name: str) -> Any:
    items = data.get(name) if isinstance(data, dict) else None
    if isinstance(items, list):
        seen: set[str] = set()
        for index, item in enumerate(items):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            if not _KEY.match(key):
                raise problem(
                    "must be a lowercase key of letters, digits and hyphens",
                    field=f"{name}[{index}].key",
                )
            if key in seen:
                raise problem(f"duplicate key '{key}'", field=f"{name}[{index}].key")
            seen.add(key)
    return data


def _word(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise problem("is empty")
    return value


def _unique_words(value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise problem("must be a non-empty list")
    seen: set[str] = set()
    for index, word in enumerate(value):
        if isinstance(word, str) and word in seen:
            raise problem(f"duplicate key '{word}'", field=f"[{index}]")
        if isinstance(word, str):
            seen.add(word)
    return value


class Group(_Content):
    key: Key
    label: Text
    words: Annotated[list[Annotated[str, BeforeValidator(_word)]], BeforeValidator(_unique_words)]


class Words(_Content):
    key: Key
    title: Text
    groups: Annotated[list[Group], BeforeValidator(_non_empty_list)]

    @model_validator(mode="before")
    @classmethod
    def _group_keys(cls, data: Any) -> Any:
        return _unique_keys(data, "groups")


class Mood(_Content):
    value: Annotated[int, _whole(1, 5, "must be a whole number from 1 to 5")]
    label: Text
    hint: Text


class Question(_Content):
    key: Key
    kind: Annotated[Literal["space", "need"], _choice(QUESTION_KINDS)]
    text: Text


class Checkin(_Content):
    key: Key
    title: Text
    mood_scale: Annotated[list[Mood], BeforeValidator(_non_empty_list)]
    questions: Annotated[list[Question], BeforeValidator(_non_empty_list)]

    @model_validator(mode="before")
    @classmethod
    def _question_keys(cls, data: Any) -> Any:
        return _unique_keys(data, "questions")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if sorted(mood.value for mood in self.mood_scale) != [1, 2, 3, 4, 5]:
            raise problem("must list each mood from 1 to 5 exactly once", field="mood_scale")
        kinds = {question.kind for question in self.questions}
        for kind in QUESTION_KINDS:
            if kind not in kinds:
                raise problem(f"needs at least one question of kind '{kind}'", field="questions")
        return self

    def mood_label(self, value: int | None) -> str:
        return next((mood.label for mood in self.mood_scale if mood.value == value), "")
