"""Invitation codes and link tokens that are never stored.

A code (or an emailed link's token) is derived from the row's random public id with a keyed
HMAC (SECRET_KEY), and only a keyed hash of it is stored for the look-up. So a copy of the
database alone gives no working code or link, the session table holds none, and the inviter's
page can still show their own code and link while it waits. Rotating SECRET_KEY changes every
waiting code and link: the inviter's page shows the new one, the old one stops working.
"""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

# No 0/O/1/I/L: a code read aloud or typed on a phone should not be misread.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def derive_code(purpose: str, public_id: object, length: int) -> str:
    number = int.from_bytes(
        salted_hmac(f"couplesafe.codes.{purpose}", str(public_id), algorithm="sha256").digest()
    )
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def derive_token(purpose: str, public_id: object) -> str:
    return salted_hmac(
        f"couplesafe.tokens.{purpose}", str(public_id), algorithm="sha256"
    ).hexdigest()


def normalise(code: str) -> str:
    """What a person typed ("abcd-2345 ", "ABCD 2345") as the code itself."""
    return code.replace("-", "").replace(" ", "").strip().upper()


def lookup_hash(code: str) -> str:
    """The stored form of a code: keyed, so 31^8 codes cannot be hashed through offline."""
    return salted_hmac("couplesafe.codes.lookup", normalise(code), algorithm="sha256").hexdigest()


def unset_hash() -> str:
    """A model default until the real hash is set: random, so no code can ever match it."""
    return "unset-" + secrets.token_hex(29)
