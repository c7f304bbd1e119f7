from __future__ import annotations

from tests.content.factories import first_card, make_deck, make_practice
from tests.matrix import LOGIN_REDIRECT, ROLES, Row, World


def logged_in(status: int) -> dict[str, int]:
    return {**{role: status for role in ROLES}, "anonymous": LOGIN_REDIRECT}


def couples(status: int) -> dict[str, int]:
    """Pages for a couple: both couples get `status`, everyone without a couple a 404."""
    return {**logged_in(404), "alice": status, "carol": status}


def rows(world: World) -> list[Row]:
    shipped = make_practice()
    own = make_practice(owner=world.tara, key="taras-own")
    card = first_card(make_deck())
    taras_card = first_card(make_deck(owner=world.tara, key="taras-deck"))
    mark = {"kind": "favourite", "on": "1"}
    return [
        Row("content:library", "/content/practices/", logged_in(200)),
        # Where the practices come from: open to everyone, signed in or not.
        Row("content:about", "/content/practices/about/", {role: 200 for role in ROLES}),
        Row("content:practice", f"/content/practices/{shipped.public_id}/", logged_in(200)),
        # A therapist's own practice: only the therapist (and couples linked to them).
        Row(
            "content:practice",
            f"/content/practices/{own.public_id}/",
            {**logged_in(404), "tara": 200},
        ),
        Row("content:cards", "/content/cards/", logged_in(200)),
        Row("content:card-current", "/content/cards/current/", couples(200)),
        Row("content:card-draw", "/content/cards/draw/", couples(302), method="POST"),
        Row(
            "content:card-mark",
            f"/content/cards/{card.public_id}/mark/",
            couples(302),
            method="POST",
            data=mark,
        ),
        # A card from a therapist's deck is unknown to couples not linked to her.
        Row(
            "content:card-mark",
            f"/content/cards/{taras_card.public_id}/mark/",
            couples(404),
            method="POST",
            data=mark,
        ),
    ]
