from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ... import _json_decoding
from ... import models as _models
from ..._retry import RETRYABLE
from ..._status import http_status
from ...client import AuthenticatedClient, Client
from ...types import Response

if TYPE_CHECKING:
    from ...models.data_pool_response import DataPoolResponse
    from ...models.message_response import MessageResponse


def _get_kwargs(
    data_pool: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/data-pool/{data_pool}".format(
            data_pool=quote(str(data_pool), safe=""),
        ),
        "extensions": {RETRYABLE: True},
    }
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPoolResponse | MessageResponse | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            DataPoolResponse = _models.DataPoolResponse

            response_200 = DataPoolResponse.from_dict(_json_decoding.loads(response.content))

            return response_200

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
) -> Response[DataPoolResponse | MessageResponse]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[DataPoolResponse | MessageResponse]) -> DataPoolResponse:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    DataPoolResponse = _models.DataPoolResponse

    if isinstance(response.parsed, DataPoolResponse):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented DataPoolResponse",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPoolResponse | MessageResponse]:
    """Get Data Pool

    Retrieves the details of a specific data pool.

    Args:
        data_pool (int): The data pool identifier.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPoolResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        data_pool=data_pool,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
) -> DataPoolResponse:
    """Get Data Pool

    Retrieves the details of a specific data pool.

    Args:
        data_pool (int): The data pool identifier.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPoolResponse
    """

    return _successful(
        sync_detailed(
            data_pool=data_pool,
            client=client,
        )
    )


async def asyncio_detailed(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPoolResponse | MessageResponse]:
    """Get Data Pool

    Retrieves the details of a specific data pool.

    Args:
        data_pool (int): The data pool identifier.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPoolResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        data_pool=data_pool,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    data_pool: int,
    *,
    client: AuthenticatedClient | Client,
) -> DataPoolResponse:
    """Get Data Pool

    Retrieves the details of a specific data pool.

    Args:
        data_pool (int): The data pool identifier.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPoolResponse
    """

    return _successful(
        await asyncio_detailed(
            data_pool=data_pool,
            client=client,
        )
    )
