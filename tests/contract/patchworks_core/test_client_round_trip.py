"""The generated Patchworks client against the Patchworks emulator over HTTP: every operation, sync and
async, pagination, each typed error, a 429 retried after its Retry-After, login and token expiry, and a
CSV import then download.

Where the schemathesis run checks that the emulator honours the spec, this checks that the client built
from the same spec works against it end to end. The emulator runs in-process (a thread under uvicorn)
so that its clocks can be moved: token expiry and rate-limit windows without waiting.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, Client, errors
from patchworks_core_client._retry import RetryPolicy
from patchworks_core_client.api.authentication import login
from patchworks_core_client.api.connection_pools import (
    clear_connection_pool,
    create_connection_pool,
    delete_connection_pool,
    get_connection_pool,
    list_connection_pools,
    update_connection_pool,
)
from patchworks_core_client.api.data_pools import (
    create_data_pool,
    delete_data_pool,
    delete_deduped_data_records,
    download_deduped_data,
    get_data_pool,
    import_deduped_data,
    list_data_pools,
    list_deduped_data,
    update_data_pool,
)
from patchworks_core_client.models import (
    ConnectionPoolsStoreRequest,
    ConnectionPoolsUpdateRequest,
    DataPoolStoreRequest,
    DataPoolUpdateRequest,
    DedupedDataDeleteRequest,
    LoginRequest,
)

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.emulator.core.control import KEY_HEADER
from contract_tests.serving import serving
from contract_tests.testing import FakeClock

API = "patchworks-core"
KEY = "round-trip-key"
CONTROL_KEY = "round-trip-control-key"  # the control routes' own (the API key does not open them)
USER, PASSWORD = "robot@example.com", "round-trip-password"
TOKEN_TTL = 3600


@dataclass
class Host:
    url: str
    clock: FakeClock  # the emulator's; the client's retry sleeps on it too, so time passes for both at once
    downloads: Path

    def reset(self) -> None:
        httpx.post(f"{self.url}/__emulator__/reset", headers={KEY_HEADER: CONTROL_KEY}).raise_for_status()


def _host(tmp_path_factory: pytest.TempPathFactory, rate_limit: int) -> Iterator[Host]:
    clock = FakeClock()
    downloads = tmp_path_factory.mktemp("downloads")
    settings = EmulatorSettings(api_keys=(KEY,), logins=(Login(USER, PASSWORD),), db=":memory:",
                                rate_limit=rate_limit, token_ttl=TOKEN_TTL, downloads_dir=downloads,
                                control_key=CONTROL_KEY)  # fmt: skip
    with serving(create_app(API, settings, authenticator_clock=clock, rate_limit_clock=clock)) as url:
        yield Host(url, clock, downloads)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    yield from _host(tmp_path_factory, rate_limit=0)


@pytest.fixture
def host(served: Host) -> Host:
    served.reset()
    return served


def client_of(host: Host, **options: Any) -> AuthenticatedClient:
    return AuthenticatedClient(api_key=KEY, base_url=host.url, rate_limit=None, **options)


# One flow serves both forms of the client: `call(module, ...)` runs module.sync or awaits module.asyncio.
Call = Callable[..., Awaitable[Any]]


def caller(is_async: bool) -> Call:
    async def call(module: Any, *args: Any, **kwargs: Any) -> Any:
        return await module.asyncio(*args, **kwargs) if is_async else module.sync(*args, **kwargs)

    return call


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_every_operation(host: Host, is_async: bool) -> None:
    async def flow() -> None:
        call = caller(is_async)
        with client_of(host) as client:
            await data_pool_operations(call, client, host)
            await connection_pool_operations(call, client)
            token = await call(login, client=Client(base_url=host.url), body=LoginRequest(USER, PASSWORD))
            assert token.token and token.expires_in == TOKEN_TTL

    asyncio.run(flow())


async def data_pool_operations(call: Call, client: AuthenticatedClient, host: Host) -> None:
    pool = (await call(create_data_pool, client=client, body=DataPoolStoreRequest(name="customers"))).data
    assert (await call(get_data_pool, pool.id, client=client)).data.name == "customers"
    renamed = await call(update_data_pool, pool.id, client=client, body=DataPoolUpdateRequest(name="clients"))
    assert renamed.data.name == "clients"
    listed = await call(list_data_pools, client=client, filter_name="clie", sort="-created_at")
    assert [p.id for p in listed.data] == [pool.id] and listed.meta.total == 1
    content = b"value,entity_type_id\r\na@example.com,47\r\n=cmd(),12\r\n"
    imported = await call(import_deduped_data, pool.id, client=client, deduped_data_file=content)
    assert imported.message.startswith("2 records")
    records = (await call(list_deduped_data, pool.id, client=client, include="entityType", sort="id")).data
    assert [(r.value, r.entity_type_id) for r in records] == [("a@example.com", 47), ("=cmd()", 12)]
    await call(download_deduped_data, pool.id, client=client)
    exported = [list(row) for row in csv.reader(io.StringIO(_newest(host.downloads).read_text()))]
    assert exported == [["value", "entity_type_id"], ["a@example.com", "47"], ["'=cmd()", "12"]]
    await call(delete_deduped_data_records, pool.id, client=client, body=DedupedDataDeleteRequest(ids=[records[0].id]))
    assert [r.value for r in (await call(list_deduped_data, pool.id, client=client)).data] == ["=cmd()"]
    await call(delete_data_pool, pool.id, client=client)
    with pytest.raises(errors.NotFoundError):
        await call(get_data_pool, pool.id, client=client)


async def connection_pool_operations(call: Call, client: AuthenticatedClient) -> None:
    body = ConnectionPoolsStoreRequest(name="erp", limit=5)
    pool = (await call(create_connection_pool, client=client, body=body)).data
    assert (await call(get_connection_pool, pool.id, client=client)).data.limit == 5
    changed = ConnectionPoolsUpdateRequest(limit=10)
    assert (await call(update_connection_pool, pool.id, client=client, body=changed)).data.limit == 10
    listed = await call(list_connection_pools, client=client, include="connectors.system", sort=["-limit", "name"])
    assert [p.id for p in listed.data] == [pool.id]
    assert (await call(clear_connection_pool, pool.id, client=client)).message
    await call(delete_connection_pool, pool.id, client=client)
    with pytest.raises(errors.NotFoundError):
        await call(get_connection_pool, pool.id, client=client)


def _newest(directory: Path) -> Path:
    return max(directory.iterdir(), key=lambda file: file.stat().st_mtime_ns)


def test_iterate_and_aiterate_walk_every_page(host: Host) -> None:
    with client_of(host) as client:
        pool = create_data_pool.sync(client=client, body=DataPoolStoreRequest(name="many")).data
        rows = "".join(f"v{i},47\n" for i in range(250))
        import_deduped_data.sync(pool.id, client=client, deduped_data_file=f"value,entity_type_id\n{rows}".encode())
        assert [r.value for r in list_deduped_data.iterate(pool.id, client=client)] == [f"v{i}" for i in range(250)]

        async def collect() -> list[str]:
            return [r.value async for r in list_deduped_data.aiterate(pool.id, client=client, per_page=40)]

        assert asyncio.run(collect()) == [f"v{i}" for i in range(250)]
        # filter[value] matches partially (spatie's default): v24 and v240..v249, in id order.
        matched = [r.value for r in list_deduped_data.iterate(pool.id, client=client, filter_value="v24")]
        assert matched == ["v24", *(f"v24{i}" for i in range(10))]


def test_each_error_status_raises_its_typed_error(host: Host) -> None:
    with client_of(host) as client:
        with pytest.raises(errors.BadRequestError, match="Allowed sort"):
            list_data_pools.sync(client=client, sort="name")  # type: ignore[arg-type]  # not an allowed sort
        with pytest.raises(errors.NotFoundError):
            get_data_pool.sync(424242, client=client)
        with pytest.raises(errors.ValidationError) as invalid:
            create_data_pool.sync(client=client, body=DataPoolStoreRequest(name="ab"))
        assert invalid.value.errors == {"name": ["The name field must be at least 3 characters."]}
    with AuthenticatedClient(api_key="not-the-key", base_url=host.url, rate_limit=None) as stranger:
        with pytest.raises(errors.AuthenticationError, match="Unauthenticated"):
            list_data_pools.sync(client=stranger)
        assert KEY not in repr(stranger) and "not-the-key" not in repr(stranger)


@pytest.fixture(scope="module")
def rate_limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    yield from _host(tmp_path_factory, rate_limit=2)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_429_is_retried_after_its_retry_after(rate_limited: Host, is_async: bool) -> None:
    clock = rate_limited.clock
    clock.advance(120)  # a fresh rate-limit window for each run
    policy = RetryPolicy(sleep=clock.sleep, async_sleep=clock.async_sleep)
    with client_of(rate_limited, retry=policy) as client:
        call = caller(is_async)

        async def three_calls() -> list[int]:
            return [(await call(list_data_pools, client=client)).meta.total for _ in range(3)]

        slept_before = len(clock.sleeps)
        assert asyncio.run(three_calls()) == [0, 0, 0]  # the third met a 429, waited, and succeeded
    waits = clock.sleeps[slept_before:]
    assert len(waits) == 1 and 0 < waits[0] <= 60


def test_a_429_beyond_the_retries_raises_rate_limit_error(rate_limited: Host) -> None:
    rate_limited.clock.advance(120)
    with client_of(rate_limited, retry=RetryPolicy(max_attempts=1)) as client:
        list_data_pools.sync(client=client)
        list_data_pools.sync(client=client)
        with pytest.raises(errors.RateLimitError) as limited:
            list_data_pools.sync(client=client)
    assert limited.value.retry_after is not None and 0 < limited.value.retry_after <= 60


def test_login_then_an_expired_token_is_renewed(host: Host) -> None:
    login_url = f"{host.url}/fabric/api/login"
    with AuthenticatedClient.login(USER, PASSWORD, login_url=login_url, base_url=host.url, rate_limit=None) as client:
        assert list_data_pools.sync(client=client).meta.total == 0
        host.clock.advance(TOKEN_TTL + 1)  # the emulator now refuses the token: 401, log in again, retry
        assert list_data_pools.sync(client=client).meta.total == 0
        assert PASSWORD not in repr(client)
    with pytest.raises(errors.AuthenticationError):
        AuthenticatedClient.login(USER, "wrong", login_url=login_url, base_url=host.url, rate_limit=None)


def test_async_login(host: Host) -> None:
    async def flow() -> int:
        login_url = f"{host.url}/fabric/api/login"
        client = await AuthenticatedClient.alogin(USER, PASSWORD, login_url=login_url, base_url=host.url,
                                                  rate_limit=None)  # fmt: skip
        host.clock.advance(TOKEN_TTL + 1)
        total: int = (await list_data_pools.asyncio(client=client)).meta.total
        await client.get_async_httpx_client().aclose()
        return total

    assert asyncio.run(flow()) == 0
