"""CSV cells that a spreadsheet will not run as formulas.

A display name such as `=HYPERLINK("http://…")` or `@SUM(…)` is executed by Excel or
LibreOffice when a therapist opens the export (OWASP "CSV injection"). Text starting with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
plain text; numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every text cell goes through safe_cell."""

    def __init__(self, stream: Any) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])
