"""Credentials that renew themselves once for all the calls that need it: RenewingAuth drives a token flow
(_auth_login_token's, _auth_session_token's) so that calls which find the credential stale at the same time
renew it once, and the others take the new one.

A flow is a generator of the requests a call sends and of Renewal steps: a Renewal asks for a credential in
place of a stale one. The driver answers it with `_renewed(renewal)`, whose requests (a login, a new
session) it sends under a lock: a threading.Lock for sync calls, an asyncio.Lock per event loop for async
ones. httpx's docs: override sync_auth_flow and async_auth_flow for an auth that must be thread-safe.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

import httpx

from ._auth import Secret


class Renewal(NamedTuple):
    """A step of a flow that asks its driver for a credential in place of `stale` (None: it has none), for
    a call that sends `request`."""

    stale: Secret | None
    request: httpx.Request


# The flow's steps, and what each is answered with: a request with its response, a Renewal with a credential.
Flow = Generator[httpx.Request | Renewal, Any, None]


class RenewingAuth(httpx.Auth):
    """The driver of a flow (`_flow`) whose credential is renewed by `_renewed`, one renewal at a time."""

    requires_response_body = True

    def __init__(self) -> None:
        self._thread_lock = threading.Lock()
        self._async_lock: tuple[Any, Any] | None = None  # (event loop, asyncio.Lock): a lock serves one loop

    def _flow(self, request: httpx.Request) -> Flow:
        """The call: the requests it sends, and a Renewal wherever it needs a new credential."""
        raise NotImplementedError

    def _renewed(self, renewal: Renewal) -> Generator[httpx.Request, httpx.Response, Secret]:
        """A credential in place of `renewal.stale` (run under the lock): the one another call renewed
        meanwhile, else a new one, from the requests this yields."""
        raise NotImplementedError

    # auth_flow is the flow without a lock, for a caller that drives it by hand; httpx drives
    # sync_auth_flow (threads) and async_auth_flow (tasks).

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield from self._driven(request, contextlib.nullcontext())

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield from self._driven(request, self._thread_lock, read=True)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = self._flow(request)
        step = next(flow)
        while True:
            if isinstance(step, Renewal):
                async with self._loop_lock():
                    renewal = self._renewed(step)
                    try:
                        sent = next(renewal)
                        while True:
                            response = yield sent
                            await response.aread()
                            sent = renewal.send(response)
                    except StopIteration as done:
                        result: Any = done.value
            else:
                result = yield step
                await result.aread()
            try:
                step = flow.send(result)
            except StopIteration:
                return

    def _driven(
        self, request: httpx.Request, lock: AbstractContextManager[Any], *, read: bool = False
    ) -> Generator[httpx.Request, httpx.Response, None]:
        flow = self._flow(request)
        step = next(flow)
        while True:
            if isinstance(step, Renewal):
                with lock:
                    result: Any = yield from self._renewed(step)  # its answers are read by the flow's accept_*
            else:
                result = yield step
                if read:
                    result.read()
            try:
                step = flow.send(result)
            except StopIteration:
                return

    def _loop_lock(self) -> Any:
        """The asyncio.Lock of the running event loop (a client may be used from more than one)."""
        import asyncio  # here, not at the top: only an async call needs it, and it already has it imported

        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock[0] is not loop:
            self._async_lock = (loop, asyncio.Lock())
        return self._async_lock[1]
