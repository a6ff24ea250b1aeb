from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ... import _json_decoding
from ... import models as _models
from ..._auth import PASSWORD_FOR
from ..._query import query_params
from ..._retry import RETRYABLE
from ..._status import http_status
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset

if TYPE_CHECKING:
    from ...models.authenticate_session_body import AuthenticateSessionBody
    from ...models.error import Error
    from ...models.session import Session


def _get_kwargs(
    *,
    body: AuthenticateSessionBody | Unset = UNSET,
    method: str | Unset = UNSET,
    log_event: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/session/authenticate",
        "params": query_params(
            {
                "method": method,
                "log_event": log_event,
            }
        ),
        "extensions": {RETRYABLE: False},
    }
    if not isinstance(body, Unset):
        _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"
    _kwargs["headers"] = headers
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
    client: AuthenticatedClient | Client,
    body: AuthenticateSessionBody | Unset = UNSET,
    method: str | Unset = UNSET,
    log_event: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Authenticate a session

    Authenticate a session using the provided user credentials.

    The authentication methods are tested in the given order until one of them succeeds, in which case
    the session will be authenticated and will provide which method was used; or until all fail, in
    which case, the request will redirect to the error URL.

    The supported authentication methods are:

    - "easydb" (default): authenticate easydb user - `login` can be either the user login, if it is not
    **null** or a user e-mail address, if it is marked as `use_for_login` - `password` is the user
    password - "task": authenticate easydb to perform a task - this method is called during the "forgot
    password" and "confirm e-mail" processes - `login` is an e-mail address - `password` is an
    authentication token for the process - "easydb_cookie": authenticate easydb user using a cookie -
    "anonymous": a virtual user will be created - "email": authenticate an easydb user of type "email"
    using its email as login and a collection UUID as password - "collection": authenticate an easydb
    user of type "collection" using the collection UUID as login and the collection secret as password

    The method task is only supported if it is given as sole method (not in combination with others).
    This method does not support `success`, `error`, `response_type` or `remember_me`. It always returns
    a session with pending tasks.

    When the system detects a series of failed login attempts, it will block the user for a certain
    time. The amount of attempts and the duration of the block can be configured in the base
    configuration.

    Args:
        body: The request body.
        method (method): Authentication method(s) (string): comma-separated list of authentication methods The
            API's default: easydb.
        log_event (log_event): If set to "0", for the authentication no USER_LOGIN event is logged, optional, defaults to
            "1")

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        method=method,
        log_event=log_event,
    )
    kwargs["extensions"][PASSWORD_FOR] = kwargs["url"]  # the body holds a secret: sent to this origin only
    response = client.get_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateSessionBody | Unset = UNSET,
    method: str | Unset = UNSET,
    log_event: str | Unset = UNSET,
) -> Session:
    """Authenticate a session

    Authenticate a session using the provided user credentials.

    The authentication methods are tested in the given order until one of them succeeds, in which case
    the session will be authenticated and will provide which method was used; or until all fail, in
    which case, the request will redirect to the error URL.

    The supported authentication methods are:

    - "easydb" (default): authenticate easydb user - `login` can be either the user login, if it is not
    **null** or a user e-mail address, if it is marked as `use_for_login` - `password` is the user
    password - "task": authenticate easydb to perform a task - this method is called during the "forgot
    password" and "confirm e-mail" processes - `login` is an e-mail address - `password` is an
    authentication token for the process - "easydb_cookie": authenticate easydb user using a cookie -
    "anonymous": a virtual user will be created - "email": authenticate an easydb user of type "email"
    using its email as login and a collection UUID as password - "collection": authenticate an easydb
    user of type "collection" using the collection UUID as login and the collection secret as password

    The method task is only supported if it is given as sole method (not in combination with others).
    This method does not support `success`, `error`, `response_type` or `remember_me`. It always returns
    a session with pending tasks.

    When the system detects a series of failed login attempts, it will block the user for a certain
    time. The amount of attempts and the duration of the block can be configured in the base
    configuration.

    Args:
        body: The request body.
        method (method): Authentication method(s) (string): comma-separated list of authentication methods The
            API's default: easydb.
        log_event (log_event): If set to "0", for the authentication no USER_LOGIN event is logged, optional, defaults to
            "1")

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError,
            AuthenticationMethodNotAllowedError, AuthenticationTokenExpiredError,
            AuthenticationTokenUsedError, CollectionSharingInactiveError,
            CollectionSharingTooLateError, CollectionSharingTooSoonError, DatabaseError,
            ElasticsearchError, InternalFileError, InvalidApiError, InvalidContentError,
            InvalidMasksetError, InvalidRequestMethodError, InvalidValueError, LoginBlockedError,
            LoginDisabledError, LoginDisabledFromError, LoginDisabledToError, LoginFailedError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, TypeMismatchError,
            UsernameOrPasswordEmptyError; another code raises its realm's class), for any status
            outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Session
    """

    return _successful(
        sync_detailed(
            client=client,
            body=body,
            method=method,
            log_event=log_event,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateSessionBody | Unset = UNSET,
    method: str | Unset = UNSET,
    log_event: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Authenticate a session

    Authenticate a session using the provided user credentials.

    The authentication methods are tested in the given order until one of them succeeds, in which case
    the session will be authenticated and will provide which method was used; or until all fail, in
    which case, the request will redirect to the error URL.

    The supported authentication methods are:

    - "easydb" (default): authenticate easydb user - `login` can be either the user login, if it is not
    **null** or a user e-mail address, if it is marked as `use_for_login` - `password` is the user
    password - "task": authenticate easydb to perform a task - this method is called during the "forgot
    password" and "confirm e-mail" processes - `login` is an e-mail address - `password` is an
    authentication token for the process - "easydb_cookie": authenticate easydb user using a cookie -
    "anonymous": a virtual user will be created - "email": authenticate an easydb user of type "email"
    using its email as login and a collection UUID as password - "collection": authenticate an easydb
    user of type "collection" using the collection UUID as login and the collection secret as password

    The method task is only supported if it is given as sole method (not in combination with others).
    This method does not support `success`, `error`, `response_type` or `remember_me`. It always returns
    a session with pending tasks.

    When the system detects a series of failed login attempts, it will block the user for a certain
    time. The amount of attempts and the duration of the block can be configured in the base
    configuration.

    Args:
        body: The request body.
        method (method): Authentication method(s) (string): comma-separated list of authentication methods The
            API's default: easydb.
        log_event (log_event): If set to "0", for the authentication no USER_LOGIN event is logged, optional, defaults to
            "1")

    Raises:
        errors.UnexpectedStatus: For a status the spec does not document, if Client.raise_on_unexpected_status.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        method=method,
        log_event=log_event,
    )
    kwargs["extensions"][PASSWORD_FOR] = kwargs["url"]  # the body holds a secret: sent to this origin only
    response = await client.get_async_httpx_client().request(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticateSessionBody | Unset = UNSET,
    method: str | Unset = UNSET,
    log_event: str | Unset = UNSET,
) -> Session:
    """Authenticate a session

    Authenticate a session using the provided user credentials.

    The authentication methods are tested in the given order until one of them succeeds, in which case
    the session will be authenticated and will provide which method was used; or until all fail, in
    which case, the request will redirect to the error URL.

    The supported authentication methods are:

    - "easydb" (default): authenticate easydb user - `login` can be either the user login, if it is not
    **null** or a user e-mail address, if it is marked as `use_for_login` - `password` is the user
    password - "task": authenticate easydb to perform a task - this method is called during the "forgot
    password" and "confirm e-mail" processes - `login` is an e-mail address - `password` is an
    authentication token for the process - "easydb_cookie": authenticate easydb user using a cookie -
    "anonymous": a virtual user will be created - "email": authenticate an easydb user of type "email"
    using its email as login and a collection UUID as password - "collection": authenticate an easydb
    user of type "collection" using the collection UUID as login and the collection secret as password

    The method task is only supported if it is given as sole method (not in combination with others).
    This method does not support `success`, `error`, `response_type` or `remember_me`. It always returns
    a session with pending tasks.

    When the system detects a series of failed login attempts, it will block the user for a certain
    time. The amount of attempts and the duration of the block can be configured in the base
    configuration.

    Args:
        body: The request body.
        method (method): Authentication method(s) (string): comma-separated list of authentication methods The
            API's default: easydb.
        log_event (log_event): If set to "0", for the authentication no USER_LOGIN event is logged, optional, defaults to
            "1")

    Raises:
        errors.ApiError: The class of the answer's error code (this operation documents ApiEasError,
            ApiGenericError, AttributeExpectedError, AttributeNotAcceptedError,
            AuthenticationMethodNotAllowedError, AuthenticationTokenExpiredError,
            AuthenticationTokenUsedError, CollectionSharingInactiveError,
            CollectionSharingTooLateError, CollectionSharingTooSoonError, DatabaseError,
            ElasticsearchError, InternalFileError, InvalidApiError, InvalidContentError,
            InvalidMasksetError, InvalidRequestMethodError, InvalidValueError, LoginBlockedError,
            LoginDisabledError, LoginDisabledFromError, LoginDisabledToError, LoginFailedError,
            PositionalParameterExpectedError, ServerEasError, ServerGenericError,
            SessionNotFoundError, SuggestLockTakenError, TypeMismatchError,
            UsernameOrPasswordEmptyError; another code raises its realm's class), for any status
            outside 2xx, after the client's retries.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Session
    """

    return _successful(
        await asyncio_detailed(
            client=client,
            body=body,
            method=method,
            log_event=log_event,
        )
    )
