"""TurnMemo: a value worked out at most once an event-loop turn. Under load one turn of the loop answers
dozens of requests; what each of them would ask again (the database's data_version, the request log's
writer) is asked by the first, and forgotten when the next turn begins. asyncio has no hook for a turn's
end, so the value is forgotten by a callback scheduled when it is worked out (call_soon: it runs at the
start of the next turn, before anything that turn's I/O brings)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TurnMemo(Generic[T]):
    """`make()` at most once a turn of the running event loop (the loop's thread only: outside a running
    loop, e.g. on a worker thread, every get() makes it anew)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._seen: tuple[asyncio.AbstractEventLoop, T] | None = None  # the value, with the loop it was made on

    def get(self) -> T:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self._make()
        seen = self._seen
        if seen is not None and seen[0] is loop:
            return seen[1]
        value = self._make()
        self._seen = (loop, value)
        loop.call_soon(self._forget)
        return value

    def _forget(self) -> None:
        self._seen = None
