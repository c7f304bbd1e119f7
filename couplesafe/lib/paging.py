"""Windows over the lists a person can grow (appreciations, a transcript, conversations, the
therapist's couples, a couple's timeline), so a page costs the same at 10× the data.

A window is read with one LIMIT/OFFSET query, and when the page is full a second one asks
for the key of the row after it (is there a next page?), never a COUNT: the cost follows the
page size, not the list, and only the rows shown are read whole (and their words decrypted). The page number comes from the query string; anything that is not a small positive
number is the first page (a bad link never gives a 500).

Pages link to each other with real hrefs (`includes/pager.html`), so paging works without
JavaScript; with htmx the same links swap only the list's own region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

# Far beyond any real list at these page sizes; keeps a hand-typed ?page=10**9 cheap.
LAST_PAGE = 10_000


def page_number(request: HttpRequest, param: str) -> int:
    raw = request.GET.get(param, "")
    if not raw.isdigit() or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), LAST_PAGE)


@dataclass
class Window[T]:
    items: list[T]
    number: int
    has_next: bool
    param: str
    query: QueryDict = field(repr=False)
    # The id of the element the list lives in: htmx swaps only that on "Older"/"Newer".
    region: str = ""

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def is_paged(self) -> bool:
        return self.has_previous or self.has_next

    def url_for(self, number: int) -> str:
        query = self.query.copy()
        if number <= 1:
            query.pop(self.param, None)
        else:
            query[self.param] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def first_url(self) -> str:
        return self.url_for(1)

    @property
    def previous_url(self) -> str:
        return self.url_for(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url_for(self.number + 1)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def window[T](
    rows: QuerySet[Any, T] | Sequence[T],
    request: HttpRequest,
    *,
    size: int,
    param: str = "page",
    region: str = "",
) -> Window[T]:
    """The page of `rows` (a queryset, sliced in SQL, or a list) that the request asks for."""
    number = page_number(request, param)
    start = (number - 1) * size
    if isinstance(rows, QuerySet):
        items = list(rows[start : start + size])
        # Is there a next page? Asked by key only, so the row after the page is not read
        # (and its words not decrypted); not asked at all when this page is not full.
        has_next = len(items) == size and bool(
            rows.values_list("pk", flat=True)[start + size : start + size + 1]
        )
    else:
        chunk = list(rows[start : start + size + 1])
        items, has_next = chunk[:size], len(chunk) > size
    return Window(
        items=items,
        number=number,
        has_next=has_next,
        param=param,
        query=request.GET,
        region=region,
    )


def wants_region(request: HttpRequest, region: str) -> bool:
    """An htmx request from a pager (or a filter) aimed at this region only."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and getattr(htmx, "target", None) == region
