from __future__ import annotations

from tests.matrix import ROLES, Row, World


def logged_in(status: int) -> dict[str, int]:
    return {**{role: status for role in ROLES}, "anonymous": 302}


def rows(world: World) -> list[Row]:
    # Every logged-in person may take their data or delete their account (their own only:
    # these pages never take an id). A POST without the password re-renders the form (200).
    return [
        Row("accounts:export", "/accounts/data/export/", logged_in(200)),
        Row("accounts:delete", "/accounts/delete/", logged_in(200)),
    ]
