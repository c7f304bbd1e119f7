"""Help lines by country, read from help_lines.yaml (one data file for the help page and the
private safety page). The person chooses a country; without a choice, their time zone
suggests one; without that, "somewhere else"."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).with_name("help_lines.yaml")
OTHER = "other"


@dataclass(frozen=True)
class Line:
    name: str
    phone: str
    tel: str
    topic: str  # "unsafe" or "crisis"
    note: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    zones: tuple[str, ...]
    lines: tuple[Line, ...]

    @property
    def unsafe_lines(self) -> list[Line]:
        return [line for line in self.lines if line.topic == "unsafe"]

    @property
    def crisis_lines(self) -> list[Line]:
        return [line for line in self.lines if line.topic == "crisis"]


def _country(raw: dict[str, Any]) -> Country:
    return Country(
        code=str(raw["code"]),
        name=str(raw["name"]),
        emergency=str(raw["emergency"]),
        zones=tuple(raw.get("zones") or ()),
        lines=tuple(
            Line(
                name=str(line["name"]),
                phone=str(line["phone"]),
                tel=str(line.get("tel") or ""),
                topic=str(line["for"]),
                note=str(line.get("note") or ""),
            )
            for line in raw.get("lines") or ()
        ),
    )


@functools.cache
def countries() -> tuple[Country, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return tuple(_country(raw) for raw in data["countries"])


def choose(code: str | None, time_zone: str | None = None) -> Country:
    """The chosen country, else the one the time zone suggests, else "somewhere else"."""
    by_code = {c.code: c for c in countries()}
    if code and code in by_code:
        return by_code[code]
    for country in countries():
        if time_zone and time_zone in country.zones:
            return country
    return by_code[OTHER]
