"""Who may see a therapist's own content. The therapists app registers a resolver that says,
for a person, which therapists' content they may see (their active care links); the content
app itself never imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_resolvers: list[Callable[[Any], Iterable[int]]] = []


def register_owner_resolver(resolver: Callable[[Any], Iterable[int]]) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def owner_ids_visible_to(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    owners = {user.pk}
    for resolver in _resolvers:
        owners.update(resolver(user))
    return owners
