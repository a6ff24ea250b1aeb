"""API key and login-token authentication, including renewal before expiry and once on a 401."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import itertools
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from patchworks_core_client import (
    ApiKeyAuth,
    AuthenticatedClient,
    Client,
    CredentialError,
    RetryPolicy,
    TokenAuth,
    errors,
)
from patchworks_core_client.api.authentication import login
from patchworks_core_client.api.data_pools import get_data_pool
from patchworks_core_client.models import LoginRequest

from contract_tests.testing import FakeClock
from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import BASE_URL, CANARY_KEY, CANARY_PASSWORD, DATA_POOL

LOGIN_URL = "https://app.test/fabric/api/login"


class Server:
    """A login endpoint issuing token-1, token-2, ... and a data pool endpoint that accepts the valid tokens."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.expires_in = expires_in
        self.counter = itertools.count(1)
        self.valid: set[str] = set()
        self.logins: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL:
            self.logins.append(json.loads(request.content))
            if self.logins[-1]["password"] != CANARY_PASSWORD:
                return json_response(401, {"message": "These credentials do not match our records."})
            token = f"token-{next(self.counter)}"
            self.valid.add(token)
            return json_response(200, {"message": "ok", "token": token, "expires_in": self.expires_in})
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.valid:
            return json_response(401, {"message": "Unauthenticated."})
        return json_response(200, {"data": DATA_POOL})


def token_client(
    make_client: Callable[..., AuthenticatedClient], script: Script, clock: FakeClock
) -> tuple[AuthenticatedClient, TokenAuth]:
    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    return make_client(script, api_key=None, auth=auth), auth


def test_the_api_key_goes_raw_in_authorization(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(200, {"data": DATA_POOL}))
    get_data_pool.sync(7, client=make_client(script))
    assert script.last.headers["Authorization"] == CANARY_KEY


def test_a_copy_of_an_api_key_client_keeps_the_key(make_client: Callable[..., AuthenticatedClient]) -> None:
    """with_headers, with_cookies and with_timeout (attrs.evolve) pass the key and the auth made of it."""
    script = Script(json_response(200, {"data": DATA_POOL}))
    client = make_client(script)
    copies = [client.with_headers({"X-Trace": "t1"}), client.with_cookies({"c": "1"}),
              client.with_timeout(httpx.Timeout(3.0))]  # fmt: skip
    for copy in copies:
        assert type(copy) is AuthenticatedClient
        get_data_pool.sync(7, client=copy)
        assert script.last.headers["Authorization"] == CANARY_KEY
    assert script.last.headers.get("X-Trace") is None and copies[0].headers == {"X-Trace": "t1"}
    with pytest.raises(ValueError, match="not both"):  # another key's auth is still refused
        AuthenticatedClient(api_key=CANARY_KEY, auth=ApiKeyAuth("another-key"))


def test_login_logs_in_at_once_and_sends_the_bearer_token(make_client: Callable[..., AuthenticatedClient]) -> None:
    server = Server()
    transport = httpx.MockTransport(Script(server))
    client = AuthenticatedClient.login(
        "me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, base_url=BASE_URL, transport=transport, rate_limit=None
    )
    assert server.logins == [{"username": "me@example.com", "password": CANARY_PASSWORD}]
    assert get_data_pool.sync(7, client=client).data.id == 7
    assert len(server.logins) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_login_carries_the_clients_headers_and_keeps_its_own(mode: str) -> None:
    """httpx gives a client's headers only to the requests it builds; the flow's login (the first, and the
    one after a 401) gets them from the client's request hook: its User-Agent and a gateway's header given in
    headers=, but not its Authorization or Cookie, since the login goes to another host than the base URL's
    (LOGIN_URL). The login's own Accept and Content-Type stay, whatever headers= says."""
    server = Server()
    script = Script(server)
    transport = httpx.MockTransport(script)
    options: dict[str, Any] = {"login_url": LOGIN_URL, "base_url": BASE_URL, "rate_limit": None,
                               "headers": {"X-Gateway-Key": "gw-1", "Accept": "text/plain", "Cookie": "gw=1",
                                           "Authorization": "Basic Z3c=", "Content-Type": "text/plain"}}  # fmt: skip

    if mode == "sync":
        client = AuthenticatedClient.login("me@example.com", CANARY_PASSWORD, transport=transport, **options)
        get_data_pool.sync(7, client=client)
        server.valid.clear()  # the token was revoked: the call logs in again
        get_data_pool.sync(7, client=client)
    else:

        async def scenario() -> None:
            client = await AuthenticatedClient.alogin(
                "me@example.com", CANARY_PASSWORD, async_transport=transport, **options
            )
            await get_data_pool.asyncio(7, client=client)
            server.valid.clear()
            await get_data_pool.asyncio(7, client=client)

        asyncio.run(scenario())
    logins = [request for request in script.requests if str(request.url) == LOGIN_URL]
    assert len(logins) == 2
    for request in logins:
        assert request.headers["X-Gateway-Key"] == "gw-1"
        assert request.headers["User-Agent"].startswith("patchworks-core-client/")
        assert request.headers["Accept"] == "application/json"
        assert request.headers["Content-Type"] == "application/json"
        assert "Cookie" not in request.headers and "Authorization" not in request.headers  # another host
    call = script.last
    assert call.headers["X-Gateway-Key"] == "gw-1" and call.headers["Accept"] == "text/plain"


