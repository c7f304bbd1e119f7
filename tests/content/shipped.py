"""What the shipped library files hold, read straight from the files (not through the loader),
so tests that count items or list practices follow the library as it grows."""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from couplesafe.content.loader import LIBRARY_DIR, library_files


def shipped() -> list[tuple[str, dict[str, Any]]]:
    """(kind, data) of every file the loader reads."""
    return [
        (kind, yaml.safe_load(path.read_text(encoding="utf-8")))
        for kind, path in library_files(LIBRARY_DIR)
    ]


def shipped_count() -> int:
    return len(shipped())


def shipped_kinds() -> Counter[str]:
    return Counter(kind for kind, _ in shipped())


def shipped_practices() -> dict[str, dict[str, Any]]:
    """Every shipped practice by key."""
    return {data["key"]: data for kind, data in shipped() if kind == "practice"}
