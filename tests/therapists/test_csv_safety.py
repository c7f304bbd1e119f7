"""The engagement CSV never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from couplesafe.lib.spreadsheet import safe_cell
from therapists.models import CareLink


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_is_made_plain_text(start: str) -> None:
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_ordinary_cells_and_numbers_are_unchanged() -> None:
    assert safe_cell("Alice") == "Alice"
    assert safe_cell(3) == 3
    assert safe_cell("") == ""


def test_the_export_neutralises_formula_names(
    theo_link: CareLink, theo_client: Client, alice
) -> None:
    alice.display_name = '=HYPERLINK("http://x.example","Click")'
    alice.save()
    body = theo_client.get("/therapist/export.csv").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x.example","Click")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
