"""The run's credentials as a `requests` auth that schemathesis applies to every call it makes.

schemathesis sends its requests with `requests`, so the generated client's httpx auth flows cannot be
reused here; this is their counterpart: the raw API key in Authorization, or a login token ("Bearer
<token>") fetched from the login operation and fetched again before it expires.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests
from schemathesis.schemas import BaseSchema

from contract_tests.target import Credentials

# Log in again when this share of the token's lifetime has gone, well before a request could meet a 401.
RENEW_AFTER = 0.8


class LoginFailed(RuntimeError):
    """The login operation did not give a token; the message says what it answered (never the password)."""


class ApiKey(requests.auth.AuthBase):
    def __init__(self, credentials: Credentials) -> None:
        assert credentials.api_key is not None
        self._key = credentials.api_key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._key.reveal()
        return request

    def __repr__(self) -> str:
        return "ApiKey(********)"


class LoginToken(requests.auth.AuthBase):
    def __init__(self, credentials: Credentials, login_url: str, clock: Callable[[], float] = time.monotonic) -> None:
        assert credentials.username is not None and credentials.password is not None
        self._credentials = credentials
        self.login_url = login_url
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token()}"
        return request

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._log_in()
                self._renew_at = self._clock() + lifetime * RENEW_AFTER
            return self._token

    def _log_in(self) -> tuple[str, float]:
        assert self._credentials.username is not None and self._credentials.password is not None
        body = {"username": self._credentials.username.reveal(), "password": self._credentials.password.reveal()}
        try:
            response = requests.post(self.login_url, json=body, headers={"Accept": "application/json"}, timeout=30)
        except requests.RequestException as error:
            raise LoginFailed(f"logging in at {self.login_url} failed: {type(error).__name__}") from None
        try:
            answer = response.json()
            return str(answer["token"]), float(answer["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise LoginFailed(
                f"logging in at {self.login_url} answered {response.status_code} without a token and expires_in"
            ) from None

    def __repr__(self) -> str:
        return f"LoginToken(login_url={self.login_url!r})"


def authenticate(schema: BaseSchema, credentials: Credentials, *, login_url: str) -> requests.auth.AuthBase:
    """Make every call of the schema's tests (and stateful runs) carry the credentials; the auth used."""
    auth = ApiKey(credentials) if credentials.api_key is not None else LoginToken(credentials, login_url)
    schema.auth.set_from_requests(auth)
    return auth
