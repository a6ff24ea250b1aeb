"""Automatic pagination by page number: iterate over every item of a list, one page at a time.

Each page says which page is the last (`meta.last_page`). Each paginated operation's module has
`iterate(...)` and `aiterate(...)`, built on these, which ask for page 1, 2, ... up to the last page. Only
one page is held at a time, so iterating over any number of records keeps memory flat. The API pages by
offset: records created or deleted while iterating may shift items across page boundaries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Protocol, TypeVar


class PageMeta(Protocol):
    @property
    def last_page(self) -> int: ...


class LastPageAware(Protocol):
    """A page that says which page is the last (the model of every paginated list of this API)."""

    @property
    def meta(self) -> PageMeta: ...


PageT = TypeVar("PageT", bound=LastPageAware)
ItemT = TypeVar("ItemT")


def iterate_pages(fetch: Callable[[int], PageT], items: Callable[[PageT], Sequence[ItemT]]) -> Iterator[ItemT]:
    """Yield the items of page 1, 2, ... until the last page (or an empty one)."""
    page = 1
    while True:
        result = fetch(page)
        batch = items(result)
        yield from batch
        if not batch or page >= _last_page(result, page):
            return
        page += 1


async def aiterate_pages(
    fetch: Callable[[int], Awaitable[PageT]], items: Callable[[PageT], Sequence[ItemT]]
) -> AsyncIterator[ItemT]:
    """The async form of iterate_pages."""
    page = 1
    while True:
        result = await fetch(page)
        batch = items(result)
        for item in batch:
            yield item
        if not batch or page >= _last_page(result, page):
            return
        page += 1


def _last_page(result: LastPageAware, page: int) -> int:
    """The page's meta.last_page, checked: the models take a field's value as the answer gives it, and a
    null or a text there would fail the comparison with a bare TypeError."""
    last = result.meta.last_page
    if isinstance(last, int) and not isinstance(last, bool):
        return last
    from .errors import ApiError  # only for an answer that is not the documented one

    # A page is only ever a successful answer (the call raised for any other): the spec's is a 200.
    raise ApiError(
        200, f"the answer is not the documented page: page {page}'s meta.last_page is {last!r}, not an integer"
    )
