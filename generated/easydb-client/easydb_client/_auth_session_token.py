"""Session tokens, as an httpx auth flow: SessionTokenAuth opens a session (GET /api/v1/session),
authenticates it with a login and password (POST /api/v1/session/authenticate, sent as form fields),
and sends its token raw in the x-easydb-token header (as the token query parameter with
token_in_query=True: a token in a URL ends up in access logs).

When an answer says the session is gone (a 401, error.user.session_not_found,
error.user.session_invalid, error.user.not_authenticated), it opens and authenticates a new session
and sends that request once more. A new session's token is used by other calls only once it is
authenticated, and a call whose session another call has renewed meanwhile takes that one rather
than opening its own.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import Any, NamedTuple

import httpx

from . import _json_decoding
from ._auth import AUTH_FLOW_REQUEST, PASSWORD_FOR, InHeader, InQuery, Placement, Secret, as_secret
from ._auth_renewing import Flow, Renewal, RenewingAuth
from ._retry import RETRYABLE
from .errors import ApiError, error_for_status


class SessionCall(NamedTuple):  # not an attrs class: see _auth's placements
    """An operation of the session flow: its method, its URL (a path: on the client's base URL) and whether
    it may be sent again once it reached the server."""

    method: str
    url: str
    retryable: bool


OPEN = SessionCall("GET", "/api/v1/session", True)
AUTHENTICATE = SessionCall("POST", "/api/v1/session/authenticate", False)
DEAUTHENTICATE: SessionCall | None = SessionCall("POST", "/api/v1/session/deauthenticate", False)
TOKEN_FIELD = "token"
TOKEN = f"the session answer's token ({TOKEN_FIELD})"  # how a CredentialError names it
LOGIN_FIELD = "login"
PASSWORD_FIELD = "password"
CREDENTIALS_IN = "form"  # query, form or json, as the authenticate operation takes them
# The authenticate answer says the session is authenticated when this JSON pointer has this value.
AUTHENTICATED_POINTER: str | None = "/authenticated/method"
AUTHENTICATED_VALUE: Any = "easydb"
# An error answer whose body's CODE_FIELD is one of these means the session is gone: renew it.
CODE_FIELD: str | None = "code"
RENEW_ON_ERROR_CODES: frozenset[str] = frozenset(
    ["error.user.session_not_found", "error.user.session_invalid", "error.user.not_authenticated"]
)
DEFAULT_PLACEMENT: Placement = InHeader("x-easydb-token")
DEFAULT_PLACEMENT_DESCRIBED = "raw in the x-easydb-token header"
QUERY_PLACEMENT: Placement | None = InQuery("token")
_ACCEPT_JSON = {"Accept": "application/json"}
_MISSING = object()


class SessionTokenAuth(RenewingAuth):
    """A session opened and authenticated on first use (or at once by `login`), renewed when it is gone
    (once for the calls that find it gone together: _auth_renewing)."""

    def __init__(
        self,
        login: str | Secret,
        password: str | Secret,
        *,
        base_url: str,
        token_in_query: bool = False,
    ) -> None:
        if token_in_query and QUERY_PLACEMENT is None:
            raise ValueError("this API takes the session token only " + DEFAULT_PLACEMENT_DESCRIBED)
        self._login = as_secret(login)
        self._password = as_secret(password)
        self.base_url = base_url.rstrip("/")
        self._placement = QUERY_PLACEMENT if token_in_query and QUERY_PLACEMENT else DEFAULT_PLACEMENT
        super().__init__()
        self._token: Secret | None = None

    def __repr__(self) -> str:
        return f"SessionTokenAuth(base_url={self.base_url!r}, login={self._login!r}, password={self._password!r})"

    @property
    def has_session(self) -> bool:
        return self._token is not None

    def login(self, http: httpx.Client) -> None:
        """Open and authenticate a session now through `http` (its retries, rate limit and logging apply)."""
        token = self.accept_open(http.send(self.open_request(), auth=None))
        self.accept_authentication(http.send(self.authenticate_request(token), auth=None))
        self._token = token

    async def alogin(self, http: httpx.AsyncClient) -> None:
        token = self.accept_open(await http.send(self.open_request(), auth=None))
        self.accept_authentication(await http.send(self.authenticate_request(token), auth=None))
        self._token = token

    def logout(self, http: httpx.Client) -> None:
        """End the session (when the API has an operation for it) and forget its token, even when the end
        is refused (its error is raised): a later call opens a new session rather than use this one."""
        request, self._token = self.deauthenticate_request(), None
        if request is not None:
            self._accept_logout(http.send(request, auth=None))

    async def alogout(self, http: httpx.AsyncClient) -> None:
        request, self._token = self.deauthenticate_request(), None
        if request is not None:
            self._accept_logout(await http.send(request, auth=None))

    def _flow(self, request: httpx.Request) -> Flow:
        """The call: a session's token (a Renewal step gets one), the request signed with it, and once more
        with a new one when the answer says the session is gone. The token this call signs with is held
        here: calls share self._token, which only ever holds an authenticated session's."""
        token = self._token
        if token is None:
            token = yield Renewal(None, request)
        response = yield self._signed(request, token)
        if self.session_ended(response):
            yield self._signed(request, (yield Renewal(token, request)))

    def _renewed(self, renewal: Renewal) -> Generator[httpx.Request, httpx.Response, Secret]:
        """A session's token in place of the stale one (under the driver's lock): the one another call
        opened meanwhile, else a new session's."""
        current = self._token
        if current is not None and current is not renewal.stale:
            return current
        return (yield from self._new_session())

    def open_request(self) -> httpx.Request:
        return httpx.Request(OPEN.method, self._url(OPEN), headers=_ACCEPT_JSON,
                             extensions={RETRYABLE: OPEN.retryable, AUTH_FLOW_REQUEST: True})  # fmt: skip

    def authenticate_request(self, token: Secret) -> httpx.Request:
        """The request that authenticates the session of `token` (accept_open's)."""
        credentials = {LOGIN_FIELD: self._login.reveal(), PASSWORD_FIELD: self._password.reveal()}
        url = self._url(AUTHENTICATE)
        extensions = {RETRYABLE: AUTHENTICATE.retryable, PASSWORD_FOR: url, AUTH_FLOW_REQUEST: True}
        if CREDENTIALS_IN == "query":
            request = httpx.Request(
                AUTHENTICATE.method, url, params=credentials, headers=_ACCEPT_JSON, extensions=extensions
            )
        elif CREDENTIALS_IN == "form":
            request = httpx.Request(
                AUTHENTICATE.method, url, data=credentials, headers=_ACCEPT_JSON, extensions=extensions
            )
        else:
            headers = {**_ACCEPT_JSON, "Content-Type": "application/json"}
            content = json.dumps(credentials).encode()
            request = httpx.Request(AUTHENTICATE.method, url, content=content, headers=headers, extensions=extensions)
        return self._signed(request, token)

    def deauthenticate_request(self) -> httpx.Request | None:
        token = self._token
        if DEAUTHENTICATE is None or token is None:
            return None
        request = httpx.Request(DEAUTHENTICATE.method, self._url(DEAUTHENTICATE), headers=_ACCEPT_JSON,
                                extensions={RETRYABLE: DEAUTHENTICATE.retryable, AUTH_FLOW_REQUEST: True})  # fmt: skip
        return self._signed(request, token)

    def accept_open(self, response: httpx.Response) -> Secret:
        """The token of a new session, not yet authenticated (not kept: the caller keeps it once
        accept_authentication passes); raise the typed error of a failed answer."""
        body = _successful_body(response)
        token = body.get(TOKEN_FIELD) if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise ApiError(response.status_code, f"the session answer has no {TOKEN_FIELD}", headers=response.headers)
        token_secret = Secret(token)
        del body, token  # a CredentialError's frame keeps only the Secret (for reporters that record locals)
        self._placement.check(token_secret, TOKEN)  # a token that cannot be sent fails the login
        return token_secret

    def accept_authentication(self, response: httpx.Response) -> None:
        """Check the session is authenticated now; else raise."""
        body = _successful_body(response)
        if AUTHENTICATED_POINTER is not None and _at(body, AUTHENTICATED_POINTER) != AUTHENTICATED_VALUE:
            raise ApiError(response.status_code, f"the session is not authenticated: {AUTHENTICATED_POINTER} is "
                           f"not {AUTHENTICATED_VALUE!r}", headers=response.headers)  # fmt: skip

    def session_ended(self, response: httpx.Response) -> bool:
        """Whether an answer says the session is gone (a 401, or an error code the profile names)."""
        if response.status_code == 401:
            return True
        if response.is_success or CODE_FIELD is None or not RENEW_ON_ERROR_CODES:
            return False
        try:
            body = _json_decoding.loads(response.content)
        except ValueError:
            return False
        return isinstance(body, dict) and body.get(CODE_FIELD) in RENEW_ON_ERROR_CODES

    def _new_session(self) -> Generator[httpx.Request, httpx.Response, Secret]:
        """Open and authenticate a session; its token, kept for every call once it is authenticated."""
        token = self.accept_open((yield self.open_request()))
        self.accept_authentication((yield self.authenticate_request(token)))
        self._token = token
        return token

    def _accept_logout(self, response: httpx.Response) -> None:
        response.read()
        if not response.is_success and not self.session_ended(response):  # one already gone is logged out too
            raise error_for_status(response.status_code, response.content, response.headers)

    def _url(self, call: SessionCall) -> str:
        return call.url if "://" in call.url else self.base_url + call.url

    def _signed(self, request: httpx.Request, token: Secret) -> httpx.Request:
        self._placement.sign(request, token)  # checked when the session answer gave it
        return request


def _successful_body(response: httpx.Response) -> Any:
    response.read()
    if not response.is_success:
        raise error_for_status(response.status_code, response.content, response.headers)
    try:
        return _json_decoding.loads(response.content)
    except ValueError:
        raise ApiError(response.status_code, "the answer is not JSON", headers=response.headers) from None


def _at(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901), or a marker that equals nothing when it is not there."""
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(document, dict) and key in document:
            document = document[key]
        elif isinstance(document, list) and key.isdigit() and int(key) < len(document):
            document = document[int(key)]
        else:
            return _MISSING
    return document