def test_a_wrong_password_fails_at_login_with_authentication_error() -> None:
    transport = httpx.MockTransport(Script(Server()))
    with pytest.raises(errors.AuthenticationError, match="do not match"):
        AuthenticatedClient.login("me@example.com", "wrong", login_url=LOGIN_URL, transport=transport, rate_limit=None)


def test_the_token_renews_itself_shortly_before_it_expires(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    server = Server(expires_in=600)
    script = Script(server)
    client, auth = token_client(make_client, script, clock)
    get_data_pool.sync(7, client=client)  # logs in first
    clock.advance(530)  # 70 s left: more than the 60 s margin
    get_data_pool.sync(7, client=client)
    assert len(server.logins) == 1
    clock.advance(15)  # 55 s left: renew before sending
    get_data_pool.sync(7, client=client)
    assert len(server.logins) == 2
    assert script.last.headers["Authorization"] == "Bearer token-2"
    assert auth.has_valid_token


def test_a_401_logs_in_again_once_and_retries_the_request(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    server = Server()
    script = Script(server)
    client, _ = token_client(make_client, script, clock)
    get_data_pool.sync(7, client=client)
    server.valid.clear()  # the token was revoked
    assert get_data_pool.sync(7, client=client).data.id == 7
    assert len(server.logins) == 2
    assert [r.url.path for r in script.requests[-3:]] == [
        "/api/v1/data-pool/7",
        "/fabric/api/login",
        "/api/v1/data-pool/7",
    ]


def test_a_second_401_is_raised_not_retried_forever(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    server = Server()
    rejecting = Script(
        lambda r: server(r) if r.url.path == "/fabric/api/login" else json_response(401, {"message": "no"})
    )
    client, _ = token_client(make_client, rejecting, clock)
    with pytest.raises(errors.AuthenticationError):
        get_data_pool.sync(7, client=client)
    assert len(server.logins) == 2
    assert len(rejecting.requests) == 4  # login, request, login again, request once more


def test_async_login_and_renewal(make_client: Callable[..., AuthenticatedClient], clock: FakeClock) -> None:
    server = Server(expires_in=100)
    transport = httpx.MockTransport(Script(server))

    async def scenario() -> None:
        client = await AuthenticatedClient.alogin(
            "me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, base_url=BASE_URL, async_transport=transport,
            rate_limit=None,
        )  # fmt: skip
        assert (await get_data_pool.asyncio(7, client=client)).data.id == 7
        server.valid.clear()
        assert (await get_data_pool.asyncio(7, client=client)).data.id == 7

    asyncio.run(scenario())
    assert len(server.logins) == 2


def test_async_calls_answered_401_together_log_in_once(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    server = Server()
    turns = itertools.cycle([0, 3, 1, 4, 2])

    async def answer(request: httpx.Request) -> httpx.Response:
        for _ in range(next(turns)):  # answers take unequal turns: the other calls' requests go in between
            await asyncio.sleep(0)
        return server(request)

    transport = httpx.MockTransport(answer)

    async def scenario() -> list[int]:
        auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
        client = AuthenticatedClient(base_url=BASE_URL, auth=auth, async_transport=transport, rate_limit=None)
        await get_data_pool.asyncio(7, client=client)
        server.valid.clear()  # the token was revoked: every call below is answered 401 first
        pools = await asyncio.gather(*(get_data_pool.asyncio(7, client=client) for _ in range(12)))
        return [pool.data.id for pool in pools]

    assert asyncio.run(scenario()) == [7] * 12
    assert len(server.logins) == 2  # the first login, and one the twelve share


def test_threads_that_find_the_token_expiring_together_log_in_once(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    server = Server(expires_in=600)
    arrived = threading.Barrier(8)
    lock = threading.Lock()

    def answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL and server.logins:
            time.sleep(0.05)  # a login takes a while: the other threads reach the renewal meanwhile
        with lock:
            return server(request)

    client, auth = token_client(make_client, Script(answer), clock)
    get_data_pool.sync(7, client=client)
    clock.advance(590)  # 10 s left: every call renews before it sends

    def call(_: int) -> int:
        arrived.wait(timeout=10)  # the eight find the token expiring together
        return get_data_pool.sync(7, client=client).data.id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert list(pool.map(call, range(8))) == [7] * 8
    assert len(server.logins) == 2  # the first login, and one for the eight, not eight
    assert auth.has_valid_token


def test_a_hook_that_calls_the_client_during_a_login_does_not_wait_on_itself(clock: FakeClock) -> None:
    """The login goes through the client's event hooks under the renewal lock; a hook that calls the API
    through the same client (an audit, say) renews on its own on the same thread, rather than hanging."""
    server = Server()
    nested: list[int] = []
    calling = threading.Event()

    def hook(response: httpx.Response) -> None:
        if response.request.url.path == "/fabric/api/login" and not calling.is_set():
            calling.set()  # once: the nested call's own login comes through here too
            nested.append(get_data_pool.sync(7, client=client).data.id)

    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    client = AuthenticatedClient(base_url=BASE_URL, auth=auth, transport=httpx.MockTransport(server), rate_limit=None,
                                 httpx_args={"event_hooks": {"response": [hook]}})  # fmt: skip
    answered: list[int] = []
    # A daemon thread: were the call to wait on itself, the test fails rather than hangs.
    call = threading.Thread(target=lambda: answered.append(get_data_pool.sync(7, client=client).data.id), daemon=True)
    call.start()
    call.join(timeout=10)
    assert (answered, nested) == ([7], [7])


def test_tasks_of_two_event_loops_each_get_their_loops_lock(clock: FakeClock) -> None:
    """One auth, used by a loop in each of two threads: each loop's tasks share one lock, whichever loop
    asked last (a lock kept for the last loop alone would give the first loop's next task a fresh one)."""
    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    first_held, other_asked = threading.Event(), threading.Event()
    seen: list[bool] = []

    async def loop_a() -> None:
        first = auth._loop_lock()
        async with first:
            first_held.set()
            await asyncio.get_running_loop().run_in_executor(None, other_asked.wait, 10)
            seen.append(auth._loop_lock() is first)

    async def loop_b() -> None:
        await asyncio.get_running_loop().run_in_executor(None, first_held.wait, 10)
        seen.append(auth._loop_lock() is not None)
        other_asked.set()

    threads = [threading.Thread(target=asyncio.run, args=(scenario(),), daemon=True) for scenario in (loop_a, loop_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(seen) == [True, True]


def test_calls_waiting_for_a_login_that_fails_get_its_error_and_send_no_login_of_their_own(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock
) -> None:
    """A refused password is sent once, not once a waiting call (an account may be locked after a few)."""
    server = Server()
    arrived = threading.Barrier(8)

    def answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL:
            time.sleep(0.05)  # the other calls queue for the renewal meanwhile
        return server(request)

    auth = TokenAuth("me@example.com", "wrong", login_url=LOGIN_URL, clock=clock)
    client = make_client(Script(answer), api_key=None, auth=auth)

    def call(_: int) -> str:
        arrived.wait(timeout=10)
        try:
            get_data_pool.sync(7, client=client)
        except errors.AuthenticationError as refused:
            return str(refused)
        return "no error"

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(call, range(8)))
    assert len(server.logins) == 1 and len(set(outcomes)) == 1 and "do not match" in outcomes[0]
    server.logins.clear()
    with pytest.raises(errors.AuthenticationError):  # a call that comes later tries again
        get_data_pool.sync(7, client=client)
    assert len(server.logins) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_calls_waiting_for_a_login_that_gets_no_answer_share_its_timeout(mode: str, clock: FakeClock) -> None:
    """httpx closes the flow, rather than passing the error in, when a login gets no answer: the waiting
    calls get that timeout too, rather than each sending the password and waiting out one of their own."""
    logins: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL:
            logins.append(1)
            time.sleep(0.05)  # the other calls queue for the renewal meanwhile
            raise httpx.ReadTimeout("no answer in time", request=request)
        raise AssertionError("no call gets past its login")

    async def async_answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL:
            logins.append(1)
            await asyncio.sleep(0.05)
            raise httpx.ReadTimeout("no answer in time", request=request)
        raise AssertionError("no call gets past its login")

    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    client = AuthenticatedClient(base_url=BASE_URL, auth=auth, transport=httpx.MockTransport(answer),
                                 async_transport=httpx.MockTransport(async_answer), rate_limit=None,
                                 retry=RetryPolicy(max_attempts=1))  # fmt: skip
    if mode == "sync":
        arrived = threading.Barrier(6)

        def call(_: int) -> str:
            arrived.wait(timeout=10)
            with pytest.raises(httpx.ReadTimeout) as failed:
                get_data_pool.sync(7, client=client)
            return str(failed.value)

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            outcomes = list(pool.map(call, range(6)))
    else:

        async def scenario() -> list[str]:
            results = await asyncio.gather(*(get_data_pool.asyncio(7, client=client) for _ in range(6)),
                                           return_exceptions=True)  # fmt: skip
            assert all(isinstance(result, httpx.ReadTimeout) for result in results), results
            return [str(result) for result in results]

        outcomes = asyncio.run(scenario())
    assert outcomes == ["no answer in time"] * 6 and len(logins) == 1


def test_a_login_the_flow_sends_has_the_calls_timeout(clock: FakeClock) -> None:
    """httpx gives the client's timeout only to the request it was asked to send, not to those an auth flow
    adds: a login host that never answers would hold every call forever."""
    server, logins = Server(), list[httpx.Request]()

    def answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == LOGIN_URL:
            logins.append(request)
        return server(request)

    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    client = AuthenticatedClient(base_url=BASE_URL, auth=auth, transport=httpx.MockTransport(answer),
                                 rate_limit=None, timeout=httpx.Timeout(3.0, connect=1.0))  # fmt: skip
    get_data_pool.sync(7, client=client)
    assert [login.extensions["timeout"] for login in logins] == [
        {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    ]


@pytest.mark.parametrize("answer", [{"token": None, "expires_in": 60}, {"token": 12345, "expires_in": 60},
                                    {"token": "t", "expires_in": -1}, {"token": "t", "expires_in": "NaN"}])  # fmt: skip
def test_a_login_answer_without_a_usable_token_or_lifetime_fails_the_login(answer: dict[str, Any]) -> None:
    transport = httpx.MockTransport(lambda request: json_response(200, {"message": "ok", **answer}))
    with pytest.raises(errors.ApiError, match="the login answer has no token and expires_in"):
        AuthenticatedClient.login("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, transport=transport,
                                  rate_limit=None)  # fmt: skip


def test_an_event_loop_that_ended_leaves_no_lock_behind(clock: FakeClock) -> None:
    """A lock a renewal contended for refers to its loop: kept by the auth, it would keep every closed loop
    of every asyncio.run alive."""
    server = Server()

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)  # the other tasks queue for the lock meanwhile
        return server(request)

    auth = TokenAuth("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, clock=clock)
    client = AuthenticatedClient(base_url=BASE_URL, auth=auth, async_transport=httpx.MockTransport(answer),
                                 rate_limit=None)  # fmt: skip

    async def scenario() -> None:
        server.valid.clear()
        await asyncio.gather(*(get_data_pool.asyncio(7, client=client) for _ in range(3)))

    for _ in range(3):
        asyncio.run(scenario())
    gc.collect()
    assert len(auth._loop_locks) == 0 and len(server.logins) == 3


@pytest.mark.parametrize("status", [307, 308])
def test_a_login_redirected_to_another_host_is_refused_not_sent_there(status: int) -> None:
    """httpx copies a body along a 307/308 redirect to any host: the password would go with it."""
    server, sent = Server(), list[httpx.Request]()

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if str(request.url) == LOGIN_URL:
            return httpx.Response(status, headers={"Location": "https://elsewhere.test/collect"})
        if str(request.url) == "https://app.test/moved/login":
            return server(httpx.Request("POST", LOGIN_URL, content=request.content))
        return server(request)

    transport = httpx.MockTransport(answer)
    with pytest.raises(CredentialError) as refused:
        AuthenticatedClient.login("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, transport=transport,
                                  follow_redirects=True, rate_limit=None)  # fmt: skip
    assert str(refused.value) == (
        "the request with the password, for app.test, was redirected to https://elsewhere.test: it is not sent there"
    )
    assert [request.url.host for request in sent] == ["app.test"] and CANARY_PASSWORD not in str(refused.value)
    # On its own host, the redirect is followed (a login moved to another path).
    moved = httpx.MockTransport(lambda request: answer(request) if request.url.path != "/fabric/api/login"
                                else httpx.Response(status, headers={"Location": "/moved/login"}))  # fmt: skip
    client = AuthenticatedClient.login("me@example.com", CANARY_PASSWORD, login_url=LOGIN_URL, transport=moved,
                                       follow_redirects=True, rate_limit=None, base_url=BASE_URL)  # fmt: skip
    assert client.auth is not None and len(server.logins) == 1


def test_a_client_without_credentials_is_refused() -> None:
    with pytest.raises(ValueError, match="needs api_key"):
        AuthenticatedClient()
    with pytest.raises(ValueError, match="not both"):
        AuthenticatedClient(api_key="k", auth=TokenAuth("u", "p"))


def recorded_logins(requests: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    """A host that answers every login with a token and every other call with a data pool, noting each."""

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.path == "/fabric/api/login":
            return json_response(200, {"message": "ok", "token": "token-1", "expires_in": 3600})
        return json_response(200, {"data": DATA_POOL})

    return answer


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8080", "http://127.0.0.1:8080/", "https://staging.test"])
def test_a_client_of_another_host_logs_in_there_never_at_the_apis(base_url: str) -> None:
    """The password for an emulator or a staging host is not sent to the API's own login host."""
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(recorded_logins(sent))
    client = AuthenticatedClient.login("me", CANARY_PASSWORD, base_url=base_url, transport=transport, rate_limit=None)
    assert str(sent[0].url) == base_url.rstrip("/") + "/fabric/api/login"
    get_data_pool.sync(7, client=client)
    assert {request.url.host for request in sent} == {httpx.URL(base_url).host}
    # An auth made on its own logs in where the client's first request goes, too.
    sent.clear()
    own = AuthenticatedClient(auth=TokenAuth("me", CANARY_PASSWORD), base_url=base_url, transport=transport,
                              rate_limit=None)  # fmt: skip
    get_data_pool.sync(7, client=own)
    assert str(sent[0].url) == base_url.rstrip("/") + "/fabric/api/login"


def test_a_client_of_the_apis_own_host_logs_in_at_the_documented_login_host() -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(recorded_logins(sent))
    AuthenticatedClient.login("me", CANARY_PASSWORD, transport=transport, rate_limit=None)
    assert str(sent[0].url) == "https://app.wearepatchworks.com/fabric/api/login"
    sent.clear()
    AuthenticatedClient.login("me", CANARY_PASSWORD, base_url="https://core.wearepatchworks.com/", transport=transport,
                              rate_limit=None)  # fmt: skip
    assert str(sent[0].url) == "https://app.wearepatchworks.com/fabric/api/login"
    sent.clear()
    AuthenticatedClient.login("me", CANARY_PASSWORD, login_url=LOGIN_URL, base_url="http://127.0.0.1:1",
                              transport=transport, rate_limit=None)  # fmt: skip
    assert str(sent[0].url) == LOGIN_URL  # given: where it says


def test_the_apis_own_host_in_another_scheme_or_port_is_still_the_api() -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(recorded_logins(sent))
    for base_url in ("http://core.wearepatchworks.com", "https://CORE.wearepatchworks.com:443"):
        AuthenticatedClient.login("me", CANARY_PASSWORD, base_url=base_url, transport=transport, rate_limit=None)
        assert str(sent[-1].url) == "https://app.wearepatchworks.com/fabric/api/login", base_url


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://core.wearepatchworks.com", "https://app.wearepatchworks.com/fabric/api/login"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/fabric/api/login"),
        ("https://staging.test/api", "https://staging.test/fabric/api/login"),
    ],
)
def test_the_login_operation_goes_to_its_own_host_or_the_clients(base_url: str, expected: str) -> None:
    """The spec serves the login at the app host (its own servers): the operation's module, like
    AuthenticatedClient.login, sends it there for the API's host and to the client's host otherwise."""
    sent: list[httpx.Request] = []
    client = Client(base_url=base_url, transport=httpx.MockTransport(recorded_logins(sent)), rate_limit=None)
    answer = login.sync(client=client, body=LoginRequest(username="me", password=CANARY_PASSWORD))
    assert str(sent[-1].url) == expected and answer.token == "token-1"
    asyncio.run(
        login.asyncio(
            client=Client(
                base_url=base_url, async_transport=httpx.MockTransport(recorded_logins(sent)), rate_limit=None
            ),
            body=LoginRequest(username="me", password=CANARY_PASSWORD),
        )
    )
    assert str(sent[-1].url) == expected
