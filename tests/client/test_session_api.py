"""A made-up API with a session-token flow (as the profile's auth.token_flow kind session describes it):
open a session, authenticate it with a login and password (query parameters here, as the spec says),
send its token in the header by default or in the query on request, renew it when an answer's error
code says it is gone, and end it. One generation for the module, driven through httpx.MockTransport.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.layout import ApiLayout
from tests.client.conftest import Script, json_response
from tests.client.made_up import api_fragment, generated_package, module, mypy_strict
from tests.conftest import minimal_profile

API = "vault"
PROJECT, PACKAGE = "vault-client", "vault_client"
BASE_URL = "https://vault.test"
PASSWORD = "CANARY_VAULT_PASSWORD_a7c3"

SCHEMES = {
    "TokenInQuery": {"type": "apiKey", "in": "query", "name": "token"},
    "TokenInHeader": {"type": "apiKey", "in": "header", "name": "X-Vault-Token"},
}
SCHEMAS = {
    "Session": {"type": "object", "properties": {"token": {"type": "string"}, "authenticated": {"type": "object"}}},
    "Secret": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
    "Error": {"type": "object", "properties": {"code": {"type": "string"}, "parameters": {"type": "object"}}},
}
LogCapture = pytest.LogCaptureFixture
GONE = ["error.user.session_not_found", "error.user.not_authenticated"]


def answers(body: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    error = {"description": "An error", "content": content, "x-error-codes": codes}
    return {"200": {"description": "OK", "content": {"application/json": {"schema": body}}}, "400": error}


def vault_operation(path: str, method: str, **operation: Any) -> dict[str, Any]:
    return api_fragment("Vault API", SCHEMES, SCHEMAS, "Session" if "session" in path else "Secrets", path, method,
                        **operation)  # fmt: skip


SESSION = {"$ref": "#/components/schemas/Session"}
CREDENTIALS = [{"name": name, "in": "query", "required": True, "schema": {"type": "string"}}
               for name in ("login", "password")]  # fmt: skip
FRAGMENTS = [
    vault_operation("/api/session", "get", operationId="openSession", security=[], responses=answers(SESSION, [])),
    vault_operation("/api/session/authenticate", "post", operationId="authenticateSession", parameters=CREDENTIALS,
                    responses=answers(SESSION, ["error.user.login_failed", *GONE])),
    vault_operation("/api/session/deauthenticate", "post", operationId="deauthenticateSession",
                    responses=answers(SESSION, GONE)),
    vault_operation("/api/secrets", "get", operationId="listSecrets",
                    responses=answers({"type": "array", "items": {"$ref": "#/components/schemas/Secret"}}, GONE)),
]  # fmt: skip
PROFILE = minimal_profile(
    API,
    ["authenticateSession", "deauthenticateSession"],
    display_name="Vault API",
    env_prefix="VAULT_",
    client={"project": PROJECT, "package": PACKAGE, "version": "0.1.0"},
    auth={"token_flow": {
        "kind": "session", "open_operation": "openSession", "token_field": "token",
        "authenticate_operation": "authenticateSession", "login_parameter": "login", "password_parameter": "password",
        "deauthenticate_operation": "deauthenticateSession",
        "authenticated_check": {"pointer": "/authenticated/method", "equals": "vault"},
        "renew_on_error_codes": GONE,
    }},
    errors={"by": "code", "code_field": "code", "parameters_field": "parameters", "codes_extension": "x-error-codes"},
)  # fmt: skip


class Server:
    """Sessions token-1, token-2, ...: authenticated by login `me` with PASSWORD; secrets for those only."""

    def __init__(self, method: str = "vault") -> None:
        self.method = method
        self.counter = itertools.count(1)
        self.sessions: dict[str, bool] = {}  # token -> authenticated

    def token(self, request: httpx.Request) -> str:
        return str(request.headers.get("X-Vault-Token") or request.url.params.get("token", ""))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, token = request.url.path, self.token(request)
        if path == "/api/session":
            token = f"token-{next(self.counter)}"
            self.sessions[token] = False
            return json_response(200, {"token": token})
        if token not in self.sessions:
            return json_response(400, {"code": "error.user.session_not_found", "realm": "user"})
        if path == "/api/session/authenticate":
            if (request.url.params.get("login"), request.url.params.get("password")) != ("me", PASSWORD):
                return json_response(400, {"code": "error.user.login_failed", "realm": "user"})
            self.sessions[token] = True
            return json_response(200, {"token": token, "authenticated": {"method": self.method}})
        if path == "/api/session/deauthenticate":
            del self.sessions[token]
            return json_response(200, {"token": token})
        if not self.sessions[token]:
            return json_response(400, {"code": "error.user.not_authenticated", "realm": "user"})
        return json_response(200, [{"name": "db-password"}])


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@pytest.fixture
def vault(new_api: Callable[..., ApiLayout], generated_root: Path) -> Iterator[ModuleType]:
    with generated_package(new_api, generated_root, API, FRAGMENTS, PROFILE) as package:
        yield package


def logged_in(vault: ModuleType, script: Script, **options: Any) -> Any:
    transport = httpx.MockTransport(script)
    return vault.AuthenticatedClient.login("me", PASSWORD, base_url=BASE_URL, transport=transport, **options)


def list_secrets(vault: ModuleType) -> Any:
    return module(vault, "api.secrets.list_secrets")


def test_login_opens_and_authenticates_a_session_and_the_token_goes_in_the_header(vault: ModuleType) -> None:
    script = Script(Server())
    client = logged_in(vault, script)
    opened, authenticated = script.requests
    assert (opened.method, opened.url.path, "X-Vault-Token" in opened.headers) == ("GET", "/api/session", False)
    assert (authenticated.method, authenticated.url.path) == ("POST", "/api/session/authenticate")
    assert authenticated.headers["X-Vault-Token"] == "token-1"
    assert dict(authenticated.url.params) == {"login": "me", "password": PASSWORD}
    assert [secret.name for secret in list_secrets(vault).sync(client=client)] == ["db-password"]
    assert script.last.headers["X-Vault-Token"] == "token-1" and "token" not in script.last.url.params


def test_on_request_the_token_goes_in_the_query(vault: ModuleType) -> None:
    script = Script(Server())
    list_secrets(vault).sync(client=logged_in(vault, script, token_in_query=True))
    assert script.last.url.params["token"] == "token-1" and "X-Vault-Token" not in script.last.headers


def test_a_gone_session_is_renewed_once_and_the_call_repeated(vault: ModuleType) -> None:
    server = Server()
    script = Script(server)
    client = logged_in(vault, script)
    server.sessions.clear()  # the server forgot the session
    assert list_secrets(vault).sync(client=client)[0].name == "db-password"
    assert [r.url.path for r in script.requests[2:]] == [
        "/api/secrets", "/api/session", "/api/session/authenticate", "/api/secrets"
    ]  # fmt: skip
    assert script.last.headers["X-Vault-Token"] == "token-2"


def test_a_session_that_stays_unauthenticated_raises_its_error_not_a_loop(vault: ModuleType) -> None:
    server = Server()
    rejecting = Script(lambda r: json_response(400, {"code": "error.user.not_authenticated"})
                       if r.url.path == "/api/secrets" else server(r))  # fmt: skip
    client = logged_in(vault, rejecting)
    with pytest.raises(vault.errors.NotAuthenticatedError) as caught:
        list_secrets(vault).sync(client=client)
    assert caught.value.code == "error.user.not_authenticated"
    assert len(rejecting.requests) == 6  # open, authenticate, call, open, authenticate, call once more


def test_a_wrong_password_raises_its_code_at_login(vault: ModuleType) -> None:
    transport = httpx.MockTransport(Script(Server()))
    with pytest.raises(vault.errors.LoginFailedError):
        vault.AuthenticatedClient.login("me", "wrong", base_url=BASE_URL, transport=transport)


def test_an_answer_that_does_not_say_authenticated_fails_the_login(vault: ModuleType) -> None:
    transport = httpx.MockTransport(Script(Server(method="anonymous")))
    with pytest.raises(vault.errors.ApiError, match="/authenticated/method is not 'vault'"):
        vault.AuthenticatedClient.login("me", PASSWORD, base_url=BASE_URL, transport=transport)


def test_logout_ends_the_session_and_a_later_call_opens_another(vault: ModuleType) -> None:
    server = Server()
    script = Script(server)
    client = logged_in(vault, script)
    client.logout()
    assert script.last.url.path == "/api/session/deauthenticate" and server.sessions == {}
    assert not client.auth.has_session
    assert [secret.name for secret in list_secrets(vault).sync(client=client)] == ["db-password"]
    assert len(server.sessions) == 1 and client.auth.has_session


def test_alogout_ends_the_session(vault: ModuleType) -> None:
    server = Server()
    transport = httpx.MockTransport(Script(server))

    async def scenario() -> Any:
        client = await vault.AuthenticatedClient.alogin("me", PASSWORD, base_url=BASE_URL, async_transport=transport)
        assert len(server.sessions) == 1
        await client.alogout()
        return client

    assert not asyncio.run(scenario()).auth.has_session and server.sessions == {}


def test_logout_of_a_client_without_a_session_sends_nothing(vault: ModuleType) -> None:
    script = Script(Server())
    client = vault.AuthenticatedClient(auth=httpx.BasicAuth("u", "p"), base_url=BASE_URL,
                                       transport=httpx.MockTransport(script))  # fmt: skip
    client.logout()
    assert script.requests == []


GATEWAY_HEADERS = {"X-Gateway-Key": "gw-1", "Accept": "text/plain", "Authorization": "Basic Z3c=", "Cookie": "gw=1"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_sessions_own_requests_carry_the_clients_headers(vault: ModuleType, mode: str) -> None:
    """Opening, authenticating (at login and again once the session is gone) and ending the session: each
    request the flow builds itself, to the base URL's host, has the client's headers as the calls do (its
    User-Agent, a gateway's Authorization and Cookie given in headers=), and keeps its own Accept."""
    server = Server()
    script = Script(server)
    transport = httpx.MockTransport(script)
    if mode == "sync":
        client = logged_in(vault, script, headers=GATEWAY_HEADERS)
        server.sessions.clear()  # the server forgot the session: the call opens and authenticates another
        list_secrets(vault).sync(client=client)
        client.logout()
    else:

        async def scenario() -> None:
            client = await vault.AuthenticatedClient.alogin(
                "me", PASSWORD, base_url=BASE_URL, async_transport=transport, headers=GATEWAY_HEADERS
            )
            server.sessions.clear()
            await list_secrets(vault).asyncio(client=client)
            await client.alogout()

        asyncio.run(scenario())
    own = [request for request in script.requests if request.url.path.startswith("/api/session")]
    assert [request.url.path for request in own] == ["/api/session", "/api/session/authenticate"] * 2 + [
        "/api/session/deauthenticate"
    ]
    for request in own:
        assert request.headers["X-Gateway-Key"] == "gw-1", request.url.path
        assert request.headers["User-Agent"].startswith("vault-client/"), request.url.path
        assert request.headers["Accept"] == "application/json", request.url.path
        assert request.headers["Authorization"] == "Basic Z3c=" and request.headers["Cookie"] == "gw=1"
    assert [request.headers.get("X-Vault-Token") for request in own] == [None, "token-1", None, "token-2", "token-2"]
    call = next(request for request in script.requests if request.url.path == "/api/secrets")
    assert call.headers["Authorization"] == "Basic Z3c=" and call.headers["Accept"] == "text/plain"


def test_a_sessions_request_redirected_to_another_host_gets_no_credential_header_back(vault: ModuleType) -> None:
    """httpx runs request hooks for each hop of a redirect, and drops Authorization (for another host) and
    Cookie from the next: the first hop, to the base URL's host, has them; the hop to another host is not
    given them back, and carries the client's other headers, as a call's does."""
    server = Server()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "vault.test" and request.url.path == "/api/session":
            return httpx.Response(307, headers={"Location": "https://elsewhere.test/api/session"})
        return server(request)

    script = Script(answer)
    headers = {**GATEWAY_HEADERS, "X-Trace": "t-1"}
    logged_in(vault, script, headers=headers, follow_redirects=True)
    first, second = script.requests[:2]
    assert (first.url.host, second.url.host) == ("vault.test", "elsewhere.test")
    assert first.headers["X-Trace"] == second.headers["X-Trace"] == "t-1"
    assert first.headers["Authorization"] == "Basic Z3c=" and first.headers["Cookie"] == "gw=1"
    assert "Authorization" not in second.headers and "Cookie" not in second.headers


def test_async_login_and_renewal(vault: ModuleType) -> None:
    server = Server()
    transport = httpx.MockTransport(Script(server))

    async def scenario() -> list[str]:
        client = await vault.AuthenticatedClient.alogin("me", PASSWORD, base_url=BASE_URL, async_transport=transport)
        server.sessions.clear()
        return [secret.name for secret in await list_secrets(vault).asyncio(client=client)]

    assert asyncio.run(scenario()) == ["db-password"]


def test_concurrent_calls_after_the_session_is_gone_all_succeed(vault: ModuleType) -> None:
    """Calls in flight together renew the session; none is sent with a session not yet authenticated
    (another call's, opened but not authenticated), which the server would refuse as not_authenticated."""
    server = Server()
    sent_unauthenticated: list[str] = []
    turns = itertools.cycle([0, 3, 1, 4, 2])

    async def answer(request: httpx.Request) -> httpx.Response:
        for _ in range(next(turns)):  # answers take unequal turns: the other calls' requests go in between
            await asyncio.sleep(0)
        token = server.token(request)
        if request.url.path == "/api/secrets" and server.sessions.get(token) is False:
            sent_unauthenticated.append(token)
        return server(request)

    transport = httpx.MockTransport(answer)

    async def scenario() -> list[Any]:
        client = await vault.AuthenticatedClient.alogin("me", PASSWORD, base_url=BASE_URL, async_transport=transport)
        server.sessions.clear()  # the server forgot the session
        return await asyncio.gather(*(list_secrets(vault).asyncio(client=client) for _ in range(12)))

    assert [secrets[0].name for secrets in asyncio.run(scenario())] == ["db-password"] * 12
    assert sent_unauthenticated == []
    assert sorted(server.sessions) == ["token-2"]  # one renewal the twelve share (the server forgot token-1)


def test_threads_that_find_the_session_gone_together_open_one(vault: ModuleType) -> None:
    server = Server()
    lock = threading.Lock()
    arrived = threading.Barrier(8)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/secrets" and server.token(request) == "token-1":
            arrived.wait(timeout=10)  # every thread's call is answered "gone" together
        if request.url.path == "/api/session/authenticate":
            time.sleep(0.05)  # a renewal takes a while: the other threads get their "gone" meanwhile
        with lock:
            return server(request)

    client = logged_in(vault, Script(answer))
    server.sessions.clear()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        names = list(pool.map(lambda _: list_secrets(vault).sync(client=client)[0].name, range(8)))
    assert names == ["db-password"] * 8
    assert sorted(server.sessions) == ["token-2"]  # one session for the eight, not eight


def test_a_call_whose_session_another_call_renewed_takes_that_one(vault: ModuleType) -> None:
    server = Server()
    script = Script(server)
    client = logged_in(vault, script)
    auth = client.auth
    stale = auth._token
    server.sessions.clear()
    list_secrets(vault).sync(client=client)  # renews: token-2
    # A call signed with the old token before that renewal, answered "gone" after it: no third session.
    flow = auth.auth_flow(httpx.Request("GET", BASE_URL + "/api/secrets"))
    auth._token, renewed = stale, auth._token
    first = next(flow)
    auth._token = renewed
    resent = flow.send(server(first))
    assert resent.headers["X-Vault-Token"] == "token-2" and resent.url.path == "/api/secrets"
    assert sorted(server.sessions) == ["token-2"]


def test_the_token_does_not_follow_a_redirect_to_another_host(vault: ModuleType) -> None:
    """httpx drops Authorization on a redirect to another host but copies other headers: the session's
    header is dropped by the client itself."""
    server = Server()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "elsewhere.test":
            return json_response(200, [{"name": "moved"}])
        if request.url.path == "/api/secrets":
            return httpx.Response(302, headers={"Location": "https://elsewhere.test/api/secrets"})
        return server(request)

    script = Script(answer)
    client = logged_in(vault, script, follow_redirects=True)
    assert list_secrets(vault).sync(client=client)[0].name == "moved"
    redirected, moved = script.requests[-2:]
    assert redirected.headers["X-Vault-Token"] == "token-1"  # the API's own host gets it
    assert moved.url.host == "elsewhere.test" and "X-Vault-Token" not in moved.headers


@pytest.mark.parametrize(
    ("base_url", "location", "kept"),
    [
        ("https://vault.test", "http://vault.test/api/moved", False),  # a downgrade to plain http: never
        ("https://vault.test", "https://vault.test:8443/api/moved", False),  # another port is another origin
        ("http://vault.test", "https://vault.test/api/moved", True),  # the https upgrade httpx allows too
        ("https://vault.test", "https://vault.test/api/moved", True),
    ],
)
def test_the_token_follows_a_redirect_only_within_its_origin(
    vault: ModuleType, base_url: str, location: str, kept: bool
) -> None:
    server = Server()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/moved":
            return json_response(200, [{"name": "moved"}])
        if request.url.path == "/api/secrets":
            return httpx.Response(302, headers={"Location": location})
        return server(request)

    script = Script(answer)
    transport = httpx.MockTransport(script)
    client = vault.AuthenticatedClient.login("me", PASSWORD, base_url=base_url, transport=transport,
                                             follow_redirects=True)  # fmt: skip
    list_secrets(vault).sync(client=client)
    assert ("X-Vault-Token" in script.last.headers) is kept, location


def test_the_password_and_token_never_show_in_logs_or_reprs(vault: ModuleType, caplog: LogCapture) -> None:
    caplog.set_level(logging.DEBUG, logger=PACKAGE)
    client = logged_in(vault, Script(Server()), token_in_query=True)
    list_secrets(vault).sync(client=client)
    texts = [caplog.text, repr(client), repr(client.auth)]
    assert all(PASSWORD not in text and "token-1" not in text for text in texts)
    assert "/api/session/authenticate?login=me&password=%2A%2A%2A%2A%2A%2A%2A%2A" in caplog.text


def test_the_session_api_has_no_api_key_and_says_how_to_log_in(vault: ModuleType) -> None:
    with pytest.raises(ValueError, match=r"needs auth=\.\.\. \(or use AuthenticatedClient.login\)"):
        vault.AuthenticatedClient()
    assert not hasattr(vault, "ApiKeyAuth") and "SessionTokenAuth" in vault.__all__
    readme = (Path(vault.__file__ or "").parent.parent / "README.md").read_text(encoding="utf-8")
    assert 'AuthenticatedClient.login(os.environ["VAULT_LOGIN"], os.environ["VAULT_PASSWORD"])' in readme
    assert "`login(..., token_in_query=True)` sends the token as the token query parameter" in readme


def test_the_generated_client_is_mypy_strict_clean(vault: ModuleType) -> None:
    """The runtime pieces this API chose (and Patchworks does not use) are type-checked here."""
    checked = mypy_strict(vault)
    assert checked.returncode == 0, checked.stdout + checked.stderr
