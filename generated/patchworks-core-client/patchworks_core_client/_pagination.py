"""Automatic pagination: iterate over every item of a paginated list, one page at a time.

Each paginated operation's module has `iterate(...)` and `aiterate(...)`, built on these. Only one page
is held at a time, so iterating over any number of records keeps memory flat. The API pages by offset:
records created or deleted while iterating may shift items across page boundaries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")


def iterate_pages(
    fetch: Callable[[int], PageT],
    items: Callable[[PageT], Sequence[ItemT]],
    last_page: Callable[[PageT], int],
) -> Iterator[ItemT]:
    """Yield the items of page 1, 2, ... until the last page (or an empty one)."""
    page = 1
    while True:
        result = fetch(page)
        batch = items(result)
        yield from batch
        if not batch or page >= last_page(result):
            return
        page += 1


async def aiterate_pages(
    fetch: Callable[[int], Awaitable[PageT]],
    items: Callable[[PageT], Sequence[ItemT]],
    last_page: Callable[[PageT], int],
) -> AsyncIterator[ItemT]:
    """The async form of iterate_pages."""
    page = 1
    while True:
        result = await fetch(page)
        batch = items(result)
        for item in batch:
            yield item
        if not batch or page >= last_page(result):
            return
        page += 1
