"""Credentials that renew themselves once for all the calls that need it: RenewingAuth drives a token flow
(_auth_login_token's, _auth_session_token's) so that calls which find the credential stale at the same time
renew it once, and the others take the new one.

A flow is a generator of the requests a call sends and of Renewal steps: a Renewal asks for a credential in
place of a stale one. The driver answers it with `_renewed(renewal)`, whose requests (a login, a new
session) it sends under a lock: one for the sync calls of every thread, one for the async calls of each
event loop (a sync and an async call, or calls on two loops, may each renew). httpx's docs: override
sync_auth_flow and async_auth_flow for an auth that must be thread-safe; so a subclass changes the flow
in `_flow`, which all three drivers run, not in auth_flow.

The renewal's requests go through the client's transports and event hooks under that lock, with the
call's timeout (httpx gives a flow's own requests none). The sync lock is reentrant: a hook that calls the
API through the same client on the same thread renews on its own rather than waiting on itself forever
(an async hook must not: an asyncio.Lock is not reentrant). A renewal that fails fails the calls that
waited for it too, with its error, rather than each trying again in turn: a refused password is sent
once, not once a waiting call (an account may be locked after a few).
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

import httpx

from ._auth import Secret
from ._retry import NO_ANSWER


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
        self._thread_lock = threading.RLock()
        # An asyncio.Lock serves the loop it was first awaited on: one per loop, by the loop's id, kept while
        # a call holds or awaits it (a lock refers to its loop: kept for good, it would keep closed loops).
        self._loop_locks: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
        self._loop_locks_guard = threading.Lock()  # loops of several threads may ask at once
        self._renewals = 0  # renewals ended (that sent a request), failed or not
        # The last one's number, error and traceback, when it failed (each waiting call raises it with that
        # traceback, as asyncio.Future.result() does, not one that grows with every call's frames).
        self._failed: tuple[int, Exception, Any] | None = None

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
                ended = self._renewals
                async with self._loop_lock():
                    renewal = self._renewing(step, ended)
                    try:
                        sent = next(renewal)
                        while True:
                            try:
                                response = yield sent
                            except GeneratorExit:  # httpx closes the flow: the renewal is told so too
                                renewal.close()
                                raise
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
                ended = self._renewals
                with lock:
                    result: Any = yield from self._renewing(step, ended)  # its answers are read by accept_*
            else:
                result = yield step
                if read:
                    result.read()
            try:
                step = flow.send(result)
            except StopIteration:
                return

    def _renewing(self, step: Renewal, ended: int) -> Generator[httpx.Request, httpx.Response, Secret]:
        """`_renewed` under the lock, for a call that asked when `ended` renewals had ended: the error of one
        that ended since and failed (the call waited for it, or for the lock while it ran), else a
        credential, its requests sent with the call's timeout."""
        if self._failed is not None and self._failed[0] > ended:
            _, error, traceback = self._failed
            raise error.with_traceback(traceback)  # the one error for every waiting call
        renewal = self._renewed(step)
        try:
            sent = next(renewal)
        except StopIteration as done:  # another call's credential: nothing sent
            return done.value  # type: ignore[no-any-return]
        timeout = step.request.extensions.get("timeout")
        no_answer: list[Exception] = []  # the transport's error, if a request gets none (_retry.NO_ANSWER)
        try:
            while True:
                if timeout is not None:
                    sent.extensions.setdefault("timeout", timeout)
                sent.extensions[NO_ANSWER] = no_answer
                sent = renewal.send((yield sent))
        except StopIteration as done:
            self._renewals += 1
            self._failed = None
            return done.value  # type: ignore[no-any-return]
        except Exception as error:
            self._failed_with(error)
            raise
        except GeneratorExit as closing:
            # httpx closes the flow, rather than passing the error in, when a request of it gets no answer
            # (a timeout, a refused connection; a redirect the client refused): the transport told us, or
            # it is the context (of a sync flow's close).
            cause = no_answer[-1] if no_answer else _sending_error(closing)
            if cause is not None:
                self._failed_with(cause)
            raise

    def _failed_with(self, error: Exception) -> None:
        self._renewals += 1
        self._failed = (self._renewals, error, error.__traceback__)

    def _loop_lock(self) -> Any:
        """The asyncio.Lock of the running event loop (a client may be used from more than one)."""
        import asyncio  # here, not at the top: only an async call needs it, and it already has it imported

        loop = asyncio.get_running_loop()
        with self._loop_locks_guard:
            lock = self._loop_locks.get(id(loop))
            if lock is None:
                lock = self._loop_locks[id(loop)] = asyncio.Lock()
        return lock


def _sending_error(closing: BaseException) -> Exception | None:
    """The error a closed flow's request met (the context of the GeneratorExit, through the drivers' own),
    or None when it was closed for another reason (a cancelled task, a KeyboardInterrupt: no failure)."""
    context = closing.__context__
    while isinstance(context, GeneratorExit):
        context = context.__context__
    return context if isinstance(context, Exception) else None
