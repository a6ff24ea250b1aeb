"""A list request, as the dialect reads it from the query string and a store answers it: which records
(conditions), in which order, with which relationships embedded, and which page. Nothing here knows how an
API spells these in its URLs (the dialect does) or writes SQL (the stores do). CountCache keeps what lists
already counted matched (Matches: the total, and where the matches lie); walk_is_cheaper is the stores'
choice, from those, between walking a list's order and sorting its few matches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

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


COUNTS_KEPT = 256  # the lists a CountCache keeps: those being paged through now, not every one ever asked


@dataclass(frozen=True)
class Matches:
    """What counting a list found: how many records match, the smallest and largest key among them (None
    when none match: the span of keys a walk of the rows in key order has to cover), and for a list sorted
    first on another column (`sorted_on`), the smallest and largest value of that column among them (None
    when not counted, or when a match has no value there: then no range holds every match)."""

    total: int
    lowest: Any = None
    highest: Any = None
    sorted_on: str | None = None
    sorted_lowest: Any = None
    sorted_highest: Any = None


def walk_is_cheaper(matches: Matches, end: int) -> bool:
    """Whether a page is found sooner by walking the rows in the list's order, checking each one, than by
    finding every match through an index and sorting them (a temporary B-tree of `total` rows). The walk
    starts at the first match (the page's SQL bounds it to the range of the matches' values of the column
    it walks, exactly: Matches) and passes about end x span / total rows to reach the page's last (its end:
    offset plus size), if the matches are spread evenly over the span of keys, the rows between their
    lowest and highest key (ids are given out in order, so that span stands for the rows any order of them
    has to pass too). It is an estimate: wrong, it costs time, never a record."""
    if not matches.total or not isinstance(matches.lowest, int) or not isinstance(matches.highest, int):
        return True
    span = matches.highest - matches.lowest + 1
    return end * span <= matches.total * matches.total


class CountCache:
    """What lists already counted found (Matches), so that paging through one list counts its matches
    once (a count of a million records takes a hundred milliseconds or more; a page, a few). Each is kept
    with the owner (a database: compared by identity, and held, so that no other object can take its id)
    and the owner's state version it was counted at, and given again only for the same owner at the same
    version: any commit makes every list counted before it be counted again. Shared by the worker threads:
    a lock guards the entries (the count itself runs outside it)."""

    def __init__(self, kept: int = COUNTS_KEPT) -> None:
        self._kept = kept
        self._lock = threading.Lock()
        self._known: OrderedDict[tuple[int, Hashable], tuple[object, Hashable, Matches]] = OrderedDict()

    def known(self, owner: object, version: Hashable | None, key: Hashable) -> Matches | None:
        """What the list `key` names matched, if counted for this owner at this version (None: not known)."""
        if version is None:
            return None
        slot = (id(owner), key)
        with self._lock:
            entry = self._known.get(slot)
            if entry is None or entry[0] is not owner or entry[1] != version:
                return None
            self._known.move_to_end(slot)
            return entry[2]

    def matches(self, owner: object, version: Hashable | None, key: Hashable, count: Callable[[], Matches]) -> Matches:
        """What the list `key` names matches: known, or counted (count()) and kept, unless the version is None
        (the state was changing while it was read: counted, and not kept)."""
        known = self.known(owner, version, key)
        if known is not None:
            return known
        counted = count()
        if version is not None:
            with self._lock:
                self._known[(id(owner), key)] = (owner, version, counted)
                self._known.move_to_end((id(owner), key))
                while len(self._known) > self._kept:
                    self._known.popitem(last=False)
        return counted
