"""A list request, as the dialect reads it from the query string and a store answers it: which records
(conditions), in which order, with which relationships embedded, and which page. Nothing here knows how an
API spells these in its URLs (the dialect does) or how they become SQL (the stores do)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_OFFSET = 2**62  # below SQLite's 64-bit limit: a page far past the end is just an empty page


@dataclass(frozen=True)
class Condition:
    """Records whose attribute matches: exact (equal to any of the values), partial (contains any of them,
    ignoring case), before / after (below / above the one value, a timestamp in stored form). The same
    vocabulary as the spec's x-filter extension."""

    attribute: str
    match: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ListQuery:
    conditions: tuple[Condition, ...] = ()
    order: tuple[tuple[str, bool], ...] = ()  # (attribute, descending); then the key, ascending
    includes: tuple[str, ...] = ()
    page: int = 1
    per_page: int | None = None  # None: every record on one unpaginated answer

    @property
    def offset(self) -> int:
        if self.per_page is None:
            return 0
        return min((self.page - 1) * self.per_page, MAX_OFFSET)
