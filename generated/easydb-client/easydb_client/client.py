"""The clients: `Client` for operations that need no credentials, `AuthenticatedClient` for the rest.

Each builds its httpx clients once, with these layers around the network transport (outermost first):

    auth flow (httpx.Auth: a session token that renews itself)
    RetryTransport        429 / 502 / 503 / 504 and connection errors, backoff with full jitter, Retry-After
    RateLimitedTransport  a token bucket (none by default), shared by sync and async calls
    LoggingTransport      method, path, status and duration at debug level; never headers or bodies
    httpx.HTTPTransport   (or the `transport` you give, e.g. httpx.MockTransport in tests); through a proxy
                          (httpx_args "proxy", or the environment's as httpx reads it) under the same layers
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable
from typing import Any, Self

import httpx
from attrs import define, evolve, field
from httpx._utils import get_environment_proxies

from ._auth import AUTH_FLOW_REQUEST, PASSWORD_FOR, CredentialError, Secret
from ._logging import AsyncLoggingTransport, LoggingTransport
from ._rate_limit import AsyncRateLimitedTransport, RateLimitedTransport, RateLimiter
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport

# No default base URL: each customer has a host of its own (https://easydb.example.com in the spec is an example).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# httpx_args that become transports under the layers (below), or join the client's own event hooks, rather
# than being passed on to httpx as they are.
_OWN_ARGS = frozenset({"transport", "proxy", "mounts", "event_hooks"})
# Headers a credential travels in besides Authorization, which httpx drops itself on a redirect to another
# host (and _with_client_headers does not give a request to another host); httpx copies every other header
# along, so these are dropped here from a request to another host.
CREDENTIAL_HEADERS: tuple[str, ...] = ("x-easydb-token",)
# Whether the client sends a password (a token flow's login or session authentication, an operation whose body
# holds a secret), which must not follow a redirect to another host (_auth.PASSWORD_FOR).
PASSWORD_REQUESTS = True
DEFAULT_HEADERS = {"Accept": "application/json", "User-Agent": "easydb-client/0.1.0"}


_DEFAULT_PORTS = {"http": 80, "https": 443}
# The client's headers an auth flow's own request is given only on the base URL's origin (_with_client_headers).
_KEPT_HOME = frozenset({b"authorization", b"cookie"})


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _with_client_headers(
    request: httpx.Request, sent_with: httpx.Client | httpx.AsyncClient | None, base_url: str
) -> None:
    """Give a request an auth flow built itself (_auth.AUTH_FLOW_REQUEST) the headers of the httpx client it
    is sent with that it lacks, as a call has them; but Authorization and Cookie only when it goes to
    `base_url`'s origin, as httpx drops them from a call redirected elsewhere: a login may go to a host of its
    own, and request hooks run for a redirect's request too. Its own (Accept, Content-Type, a token) stay."""
    if sent_with is not None and request.extensions.get(AUTH_FLOW_REQUEST):
        skipped = {name.lower() for name, _ in request.headers.raw}
        if not _at_home(request.url, base_url):  # only here: the hook runs for every request
            skipped |= _KEPT_HOME
        missing = [(name, value) for name, value in sent_with.headers.raw if name.lower() not in skipped]
        # raw, not items(): a repeated header stays two lines, and each its own spelling, as httpx sends a call's
        request.headers = httpx.Headers([*request.headers.raw, *missing])


@functools.lru_cache(maxsize=16)  # once a base URL, not once a request
def _home(base_url: str) -> tuple[str, str, int | None]:
    return _origin(httpx.URL(base_url))


def _at_home(url: httpx.URL, base_url: str) -> bool:
    """Whether a request goes where the credentials are meant for, by httpx's own rule for Authorization on
    a redirect: the base URL's origin (scheme, host and port), or its https upgrade (http:80 to https:443)."""
    home, there = _home(base_url), _origin(url)
    return there == home or (home == ("http", there[1], 80) and there == ("https", home[1], 443))


