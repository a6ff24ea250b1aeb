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
    from ...models.error import Error
    from ...models.pool import Pool


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/pool/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "extensions": {RETRYABLE: True},
    }
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | list[Pool] | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            Pool = _models.Pool

            _response_200 = _json_decoding.loads(response.content)
            response_200 = [] if _response_200 == [] else list(map(Pool.from_dict, _response_200))

            return response_200

        if response.status_code == 400:
            Error = _models.Error

            response_400 = Error.from_dict(_json_decoding.loads(response.content))

            return response_400

        if response.status_code == 500:
            Error = _models.Error

            response_500 = Error.from_dict(_json_decoding.loads(response.content))

            return response_500

    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if client.raise_on_unexpected_status:
        from ... import errors

        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | list[Pool]]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[Error | list[Pool]]) -> Pool:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    if isinstance(response.parsed, list) and len(response.parsed) == 1:
        return response.parsed[0]  # the documented one-element array: its item
    raise errors.ApiError(
        response.status_code, "the answer is not the documented Pool", body=response.content, headers=response.headers
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | list[Pool]]:
    """Retrieve pools

    Get one or all pools.

    The system provides one top level Root-Pool which can be used to set top level transitions, tags and
    right. The top level Root-Pool is not included in searches and object output.

    Args:
        id (int): Pool ID (integer, optional): if set, get pool id

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[Pool]]
    """

    kwargs = _get_kwargs(
        id=id,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Pool:
    """Retrieve pools

    Get one or all pools.

    The system provides one top level Root-Pool which can be used to set top level transitions, tags and
    right. The top level Root-Pool is not included in searches and object output.

    Args:
        id (int): Pool ID (integer, optional): if set, get pool id

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InsufficientRightsError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NotAuthenticatedError, PoolNotFoundError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, TypeMismatchError; another code raises
            its realm's class), for any status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Pool
    """

    return _successful(
        sync_detailed(
            id=id,
            client=client,
        )
    )


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | list[Pool]]:
    """Retrieve pools

    Get one or all pools.

    The system provides one top level Root-Pool which can be used to set top level transitions, tags and
    right. The top level Root-Pool is not included in searches and object output.

    Args:
        id (int): Pool ID (integer, optional): if set, get pool id

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[Pool]]
    """

    kwargs = _get_kwargs(
        id=id,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Pool:
    """Retrieve pools

    Get one or all pools.

    The system provides one top level Root-Pool which can be used to set top level transitions, tags and
    right. The top level Root-Pool is not included in searches and object output.

    Args:
        id (int): Pool ID (integer, optional): if set, get pool id

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InsufficientRightsError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NotAuthenticatedError, PoolNotFoundError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, TypeMismatchError; another code raises
            its realm's class), for any status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Pool
    """

    return _successful(
        await asyncio_detailed(
            id=id,
            client=client,
        )
    )
