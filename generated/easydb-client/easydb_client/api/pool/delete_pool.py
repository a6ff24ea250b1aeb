from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
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


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/pool/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "extensions": {RETRYABLE: True},
    }
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            response_200 = cast(Any, None)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[Any | Error]) -> None:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    return None


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Delete pool

    Delete a pool. In order to delete a pool, it must be empty. That means that it cannot contain other
    pools, but also that there are no objects in it.

    Args:
        id (int): Pool ID (integer)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> None:
    """Delete pool

    Delete a pool. In order to delete a pool, it must be empty. That means that it cannot contain other
    pools, but also that there are no objects in it.

    Args:
        id (int): Pool ID (integer)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InsufficientRightsError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NotAuthenticatedError, PoolNotEmptyError, PoolNotFoundError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, SystemPoolDeleteError,
            TypeMismatchError; another code raises its realm's class), for any status outside
            2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None
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
) -> Response[Any | Error]:
    """Delete pool

    Delete a pool. In order to delete a pool, it must be empty. That means that it cannot contain other
    pools, but also that there are no objects in it.

    Args:
        id (int): Pool ID (integer)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> None:
    """Delete pool

    Delete a pool. In order to delete a pool, it must be empty. That means that it cannot contain other
    pools, but also that there are no objects in it.

    Args:
        id (int): Pool ID (integer)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InsufficientRightsError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NotAuthenticatedError, PoolNotEmptyError, PoolNotFoundError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, SystemPoolDeleteError,
            TypeMismatchError; another code raises its realm's class), for any status outside
            2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None
    """

    return _successful(
        await asyncio_detailed(
            id=id,
            client=client,
        )
    )
