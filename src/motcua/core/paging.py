"""Pages of lists too long to count exactly: the back office's search and the statistics'
drill-downs over millions of dossiers. The total is counted only up to a cap (nobody reads
past it; an exact count would cost more than the page) and the page number is bounded, which
keeps OFFSET bounded too."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

MAX_PAGE = 400


@dataclass
class CappedPage:
    """One page and the total up to the cap; the attributes of a Django ``Page`` that the
    shared pagination template reads."""

    object_list: list
    number: int
    has_next: bool
    total: int
    total_capped: bool
    size: int

    def __iter__(self):
        return iter(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)


def capped_count(qs: QuerySet, cap: int) -> tuple[int, bool]:
    """How many rows, counting no further than ``cap``; and whether there are more."""
    n = qs.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


def capped_page(request, qs: QuerySet, *, size: int, cap: int) -> CappedPage:
    """The page of ``qs`` asked for by ``?page=`` (1 … ``MAX_PAGE``; anything else is page 1)."""
    total, capped = capped_count(qs, cap)
    try:
        number = max(1, min(int(request.GET.get("page", 1)), MAX_PAGE))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return CappedPage(rows[:size], number, len(rows) > size, total, capped, size)
