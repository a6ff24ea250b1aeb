from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ... import _json_decoding
from ... import models as _models
from ..._auth import PASSWORD_FOR
from ..._retry import RETRYABLE
from ..._servers import served_at
from ..._status import http_status
from ...client import AuthenticatedClient, Client
from ...types import Response

if TYPE_CHECKING:
    from ...models.error_response import ErrorResponse
    from ...models.login_request import LoginRequest
    from ...models.login_response import LoginResponse
    from ...models.message_response import MessageResponse


# The spec serves this operation at a host of its own: a client of the API's host sends it there, a client of
# another host (an emulator, a staging host) to the same path on that host (_servers.served_at).
OWN_SERVER = "https://app.wearepatchworks.com"


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/fabric/api/login",
        "extensions": {RETRYABLE: False},
    }
    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | LoginResponse | MessageResponse | None:
    # A body that is not what the spec says (an HTML error page from a proxy, say) parses to None: whichever
    # error the models meet in it (a list where an object belongs is an AttributeError, at its .get()).
    try:
        if response.status_code == 200:
            LoginResponse = _models.LoginResponse

            response_200 = LoginResponse.from_dict(_json_decoding.loads(response.content))

            return response_200

        if response.status_code == 400:
            MessageResponse = _models.MessageResponse

            response_400 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_400

        if response.status_code == 401:
            MessageResponse = _models.MessageResponse

            response_401 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_401

        if response.status_code == 415:
            MessageResponse = _models.MessageResponse

            response_415 = MessageResponse.from_dict(_json_decoding.loads(response.content))

            return response_415

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
) -> Response[ErrorResponse | LoginResponse | MessageResponse]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _successful(response: Response[ErrorResponse | LoginResponse | MessageResponse]) -> LoginResponse:
    # errors.py (a class for each error the API documents) is imported when an answer is first checked, not
    # with this module: an import statement of a module already imported costs under a microsecond.
    from ... import errors

    errors.raise_for_status(response.status_code, response.content, response.headers)
    LoginResponse = _models.LoginResponse

    if isinstance(response.parsed, LoginResponse):
        return response.parsed
    raise errors.ApiError(
        response.status_code,
        "the answer is not the documented LoginResponse",
        body=response.content,
        headers=response.headers,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorResponse | LoginResponse | MessageResponse]:
    """Log in

    Exchanges an account's username and password for a token to send as "Authorization: Bearer <token>"
    on every other operation. The token expires after expires_in seconds.

    Args:
        body: The request body.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoginResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )
    kwargs["url"] = served_at(client.base_url, OWN_SERVER + kwargs["url"], kwargs["url"])
    kwargs["extensions"][PASSWORD_FOR] = kwargs["url"]  # the body holds a secret: sent to this origin only
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> LoginResponse:
    """Log in

    Exchanges an account's username and password for a token to send as "Authorization: Bearer <token>"
    on every other operation. The token expires after expires_in seconds.

    Args:
        body: The request body.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse
    """

    return _successful(
        sync_detailed(
            client=client,
            body=body,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorResponse | LoginResponse | MessageResponse]:
    """Log in

    Exchanges an account's username and password for a token to send as "Authorization: Bearer <token>"
    on every other operation. The token expires after expires_in seconds.

    Args:
        body: The request body.

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoginResponse | MessageResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )
    kwargs["url"] = served_at(client.base_url, OWN_SERVER + kwargs["url"], kwargs["url"])
    kwargs["extensions"][PASSWORD_FOR] = kwargs["url"]  # the body holds a secret: sent to this origin only
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> LoginResponse:
    """Log in

    Exchanges an account's username and password for a token to send as "Authorization: Bearer <token>"
    on every other operation. The token expires after expires_in seconds.

    Args:
        body: The request body.

    Raises:
        errors.ApiError: The subclass for the answer's status (NotFoundError, ValidationError, ...), for any
            status outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse
    """

    return _successful(
        await asyncio_detailed(
            client=client,
            body=body,
        )
    )
