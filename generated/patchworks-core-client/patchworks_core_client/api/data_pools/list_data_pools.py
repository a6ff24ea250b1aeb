from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ... import _json_decoding
from ... import models as _models
from ..._pagination import aiterate_pages, iterate_pages
from ..._query import query_params
from ..._retry import RETRYABLE
from ..._status import http_status
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...models.data_pool import DataPool
    from ...models.data_pool_list_response import DataPoolListResponse
    from ...models.error_response import ErrorResponse
    from ...models.message_response import MessageResponse

Sort = Literal["created_at", "-created_at"]


def _get_kwargs(
    *,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/data-pool",
        "params": query_params(
            {
                "filter[name]": filter_name,
                "filter[id]": filter_id,
                "sort": sort,
                "page": page,
                "per_page": per_page,
            }
        ),
        "extensions": {RETRYABLE: True},
    }
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPoolListResponse | ErrorResponse | MessageResponse | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            DataPoolListResponse = _models.DataPoolListResponse

            response_200 = DataPoolListResponse.from_dict(_json_decoding.loads(response.content))

            return response_200

        if response.status_code == 400:
            MessageResponse = _models.MessageResponse

            response_400 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_400

        if response.status_code == 401:
            MessageResponse = _models.MessageResponse

            response_401 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_401

        if response.status_code == 403:
            MessageResponse = _models.MessageResponse

            response_403 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_403

        if response.status_code == 422:
            ErrorResponse = _models.ErrorResponse

            response_422 = ErrorResponse.from_dict(_json_decoding.loads(response.content))

            return response_422

        if response.status_code == 429:
            MessageResponse = _models.MessageResponse

            response_429 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_429

        if response.status_code == 500:
            MessageResponse = _models.MessageResponse

            response_500 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_500

    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if client.raise_on_unexpected_status:
        from ... import errors

        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DataPoolListResponse | ErrorResponse | MessageResponse]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[DataPoolListResponse | ErrorResponse | MessageResponse]) -> DataPoolListResponse:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    DataPoolListResponse = _models.DataPoolListResponse

    if isinstance(response.parsed, DataPoolListResponse):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented DataPoolListResponse",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[DataPoolListResponse | ErrorResponse | MessageResponse]:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPoolListResponse | ErrorResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        filter_name=filter_name,
        filter_id=filter_id,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> DataPoolListResponse:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPoolListResponse
    """

    return _successful(
        sync_detailed(
            client=client,
            filter_name=filter_name,
            filter_id=filter_id,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[DataPoolListResponse | ErrorResponse | MessageResponse]:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPoolListResponse | ErrorResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        filter_name=filter_name,
        filter_id=filter_id,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> DataPoolListResponse:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPoolListResponse
    """

    return _successful(
        await asyncio_detailed(
            client=client,
            filter_name=filter_name,
            filter_id=filter_id,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    )


def iterate(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    per_page: int = 100,
) -> Iterator[DataPool]:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Fetches page after page (per_page items each) as the iteration goes on.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        per_page: Items per page (at most 100).

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Iterator[DataPool]
    """

    def fetch(page: int) -> DataPoolListResponse:
        return sync(
            client=client,
            filter_name=filter_name,
            filter_id=filter_id,
            sort=sort,
            page=page,
            per_page=per_page,
        )

    return iterate_pages(fetch, lambda result: result.data)


def aiterate(
    *,
    client: AuthenticatedClient | Client,
    filter_name: str | Sequence[str] | Unset = UNSET,
    filter_id: int | str | Sequence[int | str] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    per_page: int = 100,
) -> AsyncIterator[DataPool]:
    """List Data Pools

    Retrieves a paginated list of data pools. Can be filtered by `name`.

    Fetches page after page (per_page items each) as the iteration goes on.

    Args:
        filter_name (filter[name]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_id (filter[id]): Filter by this id (exact match). Comma-separated ids match any of them.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        per_page: Items per page (at most 100).

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncIterator[DataPool]
    """

    async def fetch(page: int) -> DataPoolListResponse:
        return await asyncio(
            client=client,
            filter_name=filter_name,
            filter_id=filter_id,
            sort=sort,
            page=page,
            per_page=per_page,
        )

    return aiterate_pages(fetch, lambda result: result.data)
