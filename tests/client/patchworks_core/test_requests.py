"""The exact request of every operation: method, URL with its encoded query, headers and body."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, Client, RetryPolicy
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

from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import BASE_URL, CANARY_KEY, CONNECTION_POOL, DATA_POOL, page_of

MESSAGE = {"message": "Done."}
Call = Callable[[AuthenticatedClient], object]

CASES: list[tuple[str, Call, dict[str, Any], str, str, Any]] = [
    # (name, call, reply body, method, URL, JSON body or None)
    (
        "listDataPools",
        lambda c: list_data_pools.sync(client=c),
        page_of([DATA_POOL], 1, 1),
        "GET",
        "/api/v1/data-pool",
        None,
    ),
    (
        "listDataPools with every parameter",
        lambda c: list_data_pools.sync(
            client=c, filter_name=["ord", "ret urns"], filter_id=[1, 2], sort=["-created_at"], page=2, per_page=50
        ),
        page_of([], 2, 1),
        "GET",
        "/api/v1/data-pool?filter%5Bname%5D=ord%2Cret+urns&filter%5Bid%5D=1%2C2&sort=-created_at&page=2&per_page=50",
        None,
    ),
    (
        "createDataPool",
        lambda c: create_data_pool.sync(client=c, body=DataPoolStoreRequest(name="orders", description=None)),
        {"data": DATA_POOL},
        "POST",
        "/api/v1/data-pool",
        {"name": "orders", "description": None},
    ),
    ("getDataPool", lambda c: get_data_pool.sync(7, client=c), {"data": DATA_POOL}, "GET", "/api/v1/data-pool/7", None),
    (
        "updateDataPool",
        lambda c: update_data_pool.sync(7, client=c, body=DataPoolUpdateRequest(name="renamed")),
        {"data": DATA_POOL},
        "PUT",
        "/api/v1/data-pool/7",
        {"name": "renamed"},
    ),
    ("deleteDataPool", lambda c: delete_data_pool.sync(7, client=c), MESSAGE, "DELETE", "/api/v1/data-pool/7", None),
    (
        "listDedupedData",
        lambda c: list_deduped_data.sync(
            7,
            client=c,
            filter_value="a@b",
            filter_entity_type_id=47,
            filter_created_after=datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            include=["flow", "dataPool"],
            sort=["-created_at", "id"],
        ),
        page_of([], 1, 1),
        "GET",
        "/api/v1/data-pool/7/deduped-data?filter%5Bentity_type_id%5D=47&filter%5Bvalue%5D=a%40b"
        "&filter%5Bcreated_after%5D=2025-01-02T03%3A04%3A05%2B00%3A00&include=flow%2CdataPool&sort=-created_at%2Cid",
        None,
    ),
    (
        "downloadDedupedData",
        lambda c: download_deduped_data.sync(7, client=c),
        MESSAGE,
        "GET",
        "/api/v1/data-pool/7/deduped-data/download",
        None,
    ),
    (
        "deleteDedupedDataRecords",
        lambda c: delete_deduped_data_records.sync(7, client=c, body=DedupedDataDeleteRequest(ids=[1, 2])),
        MESSAGE,
        "DELETE",
        "/api/v1/data-pool/7/deduped-data/delete-records",
        {"ids": [1, 2]},
    ),
    (
        "listConnectionPools",
        lambda c: list_connection_pools.sync(client=c, include="connectors.system", sort="name"),
        page_of([CONNECTION_POOL], 1, 1),
        "GET",
        "/api/v1/connection-pools?include=connectors.system&sort=name",
        None,
    ),
    (
        "createConnectionPool",
        lambda c: create_connection_pool.sync(client=c, body=ConnectionPoolsStoreRequest(name="shopify", limit=5)),
        {"data": CONNECTION_POOL},
        "POST",
        "/api/v1/connection-pools",
        {"name": "shopify", "limit": 5},
    ),
    (
        "getConnectionPool",
        lambda c: get_connection_pool.sync(3, client=c),
        {"data": CONNECTION_POOL},
        "GET",
        "/api/v1/connection-pools/3",
        None,
    ),
    (
        "updateConnectionPool",
        lambda c: update_connection_pool.sync(3, client=c, body=ConnectionPoolsUpdateRequest(limit=9, timeout=None)),
        {"data": CONNECTION_POOL},
        "PUT",
        "/api/v1/connection-pools/3",
        {"limit": 9, "timeout": None},
    ),
    (
        "deleteConnectionPool",
        lambda c: delete_connection_pool.sync(3, client=c),
        MESSAGE,
        "DELETE",
        "/api/v1/connection-pools/3",
        None,
    ),
    (
        "clearConnectionPool",
        lambda c: clear_connection_pool.sync(3, client=c),
        MESSAGE,
        "POST",
        "/api/v1/connection-pools/3/clear",
        None,
    ),
]


@pytest.mark.parametrize(("name", "call", "reply", "method", "url", "body"), CASES, ids=[c[0] for c in CASES])
def test_the_exact_request_of_each_operation(
    make_client: Callable[..., AuthenticatedClient],
    name: str,
    call: Call,
    reply: dict[str, Any],
    method: str,
    url: str,
    body: Any,
) -> None:
    script = Script(json_response(200, reply))
    result = call(make_client(script))
    request = script.last
    assert (request.method, str(request.url)) == (method, BASE_URL + url)
    assert request.headers["Authorization"] == CANARY_KEY  # raw, no prefix
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("patchworks-core-client/")
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == body
    assert result is not None


def test_sync_returns_the_parsed_model(make_client: Callable[..., AuthenticatedClient]) -> None:
    pool = get_data_pool.sync(7, client=make_client(Script(json_response(200, {"data": DATA_POOL}))))
    assert pool.data.id == 7
    assert pool.data.description is None
    assert pool.data.created_at == datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def test_create_accepts_201_as_well_as_200(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(201, {"data": DATA_POOL}))
    created = create_data_pool.sync(client=make_client(script), body=DataPoolStoreRequest(name="orders"))
    assert created.data.name == "orders"


def test_login_needs_no_credentials_and_posts_them_as_json() -> None:
    script = Script(json_response(200, {"message": "ok", "token": "t", "expires_in": 60}))
    client = Client(base_url="https://app.test", transport=httpx.MockTransport(script), rate_limit=None)
    answer = login.sync(client=client, body=LoginRequest(username="me", password="pw"))
    assert answer.token == "t"
    assert str(script.last.url) == "https://app.test/fabric/api/login"
    assert "Authorization" not in script.last.headers
    assert json.loads(script.last.content) == {"username": "me", "password": "pw"}


def test_async_calls_send_the_same_request(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(200, page_of([], 1, 1)))
    client = make_client(script)
    asyncio.run(list_data_pools.asyncio(client=client, filter_name="x", sort="created_at"))
    list_data_pools.sync(client=client, filter_name="x", sort="created_at")
    assert str(script.requests[0].url) == str(script.requests[1].url)
    assert script.requests[0].headers["Authorization"] == script.requests[1].headers["Authorization"]


def test_a_transport_in_httpx_args_is_the_innermost_one_of_both_clients() -> None:
    """How openapi-python-client's clients take a mock transport: still below the retry and logging layers."""
    script = Script(json_response(503, {}), json_response(200, {"data": DATA_POOL}))
    client = AuthenticatedClient(api_key="key", base_url="https://app.test", rate_limit=None,
                                 retry=RetryPolicy(sleep=lambda _: None, async_sleep=_no_wait),
                                 httpx_args={"transport": httpx.MockTransport(script)})  # fmt: skip
    assert get_data_pool.sync(7, client=client).data.id == 7
    assert asyncio.run(get_data_pool.asyncio(7, client=client)).data.id == 7
    assert len(script.requests) == 3, "the 503 was retried below the client: the layers are above the mock"
    assert all(request.headers["Authorization"] == "key" for request in script.requests)


