"""The run's credentials as a `requests` auth that schemathesis applies to every call it makes.

schemathesis sends its requests with `requests`, so the generated clients' httpx auth flows cannot be
reused here; this is their counterpart, chosen per API:
- where a credential goes comes from the spec's securitySchemes: an API key in its apiKey scheme (a
  header, else a query parameter); a token in the http bearer scheme ("Authorization: Bearer <token>"),
  else in an apiKey scheme (a header by default: a token in a URL ends up in access logs);
- how a token is obtained comes from the profile's auth.token_flow (specs/<api>/api.yaml):
  `login`: the login operation exchanges a user name and password (JSON body fields) for a token that
  expires after expires_in seconds; it is fetched again before then.
  `session`: the open operation gives a session token, the authenticate operation (the user name and
  password in its form body when the spec gives it one with those fields, else as query parameters; the
  token where the scheme says) authenticates it; when a call answers
  one of renew_on_error_codes (an expired or unknown session), a new session is opened and the call is
  sent again once; at the end the session is deauthenticated.
  The token flow's operations are where the spec says: their own server on a live host (the login host
  may not be the API's), the run's host otherwise, or <PREFIX>LOGIN_URL for the login.
An API whose token flow is a session has no API keys: its apiKey schemes are where the session token goes.

Every token the flow is given (a renewed one too) goes into the process's registry of secrets
(contract_tests/redaction.py: SECRETS) the moment it arrives, before any request carries it, so that no
writer of the run can show it. A credential that a header or a URL cannot carry (a line break, a control
character: a key copied with its newline) is refused before sending with InvalidCredential, naming the
header or parameter, never the value (requests' own error would quote it).
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests

from contract_tests import http as contract_http
from contract_tests import network
from contract_tests.api import ContractApi, ContractSetupError, SpecOperation
from contract_tests.redaction import SECRETS
from generator.openapi import pointer

if TYPE_CHECKING:  # schemathesis only for the annotation: `python -m contract_tests` imports this before pytest
    from schemathesis.schemas import BaseSchema

# Log in again when this share of the token's lifetime has gone, well before a request could meet a 401.
RENEW_AFTER = 0.8
TIMEOUT = 30.0
CONNECT_TIMEOUT = 3.0  # a host that answers at all accepts a connection far sooner; the run must not hang on one
# A user name shorter than this is not masked in reports: it is no secret, and masking it would mask every
# occurrence of its letters (a live secret that short is refused: contract_tests/target.py).
MIN_MASKED_LENGTH = 8


class LoginFailed(RuntimeError):
    """The token flow did not give a token; the message says what it answered (never the password)."""


class InvalidCredential(requests.exceptions.InvalidHeader):
    """A credential a header or query parameter cannot carry; the message names where it was to go."""


def unsendable(value: str) -> str | None:
    """What keeps a credential from being sent as it is (a line break, a control character, a space at
    either end), worded without the value; None when nothing does."""
    if any(char in "\r\n" for char in value):
        return "has a line break"  # a key copied from a file with its newline, most often
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "has a control character"
    if value != value.strip():
        return "has a space at its start or end"
    return None


class Secret:
    """A value that must not be printed: its repr and str are a mask; reveal() gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret(********)"

    __str__ = __repr__


@dataclass(frozen=True)
class Credentials:
    """An API key, or a user name and password for the token flow; never shown in a repr."""

    api_key: Secret | None = None
    username: Secret | None = None
    password: Secret | None = None
    login_url: str | None = None  # <PREFIX>LOGIN_URL: the login operation elsewhere than the spec says

    def values(self) -> list[str]:
        """The secret values themselves, for reports to mask wherever they might appear (a user name only
        when it is long enough to be masked as a whole: MIN_MASKED_LENGTH)."""
        username = self.username if self.username and len(self.username.reveal()) >= MIN_MASKED_LENGTH else None
        return [secret.reveal() for secret in (self.api_key, username, self.password) if secret is not None]


