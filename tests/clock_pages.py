"""Reading the dates and times a page shows (tests/test_time_walk.py).

Every date or time a page shows is a `<time>` element made by `{{ value|when }}` or
`{% time_for_both %}` (couplesafe/lib/templatetags/clocks.py): a moment carries its ISO form
with the offset of the clock it is shown on, a calendar day its ISO date, a wall-clock time
its HH:MM. `read_page` returns those elements and every date-like piece of text outside
them (which the walk reports: a date no rule put on anyone's clock).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH = "|".join(m for m in MONTHS) + "|" + "|".join(m[:3] for m in MONTHS)
WEEKDAY = "|".join(DAYS) + "|" + "|".join(d[:3] for d in DAYS)

CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\.? ({MONTH})\b")
MONTH_DAY = re.compile(rf"\b({MONTH}) (\d{{1,2}})\b")
WEEKDAY_NAME = re.compile(rf"\b({WEEKDAY})\b")
YEAR = re.compile(r"\b(20\d\d)\b")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

MOMENT_ATTR = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")
DAY_ATTR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CLOCK_ATTR = re.compile(r"^\d{2}:\d{2}$")

# Text never read as a date: scripts, styles, the mood chart's drawing (its days are calendar
# days, listed in words below it), and what people typed (form values are attributes anyway).
SKIPPED = {"script", "style", "svg", "textarea"}
# A weekday named in a choice ("On which days? Monday …") is not a date.
CHOICES = {"label", "option", "legend"}


@dataclass
class TimeElement:
    attr: str
    text: str
    zone: str  # data-zone: the clock it is shown on when not the viewer's own

    @property
    def moment(self) -> dt.datetime | None:
        if not MOMENT_ATTR.match(self.attr):
            return None
        return dt.datetime.fromisoformat(self.attr.replace("Z", "+00:00"))

    @property
    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.attr) if DAY_ATTR.match(self.attr) else None


@dataclass
class Page:
    times: list[TimeElement] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # dates outside any <time>


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.skipping: list[str] = []
        self.current: TimeElement | None = None
        self.outside: list[str] = []
        self.choosing = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CHOICES:
            self.choosing += 1
        if tag in SKIPPED:
            self.skipping.append(tag)
        elif tag == "time" and not self.skipping:
            found = dict(attrs)
            self.current = TimeElement(
                found.get("datetime") or "", "", found.get("data-zone") or ""
            )
        elif tag in {"p", "li", "div", "td", "th", "h1", "h2", "h3", "br", "span", "label"}:
            self.outside.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in CHOICES:
            self.choosing = max(self.choosing - 1, 0)
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag == "time" and self.current is not None:
            self.current.text = " ".join(self.current.text.split())
            self.page.times.append(self.current)
            self.current = None
            self.outside.append(" \u2016 ")  # a date inside <time> never joins text around it

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.current is not None:
            self.current.text += data
        elif self.choosing:
            self.outside.append(WEEKDAY_NAME.sub("(a weekday to choose)", data))
        else:
            self.outside.append(data)


def loose_dates(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for pattern in (CLOCK, DAY_MONTH, MONTH_DAY, ISO_DAY, WEEKDAY_NAME):
            found += [m.group(0) + f"  ← {line.strip()[:90]!r}" for m in pattern.finditer(line)]
    return found


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.loose = loose_dates("".join(reader.outside))
    return reader.page


def disagreements(text: str, local: dt.datetime | dt.date) -> list[str]:
    """What in a `<time>`'s text does not match the wall-clock value it stands for."""
    wrong = []
    if isinstance(local, dt.datetime):
        for m in CLOCK.finditer(text):
            if (int(m.group(1)), int(m.group(2))) != (local.hour, local.minute):
                wrong.append(f"clock {m.group(0)} is not {local:%H:%M}")
    for m in DAY_MONTH.finditer(text):
        if int(m.group(1)) != local.day or not MONTHS[local.month - 1].startswith(m.group(2)):
            wrong.append(f"day {m.group(0)} is not {local.day} {MONTHS[local.month - 1]}")
    for m in MONTH_DAY.finditer(text):
        if int(m.group(2)) != local.day or not MONTHS[local.month - 1].startswith(m.group(1)):
            wrong.append(f"day {m.group(0)} is not {MONTHS[local.month - 1]} {local.day}")
    for m in WEEKDAY_NAME.finditer(text):
        if not DAYS[local.weekday()].startswith(m.group(1)):
            wrong.append(f"weekday {m.group(0)} is not {DAYS[local.weekday()]}")
    for m in YEAR.finditer(text):
        if int(m.group(1)) != local.year:
            wrong.append(f"year {m.group(0)} is not {local.year}")
    return wrong
