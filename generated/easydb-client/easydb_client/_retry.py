"""Retries with exponential backoff and full jitter, as an httpx transport (one for sync, one for async).

What is retried:
- 429, 502, 503 and 504 answers and errors after the request was sent (read errors, read timeouts), for
  the operations that may be sent twice: each operation's module marks its requests with the RETRYABLE
  extension, from the spec (GET, HEAD, PUT, DELETE, OPTIONS by default; an operation's `x-retry`
  says otherwise), so that an insert that is not idempotent is never sent twice;
- connection errors (the request never reached the server), for every request.
A request without the mark (one sent through get_httpx_client() directly) is not retried once it was sent.
A Retry-After header (seconds or an HTTP date) sets the wait when present; a wait longer than
`max_retry_after` is not waited for: the answer is returned (and sync() raises its error).
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

logger = logging.getLogger("easydb_client")

# The request extension an operation's module sets: True when the request may be sent again once it
# reached the server.
RETRYABLE = "easydb_client.retryable"
# The request extension an auth flow sets on a request of its own (a login): a list the transport appends the
# error to when the request gets no answer, after the retries. httpx closes an auth flow without passing
# it the error; the flow reads it here (_auth_renewing).
NO_ANSWER = "easydb_client.no-answer"
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
# Raised before a byte of the request left: retrying cannot repeat a side effect.
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Raised after the request was sent: only a RETRYABLE request may be sent again.
AFTER_SENDING_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ReadError,
    httpx.ReadTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
)

Outcome = httpx.Response | httpx.TransportError


async def asyncio_sleep(seconds: float) -> None:
    """asyncio.sleep, the async waits' default (the retries' and the rate limiter's). asyncio is imported on
    the first wait, not with the package: it is a fifth of the package's import time, and a program that
    makes only sync calls never needs it."""
    import asyncio

    await asyncio.sleep(seconds)


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry. `RetryPolicy(max_attempts=1)` turns retries off.

    Attempt n (from 1) waits a random time in [0, min(backoff_cap, backoff_base * 2 ** (n - 1))) seconds
    ("full jitter"), unless the answer says Retry-After.
    """

    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = attrs.field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = attrs.field(default=asyncio_sleep, repr=False)
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)  # uniform in [0, 1)
    wall_clock: Callable[[], float] = attrs.field(default=time.time, repr=False)

    def delay(self, request: httpx.Request, outcome: Outcome, attempt: int) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None when `outcome` is final."""
        if attempt >= self.max_attempts:
            return None
        retryable = request.extensions.get(RETRYABLE) is True
        if isinstance(outcome, httpx.Response):
            if not retryable or outcome.status_code not in RETRIED_STATUSES:
                return None
            retry_after = parse_retry_after(outcome.headers.get("Retry-After"), now=self.wall_clock())
            if retry_after is not None:
                return retry_after if retry_after <= self.max_retry_after else None
            return self.backoff(attempt)
        if isinstance(outcome, NOT_SENT_ERRORS) or (retryable and isinstance(outcome, AFTER_SENDING_ERRORS)):
            return self.backoff(attempt)
        return None

    def backoff(self, attempt: int) -> float:
        return self.jitter() * min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _next_step(policy: RetryPolicy, request: httpx.Request, outcome: Outcome, attempt: int) -> float | None:
    """The wait before the next attempt (logged), or None: then the outcome is returned or raised."""
    wait = policy.delay(request, outcome, attempt)
    if wait is not None:
        reason = outcome.status_code if isinstance(outcome, httpx.Response) else type(outcome).__name__
        logger.debug("retrying %s %s after %s in %.2f s (attempt %d of %d)", request.method, request.url.path,
                     reason, wait, attempt + 1, policy.max_attempts)  # fmt: skip
    return wait


def _final(outcome: Outcome, request: httpx.Request) -> httpx.Response:
    if isinstance(outcome, httpx.TransportError):
        told = request.extensions.get(NO_ANSWER)
        if isinstance(told, list):
            told.append(outcome)
        raise outcome
    return outcome


def _answers_directly(policy: RetryPolicy) -> bool:
    """Whether the policy's delay() is RetryPolicy's own, which never retries an answer whose status is not
    in RETRIED_STATUSES: then such an answer (nearly every one) is returned without asking it. A subclass
    that overrides delay() is asked about every outcome."""
    return type(policy).delay is RetryPolicy.delay


class RetryTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._policy = inner, policy
        self._answers_directly = _answers_directly(policy)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 1
        while True:
            outcome: Outcome
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                outcome = error
            else:
                if self._answers_directly and response.status_code not in RETRIED_STATUSES:
                    return response
                outcome = response
            wait = _next_step(self._policy, request, outcome, attempt)
            if wait is None:
                return _final(outcome, request)
            if isinstance(outcome, httpx.Response):
                outcome.close()
            self._policy.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._policy = inner, policy
        self._answers_directly = _answers_directly(policy)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 1
        while True:
            outcome: Outcome
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                outcome = error
            else:
                if self._answers_directly and response.status_code not in RETRIED_STATUSES:
                    return response
                outcome = response
            wait = _next_step(self._policy, request, outcome, attempt)
            if wait is None:
                return _final(outcome, request)
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self._policy.async_sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
