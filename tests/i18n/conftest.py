"""A tiny test-only catalog, so the language tests never depend on the translators' final
wording: a few of our own msgids in Spanish and German, written as .mo files into a
temporary LOCALE_PATHS entry (ahead of the shipped catalogs)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

TINY = {
    "es": {
        "Not yet translated": "TEST-ES sin traducir",
        "Your profile is saved.": "TEST-ES guardado",
    },
    "de": {
        "Not yet translated": "TEST-DE nicht übersetzt",
        "Your profile is saved.": "TEST-DE gespeichert",
    },
}


def write_mo(path: Path, messages: dict[str, str]) -> None:
    """A GNU .mo file (the format gettext and Django read), with a UTF-8 header."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for blob in ids + strs:
        offsets.append((len(blob), start + len(data)))
        data += blob + b"\0"
    n = len(keys)
    header = struct.pack("<7I", 0x950412DE, 0, n, 28, 28 + 8 * n, 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + table + data)


@pytest.fixture
def tiny_catalog(settings, tmp_path):
    for language, messages in TINY.items():
        write_mo(tmp_path / language / "LC_MESSAGES" / "django.mo", messages)
    # Changing LOCALE_PATHS resets Django's translation caches (django.test.signals).
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    yield TINY
