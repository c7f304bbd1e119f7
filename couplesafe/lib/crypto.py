"""Encryption of personal words at rest.

Keys come from FIELD_ENCRYPTION_KEYS (never the Django secret key). The first key encrypts;
every key decrypts, so a new key can be put first and old rows re-encrypted at leisure with
`manage.py rotate_encryption_keys` (docs/encryption.md: "Rotating the key").
"""

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.signals import setting_changed
from django.dispatch import receiver

PREFIX = "enc1:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("FIELD_ENCRYPTION_KEYS is empty: at least one key is needed.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


@cache
def _newest(key: str) -> Fernet:
    return Fernet(key.encode())


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        # Written before encryption was switched on; the next save encrypts it.
        return stored
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as error:
        raise ValueError(
            "Cannot decrypt a stored value: is its key in FIELD_ENCRYPTION_KEYS?"
        ) from error


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the first (newest) key."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + fernet().rotate(stored.removeprefix(PREFIX).encode()).decode()


def needs_rotation(stored: str) -> bool:
    """True when the value is plaintext or cannot be read with the newest key alone."""
    if stored == "":
        return False
    if not stored.startswith(PREFIX):
        return True
    try:
        _newest(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(stored.removeprefix(PREFIX).encode())
    except InvalidToken:
        return True
    return False


def key_problems() -> list[str]:
    """What is wrong with the configured keys, in words for whoever deploys (empty if fine)."""
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        return ["FIELD_ENCRYPTION_KEYS is empty."]
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(
                f"Key {position} in FIELD_ENCRYPTION_KEYS is not a Fernet key "
                "(32 url-safe base64-encoded bytes)."
            )
        if key == settings.SECRET_KEY:
            problems.append(f"Key {position} in FIELD_ENCRYPTION_KEYS is the SECRET_KEY.")
    return problems


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check` (and every runserver/migrate) refuses unusable encryption keys."""
    return [
        checks.Error(problem, hint="See docs/encryption.md.", id="couplesafe.E001")
        for problem in key_problems()
    ]


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()
        _newest.cache_clear()
