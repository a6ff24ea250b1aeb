"""Fixtures for the Patchworks client's tests: a client on a scripted transport, the project's fake clock,
and bodies as the API sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RateLimiter, RetryPolicy

from contract_tests.testing import FakeClock
from tests.client.conftest import Script

BASE_URL = "https://core.test"
CANARY_KEY = "pk_live_CANARY_KEY_7f3a9"
CANARY_PASSWORD = "CANARY_PASSWORD_81c2"
CANARY_TOKEN = "CANARY_TOKEN_e4d1"


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
