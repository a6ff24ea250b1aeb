"""Login tokens, as an httpx auth flow: TokenAuth logs in with a username and password (POST
/fabric/api/login), sends the token in the Authorization header as "Bearer <token>", logs in again
shortly before the token's lifetime (expires_in) runs out, and once more when a request is answered
401 (the token was revoked or expired early), then sends that request once more. Calls that find the
token stale at the same time log in once, and the others take its token (_auth_renewing).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Generator

import httpx

from . import _json_decoding
from ._auth import AUTH_FLOW_REQUEST, PASSWORD_FOR, InHeader, Secret, as_secret
from ._auth_renewing import Flow, Renewal, RenewingAuth
from ._retry import RETRYABLE
from ._servers import served_at
from .errors import ApiError, error_for_status

# A client of the API's own host logs in at DEFAULT_LOGIN_URL; a client of another host (an emulator, a
# staging host) at LOGIN_PATH on that host, so that a password meant for it never goes to the API's.
DEFAULT_LOGIN_URL = "https://app.wearepatchworks.com/fabric/api/login"
LOGIN_PATH = "/fabric/api/login"
TOKEN_PLACEMENT = InHeader("Authorization", prefix="Bearer ")
USERNAME_FIELD = "username"
PASSWORD_FIELD = "password"
TOKEN_FIELD = "token"
EXPIRES_IN_FIELD: str | None = "expires_in"
TOKEN = f"the login answer's token ({TOKEN_FIELD})"  # how a CredentialError names it
# Whether a login that reached the server may be sent again (the login operation's retry setting).
LOGIN_RETRYABLE = False


class TokenAuth(RenewingAuth):
    """Tokens from the login operation, renewed before they expire and once on a 401.

    `renew_before`: log in again when the token has less than this many seconds left (at most a tenth
    of its lifetime, for short-lived tokens). Requests that find the token expiring, or answered 401, at
    the same time log in once: the others take the new token.
    """

    def __init__(
        self,
        username: str | Secret,
        password: str | Secret,
        *,
        login_url: str | None = None,
        renew_before: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._username = as_secret(username)
        self._password = as_secret(password)
        self.login_url = login_url
        self._renew_before = renew_before
        self._clock = clock
        self._token: Secret | None = None
        self._renew_at = 0.0

    def __repr__(self) -> str:
        return f"TokenAuth(login_url={self.login_url!r}, username={self._username!r}, password={self._password!r})"

    @property
    def has_valid_token(self) -> bool:
        return self._token is not None and self._clock() < self._renew_at

    def login(self, http: httpx.Client) -> None:
        """Log in now through `http` (its retries, rate limit and logging apply)."""
        self.accept_login(http.send(self.login_request(http.base_url), auth=None))

    async def alogin(self, http: httpx.AsyncClient) -> None:
        self.accept_login(await http.send(self.login_request(http.base_url), auth=None))

    def _flow(self, request: httpx.Request) -> Flow:
        """The call: a valid token (a Renewal step gets one), the request signed with it, and once more with
        a new one when it is answered 401. The token this call signs with is held here."""
        token = self._token
        if token is None or not self.has_valid_token:
            token = yield Renewal(token, request)
        response = yield self._signed(request, token)
        if response.status_code == 401:
            yield self._signed(request, (yield Renewal(token, request)))

    def _renewed(self, renewal: Renewal) -> Generator[httpx.Request, httpx.Response, Secret]:
        """A token in place of the stale one (under the driver's lock): the one another call logged in for
        meanwhile while it is valid, else a new login's."""
        current = self._token
        if current is not None and current is not renewal.stale and self.has_valid_token:
            return current
        self.accept_login((yield self.login_request(renewal.request.url)))
        assert self._token is not None  # accept_login set it or raised
        return self._token

    def login_url_for(self, served: httpx.URL | None = None) -> str:
        """Where a client whose requests go to `served` (by default the API's own host) logs in: `login_url`
        when given; else DEFAULT_LOGIN_URL for the API's own host (whatever its scheme or port), and
        LOGIN_PATH on any other host (its scheme and port; a path of the base URL is not kept: give
        login_url= for a login behind a path prefix)."""
        return self.login_url if self.login_url is not None else served_at(served, DEFAULT_LOGIN_URL, LOGIN_PATH)

    def login_request(self, served: httpx.URL | None = None) -> httpx.Request:
        """The login request of a client whose requests go to `served` (its base URL, or a request's URL)."""
        credentials = {USERNAME_FIELD: self._username.reveal(), PASSWORD_FIELD: self._password.reveal()}
        url = self.login_url_for(served)
        return httpx.Request(
            "POST",
            url,
            content=json.dumps(credentials).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            extensions={RETRYABLE: LOGIN_RETRYABLE, PASSWORD_FOR: url, AUTH_FLOW_REQUEST: True},
        )

    def accept_login(self, response: httpx.Response) -> None:
        """Keep the token of a login answer; raise the typed error of a failed one."""
        response.read()
        if not response.is_success:
            raise error_for_status(response.status_code, response.content, response.headers)
        try:
            body = _json_decoding.loads(response.content)
            token = body[TOKEN_FIELD]
            expires_in = math.inf if EXPIRES_IN_FIELD is None else float(body[EXPIRES_IN_FIELD])
            if not isinstance(token, str) or not expires_in >= 0:  # null, a number, an object; NaN, negative
                raise ValueError
        except (ValueError, KeyError, TypeError):
            expected = " and ".join(field for field in (TOKEN_FIELD, EXPIRES_IN_FIELD) if field)
            raise ApiError(response.status_code, f"the login answer has no {expected}",
                           headers=response.headers) from None  # fmt: skip
        token_secret = Secret(token)
        del body, token  # a CredentialError's frame keeps only the Secret (for reporters that record locals)
        TOKEN_PLACEMENT.check(token_secret, TOKEN)  # a token that cannot be sent fails the login
        # Its expiry first, then the token: a call that reads the new token reads its expiry too.
        self._renew_at = self._clock() + expires_in - min(self._renew_before, expires_in / 10)
        self._token = token_secret

    def _signed(self, request: httpx.Request, token: Secret) -> httpx.Request:
        TOKEN_PLACEMENT.sign(request, token)  # checked when the login answer gave it
        return request
