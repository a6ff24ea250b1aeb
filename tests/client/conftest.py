"""Fixtures for the generated client's tests: a scripted httpx.MockTransport and a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RateLimiter, RetryPolicy

BASE_URL = "https://core.test"
CANARY_KEY = "pk_live_CANARY_KEY_7f3a9"
CANARY_PASSWORD = "CANARY_PASSWORD_81c2"
CANARY_TOKEN = "CANARY_TOKEN_e4d1"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


class Script:
    """A mock server: answers each request with the next reply (the last one repeats) and records it."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        # A fresh response each time: one that was sent once (sync or async) cannot be sent again.
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@attrs.define
class FakeClock:
    """Time that moves only when something sleeps on it: retries and rate limits are tested without waiting."""

    now: float = 1000.0
    sleeps: list[float] = attrs.field(factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(clock: FakeClock) -> Callable[..., AuthenticatedClient]:
    def make(script: Script, **options: Any) -> AuthenticatedClient:
        options.setdefault("api_key", CANARY_KEY)
        options.setdefault("rate_limit", None)
        options.setdefault(
            "retry",
            RetryPolicy(sleep=clock.sleep, async_sleep=clock.async_sleep, jitter=lambda: 0.5, wall_clock=clock),
        )
        transport = httpx.MockTransport(script)
        return AuthenticatedClient(base_url=BASE_URL, transport=transport, async_transport=transport, **options)

    return make


def limiter(clock: FakeClock, per_minute: float, burst: int) -> RateLimiter:
    return RateLimiter(per_minute, burst, clock=clock, sleep=clock.sleep, async_sleep=clock.async_sleep)


DATA_POOL = {
    "id": 7,
    "name": "orders",
    "description": None,
    "data_pool_template_id": None,
    "created_at": "2025-01-02T03:04:05.000000Z",
    "updated_at": "2025-01-02T03:04:05.000000Z",
}
CONNECTION_POOL = {
    "id": 3,
    "name": "shopify",
    "limit": 5,
    "timeout": None,
    "created_at": "2025-01-02T03:04:05.000000Z",
    "updated_at": "2025-01-02T03:04:05.000000Z",
}


def deduped(record_id: int) -> dict[str, Any]:
    return {
        "id": record_id,
        "data_pool_id": 7,
        "value": f"person{record_id}@example.com",
        "entity_type_id": 47,
        "flow_id": None,
        "flow_run_id": None,
        "step_id": None,
        "created_at": "2025-01-02T03:04:05.000000Z",
        "updated_at": "2025-01-02T03:04:05.000000Z",
    }


def page_of(
    items: list[dict[str, Any]], page: int, last_page: int, per_page: int = 15, total: int | None = None
) -> dict[str, Any]:
    total = len(items) if total is None else total
    first = (page - 1) * per_page + 1
    return {
        "data": items,
        "meta": {
            "current_page": page,
            "from": first if items else None,
            "last_page": last_page,
            "path": f"{BASE_URL}/x",
            "per_page": per_page,
            "to": first + len(items) - 1 if items else None,
            "total": total,
        },
        "links": {
            "first": f"{BASE_URL}/x?page=1",
            "last": f"{BASE_URL}/x?page={last_page}",
            "prev": None,
            "next": None,
        },
    }
