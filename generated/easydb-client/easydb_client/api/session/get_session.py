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
    from ...models.error import Error
    from ...models.session import Session


def _get_kwargs(
    *,
    language: str | Unset = UNSET,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/session",
        "params": query_params(
            {
                "language": language,
            }
        ),
        "extensions": {RETRYABLE: True},
    }
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Session | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            Session = _models.Session

            response_200 = Session.from_dict(_json_decoding.loads(response.content))

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Session]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[Error | Session]) -> Session:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    Session = _models.Session

    if isinstance(response.parsed, Session):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented Session",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    language: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Start a session, or retrieve the current one

    Without a token: starts a new session, unauthenticated, with the token and the allowed
    authentication_methods needed to authenticate it. With a token: the session of that token (and
    `language` updates its language).

    Args:
        language (language): Session language (string, optional)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        language=language,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    language: str | Unset = UNSET,
) -> Session:
    """Start a session, or retrieve the current one

    Without a token: starts a new session, unauthenticated, with the token and the allowed
    authentication_methods needed to authenticate it. With a token: the session of that token (and
    `language` updates its language).

    Args:
        language (language): Session language (string, optional)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InternalFileError, InvalidApiError, InvalidContentError,
            InvalidMasksetError, InvalidRequestMethodError, InvalidValueError,
            LanguageNotFoundError, PositionalParameterExpectedError, ServerEasError,
            ServerGenericError, SessionNotFoundError, SuggestLockTakenError, TypeMismatchError;
            another code raises its realm's class), for any status outside 2xx, after the
            client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Session
    """

    return _successful(
        sync_detailed(
            client=client,
            language=language,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    language: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Start a session, or retrieve the current one

    Without a token: starts a new session, unauthenticated, with the token and the allowed
    authentication_methods needed to authenticate it. With a token: the session of that token (and
    `language` updates its language).

    Args:
        language (language): Session language (string, optional)

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        language=language,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    language: str | Unset = UNSET,
) -> Session:
    """Start a session, or retrieve the current one

    Without a token: starts a new session, unauthenticated, with the token and the allowed
    authentication_methods needed to authenticate it. With a token: the session of that token (and
    `language` updates its language).

    Args:
        language (language): Session language (string, optional)

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError, DatabaseError,
            ElasticsearchError, InternalFileError, InvalidApiError, InvalidContentError,
            InvalidMasksetError, InvalidRequestMethodError, InvalidValueError,
            LanguageNotFoundError, PositionalParameterExpectedError, ServerEasError,
            ServerGenericError, SessionNotFoundError, SuggestLockTakenError, TypeMismatchError;
            another code raises its realm's class), for any status outside 2xx, after the
            client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Session
    """

    return _successful(
        await asyncio_detailed(
            client=client,
            language=language,
        )
    )
