"""Authentication, as httpx auth flows: an API key, or a login token that renews itself.

- ApiKeyAuth: the raw key in the Authorization header, with no prefix.
- TokenAuth: logs in with a username and password (POST /fabric/api/login), sends
  "Authorization: Bearer <token>", logs in again shortly before the token's expires_in runs out, and once
  more when a request is answered 401 (the token was revoked or expired early), then retries it once.
Credentials are kept in Secret objects, whose repr and str never show them.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Generator

import httpx

from .errors import ApiError, error_for_status


class Secret:
    """A credential: `reveal()` gives the value; repr, str and format give a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)


def as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class ApiKeyAuth(httpx.Auth):
    def __init__(self, api_key: str | Secret) -> None:
        self._api_key = as_secret(api_key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._api_key.reveal()
        yield request

    def __repr__(self) -> str:
        return f"ApiKeyAuth(api_key={self._api_key!r})"


DEFAULT_LOGIN_URL = "https://app.wearepatchworks.com/fabric/api/login"


class TokenAuth(httpx.Auth):
    """Bearer tokens from the login operation, renewed before they expire and once on a 401.

    `renew_before`: log in again when the token has less than this many seconds left (at most a tenth
    of its lifetime, for short-lived tokens). Two requests that find the token expiring at the same time
    may both log in; the later token wins, and both are valid.
    """

    requires_response_body = True

    def __init__(
        self,
        username: str | Secret,
        password: str | Secret,
        *,
        login_url: str = DEFAULT_LOGIN_URL,
        renew_before: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
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
        self.accept_login(http.send(self.login_request(), auth=None))

    async def alogin(self, http: httpx.AsyncClient) -> None:
        self.accept_login(await http.send(self.login_request(), auth=None))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self.has_valid_token:
            self.accept_login((yield self.login_request()))
        response = yield self._signed(request)
        if response.status_code == 401:
            self.accept_login((yield self.login_request()))
            yield self._signed(request)

    def login_request(self) -> httpx.Request:
        credentials = {
            "username": self._username.reveal(),
            "password": self._password.reveal(),
        }
        return httpx.Request(
            "POST",
            self.login_url,
            content=json.dumps(credentials).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )

    def accept_login(self, response: httpx.Response) -> None:
        """Keep the token of a login answer; raise the typed error of a failed one."""
        response.read()
        if not response.is_success:
            raise error_for_status(response.status_code, response.content, response.headers)
        try:
            body = response.json()
            token = body["token"]
            expires_in = float(body["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise ApiError(response.status_code, "the login answer has no token and expires_in",
                           headers=response.headers) from None  # fmt: skip
        self._token = Secret(str(token))
        self._renew_at = self._clock() + expires_in - min(self._renew_before, expires_in / 10)

    def _signed(self, request: httpx.Request) -> httpx.Request:
        assert self._token is not None  # accept_login set it or raised
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        return request