@dataclass(frozen=True)
class Placement:
    """Where a security scheme of the spec puts a credential."""

    scheme: str  # its name under components.securitySchemes, for messages
    location: str  # header or query
    name: str
    prefix: str = ""

    @classmethod
    def of(cls, name: str, scheme: dict[str, Any]) -> Placement | None:
        """The scheme's placement; None for a kind the run cannot fill (cookie, OAuth, ...)."""
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return cls(name, "header", "Authorization", "Bearer ")
        if kind == "apiKey" and scheme.get("in") in ("header", "query") and scheme.get("name"):
            return cls(name, str(scheme["in"]), str(scheme["name"]))
        return None

    def apply(self, request: requests.PreparedRequest, value: str) -> None:
        problem = unsendable(value)
        if problem is not None:
            where = f"the header {self.name}" if self.location == "header" else f"the query parameter {self.name}"
            raise InvalidCredential(f"the credential for {where} (security scheme {self.scheme}) {problem}: not sent")
        if self.location == "header":
            request.headers[self.name] = self.prefix + value
            return
        assert request.url is not None
        parts = urllib.parse.urlsplit(request.url)
        query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != self.name]
        query.append((self.name, self.prefix + value))
        request.url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _placements(api: ContractApi) -> list[Placement]:
    found = (Placement.of(name, scheme) for name, scheme in api.security_schemes().items())
    return [placement for placement in found if placement is not None]


def token_placement(api: ContractApi) -> Placement | None:
    """Where a token from the token flow goes: the bearer scheme, else an apiKey header, else a query one."""
    if api.profile.token_flow is None:
        return None
    placements = _placements(api)
    bearer = [p for p in placements if p.prefix]
    keys = sorted((p for p in placements if not p.prefix), key=lambda p: p.location != "header")
    return next(iter([*bearer, *keys]), None)


def key_placement(api: ContractApi) -> Placement | None:
    """Where an API key goes: an apiKey scheme (a header first) that does not carry the token; None when
    the API has no API keys."""
    flow = api.profile.token_flow or {}
    if flow.get("kind") == "session":
        return None
    token = token_placement(api)
    candidates = [p for p in _placements(api) if not p.prefix and p != token]
    return min(candidates, key=lambda p: p.location != "header", default=None)


class RunAuth(requests.auth.AuthBase):
    """What every auth of a run offers besides signing requests."""

    def bind(self, base_url: str) -> None:
        """The run's host, known once it is up: the token flow's operations are on it (on an emulator)."""

    def tokens(self) -> list[str]:
        """The tokens the run has been given so far, for reports to mask."""
        return []

    def close(self) -> None:
        """End what the auth opened (a session)."""


class ApiKey(RunAuth):
    def __init__(self, key: Secret, placement: Placement) -> None:
        self._key = key
        self.placement = placement

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self.placement.apply(request, self._key.reveal())
        return request

    def __repr__(self) -> str:
        return f"ApiKey(********, {self.placement.scheme})"


@dataclass
class _Token:
    value: str | None = None
    renew_at: float | None = None  # None: does not expire by time
    issued: list[str] = field(default_factory=list)