@define
class Client:
    """A client of the easydb 5 API.

    Attributes:
        base_url: Where the API is: your instance's URL (required; each customer has a host of its own).
        timeout: httpx timeouts (default: 30 s, 5 s to connect).
        retry: When and how long to retry; `RetryPolicy(max_attempts=1)` turns retries off.
        rate_limit: The client-side token bucket (none by default); None turns it off.
        raise_on_unexpected_status: Raise UnexpectedStatus for a status the spec does not document, from the
            `*_detailed` functions too (the others always raise for any error status).
        headers, cookies, verify_ssl, follow_redirects, httpx_args: passed on to httpx.
        transport, async_transport: the innermost transport (default: httpx's own over the network). A
            `transport` that can send async requests too (handle_async_request, as httpx.MockTransport has)
            is the async calls' as well when no async_transport is given: a test's mock is not bypassed by
            an async call that goes to the network. A "transport" in httpx_args is the innermost one of
            both (for async calls, it must have handle_async_request).
        auth: an httpx.Auth flow.
    """

    base_url: str = field(kw_only=True)
    timeout: httpx.Timeout = field(default=DEFAULT_TIMEOUT, kw_only=True)
    retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True)
    rate_limit: RateLimiter | None = field(default=None, kw_only=True)
    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    headers: dict[str, str] = field(factory=dict, kw_only=True, repr=False)
    cookies: dict[str, str] = field(factory=dict, kw_only=True, repr=False)
    verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, repr=False)
    follow_redirects: bool = field(default=False, kw_only=True, repr=False)
    httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, repr=False)
    transport: httpx.BaseTransport | None = field(default=None, kw_only=True, repr=False)
    async_transport: httpx.AsyncBaseTransport | None = field(default=None, kw_only=True, repr=False)
    auth: httpx.Auth | None = field(default=None, kw_only=True)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    @httpx_args.validator
    def _one_transport(self, _: Any, __: dict[str, Any]) -> None:
        self._transport_in_httpx_args()  # a transport given twice is an error here, not at the first request

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A new client with these headers added."""
        return evolve(self, headers={**self.headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        return evolve(self, cookies={**self.cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client as it is (none of the layers above are added)."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            given = self._transport_in_httpx_args() or self.transport  # the first refuses both
            inner = given or httpx.HTTPTransport(verify=self.verify_ssl)
            mounts = self._mounts(
                given, self._layered, lambda proxy: httpx.HTTPTransport(verify=self.verify_ssl, proxy=proxy)
            )
            hooks = self._event_hooks(self._request_hook)
            self._client = httpx.Client(
                transport=self._layered(inner), mounts=mounts, event_hooks=hooks, **self._httpx_options()
            )
        return self._client

    def _layered(self, inner: httpx.BaseTransport) -> httpx.BaseTransport:
        layered: httpx.BaseTransport = LoggingTransport(inner)
        if self.rate_limit is not None:
            layered = RateLimitedTransport(layered, self.rate_limit)
        return RetryTransport(layered, self.retry)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            given: Any = self.async_transport or self._transport_in_httpx_args()
            if given is not None and not callable(getattr(given, "handle_async_request", None)):
                where = "async_transport" if self.async_transport is not None else "httpx_args' transport"
                raise TypeError(
                    f"{where} ({type(given).__name__}) cannot send async requests: give the async calls an "
                    "httpx.AsyncBaseTransport with async_transport="
                )
            if given is None and callable(getattr(self.transport, "handle_async_request", None)):
                given = self.transport  # one that sends both (httpx.MockTransport): a test's mock is not bypassed
            inner = given or httpx.AsyncHTTPTransport(verify=self.verify_ssl)
            mounts = self._mounts(given, self._async_layered,
                                  lambda proxy: httpx.AsyncHTTPTransport(verify=self.verify_ssl, proxy=proxy))  # fmt: skip
            hooks = self._event_hooks(self._async_request_hook)
            self._async_client = httpx.AsyncClient(
                transport=self._async_layered(inner), mounts=mounts, event_hooks=hooks, **self._httpx_options()
            )
        return self._async_client

    def _async_layered(self, inner: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        layered: httpx.AsyncBaseTransport = AsyncLoggingTransport(inner)
        if self.rate_limit is not None:
            layered = AsyncRateLimitedTransport(layered, self.rate_limit)
        return AsyncRetryTransport(layered, self.retry)

    def _mounts(self, given: object, layered: Callable[[Any], Any], through: Callable[[Any], Any]) -> dict[str, Any]:
        """httpx's mounts, each under the layers (`layered`): a proxy's transport (`through(proxy)`) for each
        pattern _proxies gives, and httpx_args' own mounts. A mount of None is httpx's "the client's own
        transport" (the layered one): it stays None."""
        mounts = {
            pattern: None if proxy is None else layered(through(proxy))
            for pattern, proxy in self._proxies(given).items()
        }
        mounts.update({pattern: None if mounted is None else layered(mounted)
                       for pattern, mounted in self.httpx_args.get("mounts", {}).items()})  # fmt: skip
        return mounts

    def _proxies(self, given: object) -> dict[str, Any]:
        """The proxies httpx would use, by URL pattern (None: none for it): httpx_args' "proxy", else the
        environment's (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) when trust_env, as httpx reads them.
        httpx itself reads neither once it is given a transport, which the layers are: so they are read here,
        and each proxy's transport gets the same layers. None when a transport was given (a mock, say)."""
        proxy = self.httpx_args.get("proxy")
        if proxy is not None:
            return {"all://": proxy}  # a URL, a str or an httpx.Proxy (with its auth), as httpx takes it
        if given is not None or not self.httpx_args.get("trust_env", True):
            return {}
        # httpx's own reading of the environment (private, but the same in every httpx this package allows).
        return get_environment_proxies()

    def _event_hooks(self, request_hook: Any) -> dict[str, list[Any]]:
        """httpx_args' event hooks, with the client's own request hook first (httpx runs request hooks for
        every request it sends, a redirect's and an auth flow's too)."""
        given = self.httpx_args.get("event_hooks") or {}
        own = [request_hook] if CREDENTIAL_HEADERS or PASSWORD_REQUESTS else []
        return {**given, "request": [*own, *given.get("request", [])]}

    def _request_hook(self, request: httpx.Request) -> None:
        _with_client_headers(request, self._client, self.base_url)
        self._credentials_kept_home(request)

    async def _async_request_hook(self, request: httpx.Request) -> None:
        _with_client_headers(request, self._async_client, self.base_url)
        self._credentials_kept_home(request)

    def _credentials_kept_home(self, request: httpx.Request) -> None:
        """Drop the credential headers from a request that leaves the base URL's origin (a redirect to another
        host, or from https to http); refuse a password's request that leaves its own URL's origin."""
        bound = request.extensions.get(PASSWORD_FOR)
        if bound is not None:
            bound = str(httpx.URL(self.base_url).join(bound))  # an operation's is its URL as called: a path
            if not _at_home(request.url, bound):
                raise CredentialError(f"the request with the password, for {httpx.URL(bound).host}, was redirected "
                                      f"to {request.url.scheme}://{request.url.host}: it is not sent there")  # fmt: skip
        if CREDENTIAL_HEADERS and not _at_home(request.url, self.base_url):
            for name in CREDENTIAL_HEADERS:
                request.headers.pop(name, None)

    def _transport_in_httpx_args(self) -> Any:
        """httpx_args' "transport" (how openapi-python-client's clients are given a mock one): the innermost
        transport, below the layers, as `transport` is. Given both ways, it is an error, not a guess."""
        given = self.httpx_args.get("transport")
        if given is not None and (self.transport is not None or self.async_transport is not None):
            raise ValueError("a transport is given twice: as transport= (or async_transport=) and in httpx_args")
        return given

    def _httpx_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "cookies": self.cookies,
            "headers": {**DEFAULT_HEADERS, **self.headers},
            "timeout": self.timeout,
            "follow_redirects": self.follow_redirects,
            "auth": self.auth,
            **{name: value for name, value in self.httpx_args.items() if name not in _OWN_ARGS},
        }

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()

    # A with-block closes the client after; it does not enter the httpx client, which may already be open
    # (login() has sent a request through it) and which opens its connection pool when first used anyway.
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: Any) -> None:
        await self.aclose()


