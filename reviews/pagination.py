"""A page of the list without counting every match.

Django's Paginator counts every match to number the pages; the list counts up to
selectors.MATCHES_SHOWN only and learns whether a next page exists by fetching one row more,
so a practice with 100,000 reviews costs what one with 100 does. Pages that can count (the
audit trail of one review) use Django's Paginator.
"""

import math
from dataclasses import dataclass

from django.db.models import QuerySet

from reviews import selectors
from reviews.models import Review
from reviews.selectors import count_matches, listed, ordered

PAGE_SIZE = 50


@dataclass(frozen=True)
class ListPage:
    """One page of the list. `matches` is exact up to MATCHES_SHOWN; `more_matches` says there
    are more. Whether a next page exists comes from fetching one row beyond the page."""

    object_list: list
    number: int
    has_next: bool
    matches: int
    more_matches: bool
    size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)

    @property
    def of_pages(self) -> str:
        """ "Page 2 of 7"; beyond the counted matches, "Page 2 of more than 20" (or "Page 23 of
        more than 23" while a next page exists, "Page 23 of 23" on the last one)."""
        if not self.more_matches:
            return f"Page {self.number} of {max(1, math.ceil(self.matches / self.size))}"
        if not self.has_next and self.object_list:
            return f"Page {self.number} of {self.number}"
        counted_pages = max(self.matches // self.size, self.number)
        return f"Page {self.number} of more than {counted_pages:,}"


def page_of(matched: QuerySet, *, sort: str, number: int, size: int = PAGE_SIZE) -> ListPage:
    """Page `number` of the reviews `matched` in the `sort` order, in two queries: the number of
    matches, counted up to MATCHES_SHOWN only, then the page (one row more than it shows, to
    know whether another page follows).

    The page's reviews are picked by id first and only those get the counted columns, so the
    trial subqueries run for the rows shown, never for every match a sort has to read.
    """
    matches = count_matches(matched)
    offset = (number - 1) * size
    picked = ordered(matched, sort, few=matches <= selectors.MATCHES_SHOWN)[
        offset : offset + size + 1
    ]
    fetched = list(listed(Review.objects.filter(pk__in=picked.values("pk")), sort, few=True))
    return ListPage(
        object_list=fetched[:size],
        number=number,
        has_next=len(fetched) > size,
        matches=min(matches, selectors.MATCHES_SHOWN),
        more_matches=matches > selectors.MATCHES_SHOWN,
        size=size,
    )
