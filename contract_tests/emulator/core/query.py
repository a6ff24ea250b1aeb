"""A list request, as the dialect reads it from the query string and a store answers it: which records
(conditions), in which order, with which relationships embedded, and which page. Nothing here knows how an
API spells these in its URLs (the dialect does) or how they become SQL (the stores do). CountCache keeps
the totals of lists already counted."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

MAX_OFFSET = 2**62  # below SQLite's 64-bit limit: a page far past the end is just an empty page
# A filter's values are OR-ed: each one more pass over the candidate rows (a partial value too short for a
# trigram index is a LIKE over every row in scope). 100 is far more than a client looking records up
# sends, and keeps the worst list of a collection of 416,000 records to seconds, on a worker thread.
MAX_FILTER_VALUES = 100


@dataclass(frozen=True)
class Condition:
    """Records whose attribute matches: exact (equal to any of the values), partial (contains any of them,
    ignoring case), before / after (below / above the one value, a timestamp in stored form). The same
    vocabulary as the spec's x-filter extension."""

    attribute: str
    match: str
    values: tuple[str, ...]
    name: str = field(default="", compare=False)  # the filter as the request names it (default: attribute)

    @property
    def label(self) -> str:
        return self.name or self.attribute


@dataclass(frozen=True)
class ListQuery:
    conditions: tuple[Condition, ...] = ()
    order: tuple[tuple[str, bool], ...] = ()  # (attribute, descending); then the key, ascending
    includes: tuple[str, ...] = ()
    page: int = 1
    per_page: int | None = None  # None: every record on one unpaginated answer

    def __post_init__(self) -> None:
        # Asking for one relationship or one sort field twice changes nothing but the work: each is kept
        # once (the first time it is named), so that a long query string cannot multiply the queries.
        object.__setattr__(self, "includes", tuple(dict.fromkeys(self.includes)))
        firsts: dict[str, bool] = {}
        for attribute, descending in self.order:
            firsts.setdefault(attribute, descending)
        object.__setattr__(self, "order", tuple(firsts.items()))

    def too_many_values(self) -> Condition | None:
        """The first condition with more values than MAX_FILTER_VALUES, if any (the dialect words the 400)."""
        return next((c for c in self.conditions if len(c.values) > MAX_FILTER_VALUES), None)

    @property
    def offset(self) -> int:
        if self.per_page is None:
            return 0
        return min((self.page - 1) * self.per_page, MAX_OFFSET)


COUNTS_KEPT = 256  # the totals a CountCache keeps: the lists being paged through now, not every one ever asked


class CountCache:
    """The totals of lists already counted, so that paging through one list counts its matches once (a
    count of a million records takes tens of milliseconds; a page, a few). Each total is kept with the
    owner it was counted through and that owner's version at the time: it is given again only to the
    same owner (compared by identity, and held, so that no other object can take its id) at the same
    version, so a write anywhere makes every total counted before it be counted again. Shared by the
    worker threads: a lock guards the entries (the count itself runs outside it)."""

    def __init__(self, kept: int = COUNTS_KEPT) -> None:
        self._kept = kept
        self._lock = threading.Lock()
        self._totals: OrderedDict[tuple[int, Hashable], tuple[object, Hashable, int]] = OrderedDict()

    def total(self, owner: object, version: Hashable, key: Hashable, count: Callable[[], int]) -> int:
        """The total of the list `key` names, counted (count()) unless known for this owner and version."""
        slot = (id(owner), key)
        with self._lock:
            known = self._totals.get(slot)
            if known is not None and known[0] is owner and known[1] == version:
                self._totals.move_to_end(slot)
                return known[2]
        total = count()
        with self._lock:
            self._totals[slot] = (owner, version, total)
            self._totals.move_to_end(slot)
            while len(self._totals) > self._kept:
                self._totals.popitem(last=False)
        return total