@define
class AuthenticatedClient(Client):
    """A client with credentials: `AuthenticatedClient.login(login, password)` for a session that renews
    itself.

    Credentials never appear in a repr, a log or an error.
    """

    def __attrs_post_init__(self) -> None:
        if self.auth is None:
            raise ValueError("AuthenticatedClient needs auth=... (or use AuthenticatedClient.login)")

    @classmethod
    def login(
        cls, login: str | Secret, password: str | Secret, *, base_url: str, token_in_query: bool = False, **options: Any
    ) -> AuthenticatedClient:
        """Open a session and authenticate it now (a wrong password raises the class of its error code
        here) and return a client whose session renews itself. The token goes raw in the x-easydb-token
        header; with `token_in_query=True`, as the token query parameter (a token in a URL ends up in
        access logs). The other options are those of Client."""
        # The flow's modules are imported with the first login, not with the package.
        from ._auth_session_token import SessionTokenAuth

        auth = SessionTokenAuth(login, password, base_url=base_url, token_in_query=token_in_query)
        del password  # the frame keeps only the Secret (for reporters that record locals)
        client = cls(auth=auth, base_url=base_url, **options)
        auth.login(client.get_httpx_client())
        return client

    @classmethod
    async def alogin(
        cls, login: str | Secret, password: str | Secret, *, base_url: str, token_in_query: bool = False, **options: Any
    ) -> AuthenticatedClient:
        """The async form of login()."""
        from ._auth_session_token import SessionTokenAuth

        auth = SessionTokenAuth(login, password, base_url=base_url, token_in_query=token_in_query)
        del password  # the frame keeps only the Secret (for reporters that record locals)
        client = cls(auth=auth, base_url=base_url, **options)
        await auth.alogin(client.get_async_httpx_client())
        return client

    def logout(self) -> None:
        """End the session on the server (where the API has a call for it) and forget its token: a later
        call opens a new one. Leaving a with-block does not end it (close() only closes the connections).
        A client whose auth is not the session login() made has none to end."""
        from ._auth_session_token import SessionTokenAuth

        if isinstance(self.auth, SessionTokenAuth):
            self.auth.logout(self.get_httpx_client())

    async def alogout(self) -> None:
        """The async form of logout()."""
        from ._auth_session_token import SessionTokenAuth

        if isinstance(self.auth, SessionTokenAuth):
            await self.auth.alogout(self.get_async_httpx_client())
