"""Client-side rate limiting: a token bucket, shared by a client's sync and async calls.

The bucket refills at `requests_per_minute / 60` tokens a second up to `burst`; each request takes
one, waiting for it when none is left. The easydb 5 API states no limit, so a client has none unless
it is given a RateLimiter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

from ._retry import asyncio_sleep


@attrs.define
class RateLimiter:
    requests_per_minute: float
    burst: int = 10
    clock: Callable[[], float] = attrs.field(default=time.monotonic, repr=False)
    sleep: Callable[[float], None] = attrs.field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = attrs.field(default=asyncio_sleep, repr=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)
    _tokens: float = attrs.field(init=False, repr=False)
    _updated: float = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.requests_per_minute <= 0 or self.burst < 1:
            raise ValueError("requests_per_minute must be positive and burst at least 1 (rate_limit=None turns it off)")
        self._tokens = float(self.burst)
        self._updated = self.clock()

    def reserve(self) -> float:
        """Take a token: the seconds to wait before using it (0.0 when one was free)."""
        rate = self.requests_per_minute / 60.0
        with self._lock:  # held for a few arithmetic operations only, so async callers may take it too
            now = self.clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * rate)
            self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / rate


class RateLimitedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, limiter: RateLimiter) -> None:
        self._inner, self._limiter = inner, limiter

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        wait = self._limiter.reserve()
        if wait > 0:
            self._limiter.sleep(wait)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class AsyncRateLimitedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter) -> None:
        self._inner, self._limiter = inner, limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        wait = self._limiter.reserve()
        if wait > 0:
            await self._limiter.async_sleep(wait)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
