from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ... import _json_decoding
from ... import models as _models
from ..._query import query_params
from ..._retry import RETRYABLE
from ..._status import http_status
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...models.confirmation import Confirmation
    from ...models.error import Error
    from ...models.pool import Pool
    from ...models.pool_write import PoolWrite


def _get_kwargs(
    *,
    body: list[PoolWrite],
    collection_rights_policy: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/pool",
        "params": query_params(
            {
                "collection_rights_policy": collection_rights_policy,
            }
        ),
        "extensions": {RETRYABLE: False},
    }
    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Confirmation | Error | list[Pool] | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            Pool = _models.Pool

            _response_200 = _json_decoding.loads(response.content)
            response_200 = [] if _response_200 == [] else list(map(Pool.from_dict, _response_200))

            return response_200

        if response.status_code == 202:
            Confirmation = _models.Confirmation

            response_202 = Confirmation.from_dict(_json_decoding.loads(response.content))

            return response_202

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Confirmation | Error | list[Pool]]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[Confirmation | Error | list[Pool]]) -> list[Pool] | Confirmation:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    Confirmation = _models.Confirmation

    if isinstance(response.parsed, (list, Confirmation)):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented list[Pool] | Confirmation",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[PoolWrite],
    collection_rights_policy: str | Unset = UNSET,
) -> Response[Confirmation | Error | list[Pool]]:
    """Insert or update pools

    Creates or updates a set of pools: an item with pool._id is a change of that pool, one without it a
    new pool. Named after the page's example (a change); PUT takes the same items.

    Args:
        body: The request body.
        collection_rights_policy (collection_rights_policy): What to do if the operation causes the owner of a collection to lose grantable rights over
            collection objects (see rightsmanagement)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Confirmation | Error | list[Pool]]
    """

    kwargs = _get_kwargs(
        body=body,
        collection_rights_policy=collection_rights_policy,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: list[PoolWrite],
    collection_rights_policy: str | Unset = UNSET,
) -> list[Pool] | Confirmation:
    """Insert or update pools

    Creates or updates a set of pools: an item with pool._id is a change of that pool, one without it a
    new pool. Named after the page's example (a change); PUT takes the same items.

    Args:
        body: The request body.
        collection_rights_policy (collection_rights_policy): What to do if the operation causes the owner of a collection to lose grantable rights over
            collection objects (see rightsmanagement)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, GroupNotFoundError, InsufficientRightsError,
            IntegrityConstraintViolationError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NoSystemRightError, NotAuthenticatedError, NotNullViolationError,
            PoolNotFoundError, PoolRequiresParentError, PositionalParameterExpectedError,
            ServerEasError, ServerGenericError, SessionNotFoundError, SuggestLockTakenError,
            SystemPoolUpdateParentError, TagNotFoundError, TypeMismatchError, UserNotFoundError,
            VersionMismatchError; another code raises its realm's class), for any status outside
            2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[Pool] | Confirmation
    """

    return _successful(
        sync_detailed(
            client=client,
            body=body,
            collection_rights_policy=collection_rights_policy,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[PoolWrite],
    collection_rights_policy: str | Unset = UNSET,
) -> Response[Confirmation | Error | list[Pool]]:
    """Insert or update pools

    Creates or updates a set of pools: an item with pool._id is a change of that pool, one without it a
    new pool. Named after the page's example (a change); PUT takes the same items.

    Args:
        body: The request body.
        collection_rights_policy (collection_rights_policy): What to do if the operation causes the owner of a collection to lose grantable rights over
            collection objects (see rightsmanagement)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Confirmation | Error | list[Pool]]
    """

    kwargs = _get_kwargs(
        body=body,
        collection_rights_policy=collection_rights_policy,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[PoolWrite],
    collection_rights_policy: str | Unset = UNSET,
) -> list[Pool] | Confirmation:
    """Insert or update pools

    Creates or updates a set of pools: an item with pool._id is a change of that pool, one without it a
    new pool. Named after the page's example (a change); PUT takes the same items.

    Args:
        body: The request body.
        collection_rights_policy (collection_rights_policy): What to do if the operation causes the owner of a collection to lose grantable rights over
            collection objects (see rightsmanagement)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, GroupNotFoundError, InsufficientRightsError,
            IntegrityConstraintViolationError, InternalFileError, InvalidApiError,
            InvalidContentError, InvalidMasksetError, InvalidRequestMethodError,
            InvalidValueError, NoSystemRightError, NotAuthenticatedError, NotNullViolationError,
            PoolNotFoundError, PoolRequiresParentError, PositionalParameterExpectedError,
            ServerEasError, ServerGenericError, SessionNotFoundError, SuggestLockTakenError,
            SystemPoolUpdateParentError, TagNotFoundError, TypeMismatchError, UserNotFoundError,
            VersionMismatchError; another code raises its realm's class), for any status outside
            2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[Pool] | Confirmation
    """

    return _successful(
        await asyncio_detailed(
            client=client,
            body=body,
            collection_rights_policy=collection_rights_policy,
        )
    )