class _TokenAuth(RunAuth):
    """A token fetched on first use, kept in one place for all threads, fetched again when it is due."""

    def __init__(self, api: ContractApi, credentials: Credentials, placement: Placement, *, live: bool,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        if credentials.username is None or credentials.password is None:
            raise ContractSetupError(f"{api.name}: its token flow needs a user name and a password")
        self._api = api
        self._username = credentials.username
        self._password = credentials.password
        self._login_url = credentials.login_url
        self.placement = placement
        self._live = live
        self._clock = clock
        self._base_url: str | None = None
        self._lock = threading.Lock()
        self._token = _Token()

    def bind(self, base_url: str) -> None:
        self._base_url = base_url.rstrip("/")

    def tokens(self) -> list[str]:
        return list(self._token.issued)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self.placement.apply(request, self.token())
        return request

    def token(self) -> str:
        with self._lock:
            due = self._token.renew_at is not None and self._clock() >= self._token.renew_at
            if self._token.value is None or due:
                value, lifetime = self._fetch()
                SECRETS.register(value)  # before any request carries it, or any writer could show it
                self._token.value = value
                self._token.issued.append(value)
                self._token.renew_at = None if lifetime is None else self._clock() + lifetime * RENEW_AFTER
            return self._token.value

    def _renew(self, stale: str) -> str:
        """A new token in place of `stale` (unless another thread has renewed it already)."""
        with self._lock:
            if self._token.value == stale:
                self._token.value = None
        return self.token()

    def _fetch(self) -> tuple[str, float | None]:
        raise NotImplementedError

    def _operation(self, key: str) -> SpecOperation:
        flow = self._api.profile.token_flow or {}
        return self._api.operation(str(flow[key]), needed_by=f"auth.token_flow.{key}")

    def _url(self, operation: SpecOperation) -> str:
        if self._base_url is None and not (self._live and operation.own_server):
            raise RuntimeError(f"{type(self).__name__}: bind() the run's host before the first call")
        return operation.url(self._base_url or "", live=self._live)

    def _send(self, what: str, operation: SpecOperation, *, url: str | None = None, token: str | None = None,
              **kwargs: Any) -> dict[str, Any]:  # fmt: skip
        """One call of the token flow; its JSON answer, or LoginFailed saying what went wrong."""
        url = url or self._url(operation)
        request = requests.Request(operation.method, url, headers={"Accept": "application/json"}, **kwargs).prepare()
        if token is not None:
            self.placement.apply(request, token)
        try:
            with contract_http.session() as http:  # counted in the report, and a 429 waited out
                # Not redirected: a 307 or 308 would carry the password to whatever host it names.
                response = http.send(request, timeout=(CONNECT_TIMEOUT, TIMEOUT), allow_redirects=False)
        except requests.RequestException as error:
            raise LoginFailed(f"{what} at {url}: {network.describe(error)}") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not response.ok or not isinstance(answer, dict):
            raise LoginFailed(f"{what} at {url} answered {response.status_code}{self._error_code(answer)}")
        return answer

    def _error_code(self, answer: Any) -> str:
        """What an error answer says, for a message: its code (for errors by code), in parentheses."""
        if not isinstance(answer, dict):
            return " without a JSON object"
        errors = self._api.profile.errors
        code = answer.get(errors["code_field"]) if errors.get("by") == "code" else None
        return f" ({code})" if isinstance(code, str) else ""


class LoginToken(_TokenAuth):
    """token_flow kind `login`: the login operation's JSON body takes the user name and password."""

    def _fetch(self) -> tuple[str, float | None]:
        flow = self._api.profile.token_flow or {}
        login = self._operation("operation_id")
        url = self._login_url or self._url(login)
        body = {flow["username_field"]: self._username.reveal(), flow["password_field"]: self._password.reveal()}
        answer = self._send("logging in", login, url=url, json=body)
        lifetime_field = flow.get("expires_in_field")
        try:
            token = answer[flow["token_field"]]
            lifetime = None if lifetime_field is None else float(answer[lifetime_field])
        except (KeyError, TypeError, ValueError):
            token = None
        if not isinstance(token, str) or not token:
            fields = " and ".join(filter(None, (flow["token_field"], lifetime_field)))
            raise LoginFailed(f"logging in at {url} answered without {fields}")
        return token, lifetime

    def __repr__(self) -> str:
        return f"LoginToken(api={self._api.name!r}, {self.placement.scheme})"


class SessionToken(_TokenAuth):
    """token_flow kind `session`: open a session, then authenticate it with the user name and password."""

    def _fetch(self) -> tuple[str, float | None]:
        flow = self._api.profile.token_flow or {}
        opened = self._send("opening a session", self._operation("open_operation"))
        token = opened.get(flow["token_field"])
        if not isinstance(token, str) or not token:
            raise LoginFailed(f"opening a session answered without {flow['token_field']}")
        SECRETS.register(token)  # an unauthenticated session yet, but it is what authenticates next
        credentials = {flow["login_parameter"]: self._username.reveal(),
                       flow["password_parameter"]: self._password.reveal()}  # fmt: skip
        authenticate = self._operation("authenticate_operation")
        # In the form body where the operation has one with those fields (a password in a URL ends up in
        # access logs), else as query parameters.
        if _form_fields(self._api, authenticate) >= set(credentials):
            answer = self._send("authenticating the session", authenticate, token=token, data=credentials)
        else:
            answer = self._send("authenticating the session", authenticate, token=token, params=credentials)
        check = flow.get("authenticated_check")
        if check is not None and pointer(answer, check["pointer"], default=None) != check["equals"]:
            raise LoginFailed(f"authenticating the session at {self._url(authenticate)} answered without "
                              f"{check['pointer']} = {check['equals']!r}")  # fmt: skip
        return token, None  # a session lasts until the API says it has ended (renew_on_error_codes)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        sent = self.token()
        self.placement.apply(request, sent)

        def renew_when_ended(response: requests.Response, **kwargs: Any) -> requests.Response:
            return self._renew_when_ended(response, sent, **kwargs)

        request.register_hook("response", renew_when_ended)
        return request

    def _renew_when_ended(self, response: requests.Response, sent: str, **kwargs: Any) -> requests.Response:
        """A call that met an ended session (it was sent with `sent`): a new session, and the call once
        more (as the generated client does)."""
        flow = self._api.profile.token_flow or {}
        errors = self._api.profile.errors
        codes = flow.get("renew_on_error_codes") or []
        if response.ok or not codes or errors.get("by") != "code":
            return response
        try:
            code = response.json().get(errors["code_field"])
        except (ValueError, AttributeError):
            return response
        if code not in codes:
            return response
        fresh = self._renew(sent)
        again = response.request.copy()
        self.placement.apply(again, fresh)
        retried: requests.Response = response.connection.send(again, **kwargs)
        retried.history.append(response)
        retried.request = again
        return retried

    def close(self) -> None:
        flow = self._api.profile.token_flow or {}
        token = self._token.value
        if token is None or "deauthenticate_operation" not in flow:
            return
        self._token.value = None
        # Best effort: a session left open ends on the host's own schedule, and the run's result stands.
        try:
            self._send("ending the session", self._operation("deauthenticate_operation"), token=token)
        except LoginFailed:
            return

    def __repr__(self) -> str:
        return f"SessionToken(api={self._api.name!r}, {self.placement.scheme})"


def _form_fields(api: ContractApi, operation: SpecOperation) -> set[str]:
    """The fields of the operation's form body (application/x-www-form-urlencoded); none without one."""
    content = api.resolve(operation.definition.get("requestBody", {})).get("content", {})
    form = content.get("application/x-www-form-urlencoded")
    if not isinstance(form, dict):
        return set()
    return set(api.resolve(form.get("schema", {})).get("properties", {}))


def auth_for(api: ContractApi, credentials: Credentials, *, live: bool) -> RunAuth:
    """The auth that carries the run's credentials the way the API's spec and profile say."""
    if credentials.api_key is not None:
        placement = key_placement(api)
        if placement is None:
            raise ContractSetupError(f"{api.name}: its spec has no apiKey security scheme for an API key")
        return ApiKey(credentials.api_key, placement)
    flow = api.profile.token_flow
    token = token_placement(api)
    if flow is None or token is None:
        raise ContractSetupError(
            f"{api.name}: a user name and password need a token flow (auth.token_flow in {api.profile_file}) and "
            "a security scheme for its token (http bearer or apiKey) in the spec"
        )
    kind = LoginToken if flow["kind"] == "login" else SessionToken
    return kind(api, credentials, token, live=live)


def authenticate(schema: BaseSchema, api: ContractApi, credentials: Credentials, *, live: bool) -> RunAuth:
    """Make every call of the schema's tests (and stateful runs) carry the credentials; the auth used."""
    auth = auth_for(api, credentials, live=live)
    schema.auth.set_from_requests(auth)
    return auth
