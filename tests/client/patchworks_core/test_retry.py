"""Retries: which outcomes, how long (full jitter, Retry-After), and which methods; with a fake clock."""

from __future__ import annotations

import asyncio
import email.utils
from collections.abc import Callable

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RetryPolicy, errors
from patchworks_core_client.api.connection_pools import clear_connection_pool
from patchworks_core_client.api.data_pools import create_data_pool, get_data_pool, update_data_pool
from patchworks_core_client.models import DataPoolStoreRequest, DataPoolUpdateRequest

from contract_tests.testing import FakeClock
from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import DATA_POOL

OK = json_response(200, {"data": DATA_POOL})


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_get_is_retried_on_transient_statuses_then_succeeds(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock, status: int
) -> None:
    script = Script(json_response(status, {"message": "busy"}), json_response(status, {"message": "busy"}), OK)
    assert get_data_pool.sync(7, client=make_client(script)).data.id == 7
    assert len(script.requests) == 3
    # Full jitter with jitter() = 0.5: half of min(cap, 0.5 * 2 ** (attempt - 1)).
    assert clock.sleeps == [0.25, 0.5]


def test_backoff_grows_exponentially_up_to_the_cap(clock: FakeClock) -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=3.0, jitter=lambda: 1.0)
    assert [policy.backoff(attempt) for attempt in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retries_stop_after_max_attempts_and_the_error_is_raised(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    script = Script(json_response(503, {"message": "down"}))
    with pytest.raises(errors.ServerError):
        get_data_pool.sync(7, client=make_client(script))
    assert len(script.requests) == 4  # RetryPolicy().max_attempts
    assert len(clock.sleeps) == 3


def test_retry_after_in_seconds_is_honoured(make_client: Callable[..., AuthenticatedClient], clock: FakeClock) -> None:
    script = Script(json_response(429, {"message": "slow down"}, {"Retry-After": "7"}), OK)
    get_data_pool.sync(7, client=make_client(script))
    assert clock.sleeps == [7.0]


def test_retry_after_as_an_http_date_is_honoured(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    clock.now = 1_700_000_000.0
    date = email.utils.formatdate(clock.now + 12, usegmt=True)
    script = Script(json_response(503, {"message": "maintenance"}, {"Retry-After": date}), OK)
    get_data_pool.sync(7, client=make_client(script))
    assert clock.sleeps == [12.0]


def test_a_retry_after_longer_than_the_maximum_is_not_waited_for(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    script = Script(json_response(429, {"message": "come back tomorrow"}, {"Retry-After": "3600"}), OK)
    with pytest.raises(errors.RateLimitError) as caught:
        get_data_pool.sync(7, client=make_client(script))
    assert caught.value.retry_after == 3600.0
    assert clock.sleeps == []


def test_put_is_retried_because_it_is_idempotent(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(502, {"message": "bad gateway"}), OK)
    update_data_pool.sync(7, client=make_client(script), body=DataPoolUpdateRequest(name="n"))
    assert [r.method for r in script.requests] == ["PUT", "PUT"]
    assert script.requests[0].content == script.requests[1].content


@pytest.mark.parametrize("status", [429, 503])
def test_a_post_that_reached_the_server_is_not_retried(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock, status: int
) -> None:
    script = Script(json_response(status, {"message": "busy"}), json_response(200, {"data": DATA_POOL}))
    with pytest.raises(errors.ApiError):
        create_data_pool.sync(client=make_client(script), body=DataPoolStoreRequest(name="orders"))
    assert len(script.requests) == 1
    assert clock.sleeps == []


def test_a_post_that_never_reached_the_server_is_retried(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(httpx.ConnectError("refused"), json_response(201, {"data": DATA_POOL}))
    created = create_data_pool.sync(client=make_client(script), body=DataPoolStoreRequest(name="orders"))
    assert created.data.id == 7
    assert len(script.requests) == 2


def test_a_post_whose_answer_was_lost_is_not_retried(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(httpx.ReadTimeout("no answer"), OK)
    with pytest.raises(httpx.ReadTimeout):
        clear_connection_pool.sync(3, client=make_client(script))
    assert len(script.requests) == 1


def test_a_get_whose_answer_was_lost_is_retried(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(httpx.ReadTimeout("no answer"), httpx.ConnectError("refused"), OK)
    assert get_data_pool.sync(7, client=make_client(script)).data.id == 7
    assert len(script.requests) == 3


def test_one_attempt_means_no_retries(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(503, {"message": "down"}), OK)
    with pytest.raises(errors.ServerError):
        get_data_pool.sync(7, client=make_client(script, retry=RetryPolicy(max_attempts=1)))
    assert len(script.requests) == 1


def test_async_calls_retry_the_same_way(make_client: Callable[..., AuthenticatedClient], clock: FakeClock) -> None:
    script = Script(json_response(429, {"message": "busy"}, {"Retry-After": "2"}), httpx.ConnectError("x"), OK)
    result = asyncio.run(get_data_pool.asyncio(7, client=make_client(script)))
    assert result.data.id == 7
    assert clock.sleeps == [2.0, 0.5]


def test_a_policy_that_overrides_delay_is_asked_about_every_answer(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    """The transport returns an answer whose status RetryPolicy never retries without asking the policy,
    unless the policy is a subclass with its own delay() (here: one that retries a 500 once)."""

    class RetryServerErrorsOnce(RetryPolicy):
        def delay(
            self, request: httpx.Request, outcome: httpx.Response | httpx.TransportError, attempt: int
        ) -> float | None:
            if isinstance(outcome, httpx.Response) and outcome.status_code == 500 and attempt == 1:
                return 1.5
            return super().delay(request, outcome, attempt)

    policy = RetryServerErrorsOnce(
        sleep=clock.sleep, async_sleep=clock.async_sleep, jitter=lambda: 0.5, wall_clock=clock
    )
    script = Script(json_response(500, {"message": "oops"}), OK)
    assert get_data_pool.sync(7, client=make_client(script, retry=policy)).data.id == 7
    assert len(script.requests) == 2 and clock.sleeps == [1.5]
    script = Script(json_response(500, {"message": "oops"}), OK)
    with pytest.raises(errors.ServerError):  # the stock policy: a 500 is the answer
        get_data_pool.sync(7, client=make_client(script))
    assert len(script.requests) == 1
    script = Script(json_response(500, {"message": "oops"}), OK)
    assert asyncio.run(get_data_pool.asyncio(7, client=make_client(script, retry=policy))).data.id == 7
    assert len(script.requests) == 2
