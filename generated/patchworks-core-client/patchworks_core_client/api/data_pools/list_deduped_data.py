from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

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
    from ...models.deduped_data import DedupedData
    from ...models.deduped_data_list_response import DedupedDataListResponse
    from ...models.error_response import ErrorResponse
    from ...models.message_response import MessageResponse

# Bound once: the property templates parse with these.
_datetime_from_iso = datetime.datetime.fromisoformat
_date_from_iso = datetime.date.fromisoformat

Include = Literal["flow", "flowRun", "flowStep", "entityType", "dataPool"]
Sort = Literal["created_at", "-created_at", "id", "-id"]


def _get_kwargs(
    data_pool: int,
    *,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/data-pool/{data_pool}/deduped-data".format(
            data_pool=quote(str(data_pool), safe=""),
        ),
        "params": query_params(
            {
                "filter[flow_id]": filter_flow_id,
                "filter[flow_run_id]": filter_flow_run_id,
                "filter[step_id]": filter_step_id,
                "filter[entity_type_id]": filter_entity_type_id,
                "filter[value]": filter_value,
                "filter[created_before]": filter_created_before,
                "filter[created_after]": filter_created_after,
                "include": include,
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
) -> DedupedDataListResponse | ErrorResponse | MessageResponse | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            DedupedDataListResponse = _models.DedupedDataListResponse

            response_200 = DedupedDataListResponse.from_dict(_json_decoding.loads(response.content))

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

        if response.status_code == 404:
            MessageResponse = _models.MessageResponse

            response_404 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_404

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
) -> Response[DedupedDataListResponse | ErrorResponse | MessageResponse]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(
    response: Response[DedupedDataListResponse | ErrorResponse | MessageResponse],
) -> DedupedDataListResponse:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    DedupedDataListResponse = _models.DedupedDataListResponse

    if isinstance(response.parsed, DedupedDataListResponse):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented DedupedDataListResponse",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[DedupedDataListResponse | ErrorResponse | MessageResponse]:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DedupedDataListResponse | ErrorResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        data_pool=data_pool,
        filter_flow_id=filter_flow_id,
        filter_flow_run_id=filter_flow_run_id,
        filter_step_id=filter_step_id,
        filter_entity_type_id=filter_entity_type_id,
        filter_value=filter_value,
        filter_created_before=filter_created_before,
        filter_created_after=filter_created_after,
        include=include,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> DedupedDataListResponse:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DedupedDataListResponse
    """

    return _successful(
        sync_detailed(
            data_pool=data_pool,
            client=client,
            filter_flow_id=filter_flow_id,
            filter_flow_run_id=filter_flow_run_id,
            filter_step_id=filter_step_id,
            filter_entity_type_id=filter_entity_type_id,
            filter_value=filter_value,
            filter_created_before=filter_created_before,
            filter_created_after=filter_created_after,
            include=include,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    )


async def asyncio_detailed(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[DedupedDataListResponse | ErrorResponse | MessageResponse]:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DedupedDataListResponse | ErrorResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        data_pool=data_pool,
        filter_flow_id=filter_flow_id,
        filter_flow_run_id=filter_flow_run_id,
        filter_step_id=filter_step_id,
        filter_entity_type_id=filter_entity_type_id,
        filter_value=filter_value,
        filter_created_before=filter_created_before,
        filter_created_after=filter_created_after,
        include=include,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> DedupedDataListResponse:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        page (page): Page number for pagination. The API's default: 1.
        per_page (per_page): Number of results per page. The API's default: 15.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DedupedDataListResponse
    """

    return _successful(
        await asyncio_detailed(
            data_pool=data_pool,
            client=client,
            filter_flow_id=filter_flow_id,
            filter_flow_run_id=filter_flow_run_id,
            filter_step_id=filter_step_id,
            filter_entity_type_id=filter_entity_type_id,
            filter_value=filter_value,
            filter_created_before=filter_created_before,
            filter_created_after=filter_created_after,
            include=include,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    )


def iterate(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    per_page: int = 100,
) -> Iterator[DedupedData]:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Fetches page after page (per_page items each) as the iteration goes on.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        per_page: Items per page (at most 100).

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Iterator[DedupedData]
    """

    def fetch(page: int) -> DedupedDataListResponse:
        return sync(
            data_pool=data_pool,
            client=client,
            filter_flow_id=filter_flow_id,
            filter_flow_run_id=filter_flow_run_id,
            filter_step_id=filter_step_id,
            filter_entity_type_id=filter_entity_type_id,
            filter_value=filter_value,
            filter_created_before=filter_created_before,
            filter_created_after=filter_created_after,
            include=include,
            sort=sort,
            page=page,
            per_page=per_page,
        )

    return iterate_pages(fetch, lambda result: result.data)


def aiterate(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
    filter_flow_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_flow_run_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_step_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_entity_type_id: int | str | Sequence[int | str] | Unset = UNSET,
    filter_value: str | Sequence[str] | Unset = UNSET,
    filter_created_before: datetime.datetime | str | Unset = UNSET,
    filter_created_after: datetime.datetime | str | Unset = UNSET,
    include: Include | Sequence[Include] | Unset = UNSET,
    sort: Sort | Sequence[Sort] | Unset = UNSET,
    per_page: int = 100,
) -> AsyncIterator[DedupedData]:
    """List Data Pool Deduped Data

    Retrieves a paginated list of deduped data records for a specific data pool. Can be filtered by
    `flow_id`, `flow_run_id`, `step_id`, `entity_type_id`, `value`, `created_before`, and
    `created_after`.

    Fetches page after page (per_page items each) as the iteration goes on.

    Args:
        data_pool (int): The data pool identifier.
        filter_flow_id (filter[flow_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_flow_run_id (filter[flow_run_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_step_id (filter[step_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_entity_type_id (filter[entity_type_id]): Filter by this id (exact match). Comma-separated ids match any of them.
        filter_value (filter[value]): Filter by this text attribute (partial match). Comma-separated values match any of them.
        filter_created_before (filter[created_before]): Only records created before this date-time or date (ISO 8601).
        filter_created_after (filter[created_after]): Only records created after this date-time or date (ISO 8601).
        include (include): Relationships to embed, comma-separated.
        sort (sort): Sort by these fields, comma-separated; prefix a field with - for descending.
        per_page: Items per page (at most 100).

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncIterator[DedupedData]
    """

    async def fetch(page: int) -> DedupedDataListResponse:
        return await asyncio(
            data_pool=data_pool,
            client=client,
            filter_flow_id=filter_flow_id,
            filter_flow_run_id=filter_flow_run_id,
            filter_step_id=filter_step_id,
            filter_entity_type_id=filter_entity_type_id,
            filter_value=filter_value,
            filter_created_before=filter_created_before,
            filter_created_after=filter_created_after,
            include=include,
            sort=sort,
            page=page,
            per_page=per_page,
        )

    return aiterate_pages(fetch, lambda result: result.data)
