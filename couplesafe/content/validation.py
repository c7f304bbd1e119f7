"""Checks that a piece of content is well formed and consistent before it can be published.

The shape and the rules are the typed schema in `couplesafe/content/schema/`; this module
runs it over plain data (no database) and turns its first problem into a ContentError naming
the file, the item and the field, so an editor can find it. The loader runs it over every
shipped file before writing anything, and the admin's "publish" action and preview over a
draft.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from couplesafe.content import schema

KEYED_LISTS = {"steps", "cards", "groups", "questions"}


class ContentError(Exception):
    """A file (or draft) that cannot be published. str() is the message shown to editors."""

    def __init__(self, source: str, item: str, field: str, problem: str) -> None:
        self.source = source
        self.item = item
        self.field = field
        self.problem = problem
        super().__init__(f"{source}: item '{item}', field '{field}': {problem}")


def _label(data: Any, loc: tuple[int | str, ...], *, by_index: bool) -> str:
    """A pydantic location as editors read it: list items of steps, cards, groups and
    questions by their key ("steps.send.actor"), other list items and problems with a key
    itself by position ("steps[7].key", "stems[3]")."""
    parts: list[str] = []
    node = data
    for position, part in enumerate(loc):
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            key = item.get("key") if isinstance(item, dict) else None
            rest = loc[position + 1 :]
            named = (
                bool(parts)
                and parts[-1] in KEYED_LISTS
                and isinstance(key, str)
                and bool(schema._KEY.match(key))
                and not by_index
                and rest[:1] != ("key",)
            )
            parts.append(f".{key}" if named else f"[{part}]")
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    label = ""
    for part in parts:
        label += part if part.startswith((".", "[")) or not label else f".{part}"
    return label


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    if not field:
        return prefix
    return prefix + field if field.startswith("[") else f"{prefix}.{field}"


def parse(kind: str, data: Any, source: str) -> schema._Content:
    """The typed item, or ContentError for the first problem found."""
    key = data.get("key") if isinstance(data, dict) else None
    item = key if isinstance(key, str) and key else "?"
    if not isinstance(data, dict):
        raise ContentError(source, item, "(file)", "expected a mapping of fields at the top level")
    try:
        return schema.MODELS[kind].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        ctx = first.get("ctx") or {}
        prefix = _label(data, tuple(first["loc"]), by_index=bool(ctx.get("by_index")))
        field = _join(prefix, str(ctx.get("field", "")))
        if first["type"] == "content":
            message = str(ctx["problem"])
        elif first["type"] == "missing":
            message = "is missing"
        else:  # a plain type problem (a list where text belongs, …)
            message = first["msg"][:1].lower() + first["msg"][1:]
        raise ContentError(source, item, field or "(file)", message) from None


def check(kind: str, data: Any, source: str) -> dict[str, Any]:
    """Check content of an Item kind; returns the data unchanged or raises ContentError."""
    parse(kind, data, source)
    result: dict[str, Any] = data
    return result