async def _no_wait(_: float) -> None:
    return None


def test_a_transport_given_twice_is_an_error_that_says_so() -> None:
    mock = httpx.MockTransport(Script(json_response(200, {"data": DATA_POOL})))
    with pytest.raises(ValueError, match="a transport is given twice"):
        AuthenticatedClient(api_key="key", transport=mock, httpx_args={"transport": mock})
    client = AuthenticatedClient(api_key="key", transport=mock)
    client.httpx_args["transport"] = mock  # given twice after it was made: refused before anything is sent
    with pytest.raises(ValueError, match="a transport is given twice"):
        get_data_pool.sync(7, client=client)


def test_a_sync_transport_in_httpx_args_says_so_on_an_async_call() -> None:
    client = AuthenticatedClient(api_key="key", httpx_args={"transport": httpx.HTTPTransport()})
    with pytest.raises(TypeError, match=r"httpx_args' transport \(HTTPTransport\) cannot send async requests"):
        asyncio.run(get_data_pool.asyncio(7, client=client))


def test_a_sync_only_transport_leaves_the_async_calls_httpxs_own() -> None:
    """transport=httpx.HTTPTransport(retries=3), say: the sync calls' alone, as before."""
    client = AuthenticatedClient(api_key="key", transport=httpx.HTTPTransport(retries=3))
    innermost: Any = client.get_async_httpx_client()._transport
    while hasattr(innermost, "_inner"):  # the layers (retries, logging) each keep the one below as _inner
        innermost = innermost._inner
    assert isinstance(innermost, httpx.AsyncHTTPTransport)


def test_a_mock_given_as_transport_answers_the_async_calls_too() -> None:
    script = Script(json_response(200, {"data": DATA_POOL}), json_response(200, {"data": DATA_POOL}))
    client = AuthenticatedClient(api_key="key", base_url="https://app.test", rate_limit=None,
                                 transport=httpx.MockTransport(script))  # fmt: skip
    assert get_data_pool.sync(7, client=client).data.id == 7
    assert asyncio.run(get_data_pool.asyncio(7, client=client)).data.id == 7
    assert len(script.requests) == 2
    only_async = Script(json_response(200, {"data": DATA_POOL}))
    both = AuthenticatedClient(api_key="key", base_url="https://app.test", rate_limit=None,
                               transport=httpx.MockTransport(script),
                               async_transport=httpx.MockTransport(only_async))  # fmt: skip
    assert asyncio.run(get_data_pool.asyncio(7, client=both)).data.id == 7
    assert len(only_async.requests) == 1 and len(script.requests) == 2, "async_transport is the async calls' own"
