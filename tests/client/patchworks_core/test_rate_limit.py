"""The client-side token bucket, on a fake clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from patchworks_core_client import AuthenticatedClient, Client, RateLimiter
from patchworks_core_client.api.data_pools import get_data_pool

from contract_tests.testing import FakeClock
from generator.layout import ApiLayout
from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import DATA_POOL, limiter


def test_a_burst_passes_then_requests_are_spaced_at_the_rate(clock: FakeClock) -> None:
    bucket = limiter(clock, per_minute=60, burst=3)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() == pytest.approx(1.0)  # 60/minute: one token a second
    assert bucket.reserve() == pytest.approx(2.0)  # the next one queues behind it


def test_tokens_come_back_with_time_up_to_the_burst(clock: FakeClock) -> None:
    bucket = limiter(clock, per_minute=120, burst=2)
    bucket.reserve(), bucket.reserve()
    clock.advance(60)  # a minute idle refills two tokens, not 120
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, pytest.approx(0.5)]


def test_over_a_minute_the_client_sends_no_more_than_the_rate_allows(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    script = Script(json_response(200, {"data": DATA_POOL}))
    client = make_client(script, rate_limit=limiter(clock, per_minute=240, burst=10))
    started = clock.now
    for _ in range(250):
        get_data_pool.sync(7, client=client)
    elapsed = clock.now - started
    assert len(script.requests) == 250
    assert elapsed == pytest.approx((250 - 10) / 4)  # 240/minute is 4 a second once the burst is spent


def test_sync_and_async_calls_share_one_bucket(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    client = make_client(Script(json_response(200, {"data": DATA_POOL})), rate_limit=limiter(clock, 60, 1))
    get_data_pool.sync(7, client=client)
    asyncio.run(get_data_pool.asyncio(7, client=client))
    assert clock.sleeps == [pytest.approx(1.0)]


def test_no_rate_limit_means_no_waiting(make_client: Callable[..., AuthenticatedClient], clock: FakeClock) -> None:
    client = make_client(Script(json_response(200, {"data": DATA_POOL})), rate_limit=None)
    for _ in range(500):
        get_data_pool.sync(7, client=client)
    assert clock.sleeps == []


def test_a_client_limits_itself_by_default_to_the_profiles_rate(clock: FakeClock) -> None:
    """The default bucket comes from specs/<api>/api.yaml's rate_limit (not from a number in a template)."""
    per_minute = ApiLayout.find("patchworks-core").profile.requests_per_minute
    assert per_minute is not None
    default = Client().rate_limit
    assert isinstance(default, RateLimiter) and default.requests_per_minute == per_minute
    bucket = RateLimiter(clock=clock, sleep=clock.sleep, async_sleep=clock.async_sleep)
    for _ in range(bucket.burst):
        bucket.reserve()
    assert bucket.reserve() == pytest.approx(60 / per_minute)  # once the burst is spent, one per 60/rate s


def test_a_nonsensical_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="rate_limit=None turns it off"):
        RateLimiter(requests_per_minute=0)
